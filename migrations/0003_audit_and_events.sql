-- The audit trail of every answer and draft, and the platform-event dedupe table.

CREATE TABLE audit_log (
  id              bigserial PRIMARY KEY,
  created_at      timestamptz NOT NULL DEFAULT now(),
  kind            text NOT NULL CHECK (kind IN ('answer', 'summary', 'refusal', 'consent', 'access_denied')),
  member_id       text,
  platform        text NOT NULL,
  context         text NOT NULL,
  question        text,
  chunk_ids       bigint[] NOT NULL DEFAULT '{}',
  document_ids    text[] NOT NULL DEFAULT '{}',
  cited_document_ids text[] NOT NULL DEFAULT '{}',
  consent_versions jsonb NOT NULL DEFAULT '{}',
  answer_text     text,
  model           text,
  prompt_version  text,
  latency_ms      integer,
  -- Set when consent for a cited document is later revoked or withheld.
  invalidated_at  timestamptz,
  invalidated_reason text,
  details         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_member_idx ON audit_log (member_id, created_at);
CREATE INDEX audit_log_created_idx ON audit_log (created_at);

-- Slack and Teams redeliver events; inserting the key is the claim that we handle it once.
CREATE TABLE processed_events (
  platform        text NOT NULL,
  event_key       text NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, event_key)
);

-- Teams proactive messaging needs the conversation reference captured from an earlier activity.
CREATE TABLE teams_conversation_references (
  conversation_id text PRIMARY KEY,
  tenant_id       text,
  team_id         text,
  channel_id      text,
  aad_object_id   text,
  reference       jsonb NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX teams_refs_channel_idx ON teams_conversation_references (channel_id);
CREATE INDEX teams_refs_user_idx ON teams_conversation_references (tenant_id, aad_object_id);
