-- A Teams conversation reference the Bot Connector refused with 403 (the user blocked the bot, or
-- the bot was removed from the conversation) is marked stale and no longer used for proactive
-- posts; the next activity from that conversation stores a fresh reference and clears the mark.
ALTER TABLE teams_conversation_references ADD COLUMN stale_at timestamptz;
ALTER TABLE teams_conversation_references ADD COLUMN stale_reason text;
