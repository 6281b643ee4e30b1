-- Work a replica owes after acking a platform event (a question, a command, a button), recorded
-- before the ack so that a replica that dies (kill -9, OOM, a lost node) loses nothing: another
-- replica, or the same one restarted, claims the row once its lease has run out. The dedupe claim
-- stays processed_events (event_key is the first key inserted there for the delivery); this row
-- holds the platform's raw body and the kind of work, so any handler of that kind can run it again.
CREATE TABLE platform_work (
  id            bigserial PRIMARY KEY,
  platform      text NOT NULL,
  event_key     text NOT NULL,
  kind          text NOT NULL,
  payload       jsonb NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  -- Whoever holds an unexpired lease works on the row; the acking replica takes it at insert.
  lease_owner   text,
  lease_until   timestamptz,
  attempts      integer NOT NULL DEFAULT 1,
  -- Set as soon as the reply is out: a replica reclaiming the row then finishes it without answering again.
  replied_at    timestamptz,
  done_at       timestamptz,
  last_error    text,
  UNIQUE (platform, event_key)
);
-- What the claiming query scans: rows not done, oldest first.
CREATE INDEX platform_work_open_idx ON platform_work (lease_until, id) WHERE done_at IS NULL;
