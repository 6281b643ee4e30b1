-- Slack threads the bot takes part in, keyed by channel and thread (never one app-global store):
-- a mention answered in a working group's channel keeps that channel's scope for follow-ups in the
-- thread, and an assistant thread keeps the context Slack sent when it started (which channel the
-- member was viewing). Any replica reads the same rows.
CREATE TABLE slack_threads (
  channel_id  text NOT NULL,
  thread_ts   text NOT NULL,
  team_id     text NOT NULL DEFAULT '',
  kind        text NOT NULL CHECK (kind IN ('mention', 'assistant')),
  context     jsonb NOT NULL DEFAULT '{}',
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, thread_ts)
);
