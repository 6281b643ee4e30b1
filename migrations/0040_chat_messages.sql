-- What the chat adapters posted, so revocation can reach back into chat, and members' feedback on answers.

-- One row per bot message that quotes documents (answers, posted summaries) on Slack, Teams or the
-- playground. Revoking or withholding consent for a cited document requests a withdrawal; every
-- replica's withdrawal dispatcher claims pending rows (claim + TTL, as reminder deliveries do) and
-- edits the message on its platform, so the edit happens once even with several replicas.
CREATE TABLE posted_messages (
  id                    bigserial PRIMARY KEY,
  platform              text NOT NULL CHECK (platform IN ('slack', 'teams', 'web')),
  audit_id              bigint REFERENCES audit_log (id),
  draft_id              text,
  -- Slack channel id, Teams conversation id, playground channel.
  conversation_id       text NOT NULL,
  -- Slack message ts, Teams activity id.
  message_id            text NOT NULL,
  thread_id             text,
  document_ids          text[] NOT NULL DEFAULT '{}',
  language              text NOT NULL DEFAULT 'en',
  posted_at             timestamptz NOT NULL DEFAULT now(),
  withdraw_requested_at timestamptz,
  withdraw_reason       text,
  withdraw_claimed_at   timestamptz,
  withdraw_attempts     integer NOT NULL DEFAULT 0,
  withdraw_error        text,
  withdrawn_at          timestamptz,
  UNIQUE (platform, conversation_id, message_id)
);
CREATE INDEX posted_messages_documents_idx ON posted_messages USING gin (document_ids);
CREATE INDEX posted_messages_pending_idx ON posted_messages (platform, withdraw_requested_at)
  WHERE withdraw_requested_at IS NOT NULL AND withdrawn_at IS NULL;

-- 👍/👎 on an answer, against its audit row; one vote per member and answer (the latest counts).
CREATE TABLE answer_feedback (
  id          bigserial PRIMARY KEY,
  audit_id    bigint NOT NULL REFERENCES audit_log (id),
  platform    text NOT NULL,
  member_id   text,
  rating      text NOT NULL CHECK (rating IN ('up', 'down')),
  comment     text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (audit_id, member_id)
);
