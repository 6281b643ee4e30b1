-- Consultation-summary drafts requested by chairs; versioned, reviewed before posting.

CREATE TABLE summary_drafts (
  id               text PRIMARY KEY,
  working_group_id text NOT NULL REFERENCES working_groups(id),
  member_state_id  text NOT NULL REFERENCES member_states(id),
  requested_by     text NOT NULL REFERENCES members(id),
  version          integer NOT NULL DEFAULT 1,
  status           text NOT NULL CHECK (status IN ('draft', 'approved', 'posted', 'discarded')),
  text             text NOT NULL,
  citations        jsonb NOT NULL DEFAULT '[]',
  cited_document_ids text[] NOT NULL DEFAULT '{}',
  consent_versions jsonb NOT NULL DEFAULT '{}',
  model            text,
  prompt_version   text,
  invalidated_at   timestamptz,
  invalidated_reason text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX summary_drafts_group_idx ON summary_drafts (working_group_id, member_state_id);
