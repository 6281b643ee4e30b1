-- Teams reminders exactly once across a crash: the Bot Connector cannot read a channel back, so a
-- delivery is marked in two phases. posting_started_at is written (by the claim holder) just before the
-- post and the row becomes 'sent' just after it. A claim that expires with posting_started_at set was
-- interrupted between the two: it may or may not have been posted, and it is skipped with that reason
-- rather than posted a second time. A failure the platform answered (so nothing was posted) clears it.
ALTER TABLE reminder_deliveries ADD COLUMN posting_started_at timestamptz;
