-- The conversation core (issue 19): rosters shared by every replica, opaque button tokens, and
-- one share per answer and room.

-- Who reads a room, as the platform last listed it. Trusted for a short while (the core's TTL) and
-- deleted at once on membership events, so every replica sees a change at the same moment.
CREATE TABLE room_rosters (
  platform         text NOT NULL,
  conversation_id  text NOT NULL,
  roster           jsonb NOT NULL,
  read_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, conversation_id)
);

-- What a button may do. Its value is the random token, never an answer's sequential id or a
-- channel id a client could change; the clicker and the conversation are checked again at the click.
CREATE TABLE button_tokens (
  token       text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  grant_data  jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Post to channel, once per answer and room however often it is clicked.
CREATE TABLE room_shares (
  audit_id         bigint NOT NULL,
  platform         text NOT NULL,
  conversation_id  text NOT NULL,
  shared_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (audit_id, platform, conversation_id)
);
