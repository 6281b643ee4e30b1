-- A member's Stop for the answer being written in a thread (Slack's agent_session_stopped), as
-- whichever replica received it recorded it: the replica writing that answer polls this while it
-- streams and cancels the model call. One row per thread, the latest stop; `stopped_at` is the
-- platform's event time (Slack's event_ts), so it compares with the question's own ts: a stop
-- applies to questions asked before it, never to the next question in the same thread.
CREATE TABLE answer_stops (
  platform         text NOT NULL,
  conversation_id  text NOT NULL,
  thread_id        text NOT NULL,
  stopped_at       numeric NOT NULL,
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, conversation_id, thread_id)
);
