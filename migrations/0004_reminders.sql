-- Reminder definitions and their deliveries. A delivery row per (reminder, event occurrence,
-- lead time, target); inserting it is the claim, so any number of replicas send each one once.

CREATE TABLE reminders (
  id               text PRIMARY KEY,
  title            text NOT NULL,
  working_group_id text,
  cron             text NOT NULL,
  timezone         text NOT NULL,
  duration_minutes integer NOT NULL DEFAULT 60,
  lead_times       text[] NOT NULL,
  message          text NOT NULL,
  targets          jsonb NOT NULL,
  paused           boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reminder_deliveries (
  id               bigserial PRIMARY KEY,
  reminder_id      text NOT NULL REFERENCES reminders(id) ON DELETE CASCADE,
  event_at         timestamptz NOT NULL,
  lead_time        text NOT NULL,
  send_at          timestamptz NOT NULL,
  platform         text NOT NULL CHECK (platform IN ('slack', 'teams')),
  target_key       text NOT NULL,
  status           text NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'skipped')),
  claimed_by       text,
  claim_expires_at timestamptz,
  attempts         integer NOT NULL DEFAULT 0,
  last_error       text,
  platform_message_id text,
  sent_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (reminder_id, event_at, lead_time, platform, target_key)
);
CREATE INDEX reminder_deliveries_status_idx ON reminder_deliveries (status, claim_expires_at);

-- node-cron's run coordinator: one row per scheduled tick, first inserter runs it.
CREATE TABLE scheduler_runs (
  run_key          text PRIMARY KEY,
  claimed_by       text,
  expires_at       timestamptz NOT NULL,
  completed_at     timestamptz
);
