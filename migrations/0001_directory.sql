-- The directory: who exists, which entity they belong to, which working groups they sit in,
-- and which chat identities and channels map to them. Imported from directory.yaml.

CREATE TABLE entities (
  id          text PRIMARY KEY,
  acronym     text NOT NULL,
  name        text NOT NULL,
  type        text NOT NULL
);

CREATE TABLE member_states (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  region      text
);

CREATE TABLE members (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  entity_id   text NOT NULL REFERENCES entities(id),
  title       text,
  email       text
);

CREATE TABLE working_groups (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  short_name  text,
  channel_ref text
);

CREATE TABLE memberships (
  member_id        text NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  working_group_id text NOT NULL REFERENCES working_groups(id) ON DELETE CASCADE,
  role             text NOT NULL CHECK (role IN ('chair', 'co-chair', 'member')),
  PRIMARY KEY (member_id, working_group_id)
);
CREATE INDEX memberships_group_idx ON memberships (working_group_id);

-- One row per chat account. workspace_id is the Slack team id or the Teams tenant id; '' when the
-- directory does not say (a single-workspace install), so the unique key still holds.
CREATE TABLE chat_identities (
  platform     text NOT NULL CHECK (platform IN ('slack', 'teams')),
  workspace_id text NOT NULL DEFAULT '',
  external_id  text NOT NULL,
  member_id    text NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  PRIMARY KEY (platform, workspace_id, external_id)
);
CREATE INDEX chat_identities_member_idx ON chat_identities (member_id);

-- A channel on either platform; working_group_id null means "not a working-group channel":
-- such channels only ever get private answers.
CREATE TABLE channels (
  id               text PRIMARY KEY,
  purpose          text,
  working_group_id text REFERENCES working_groups(id) ON DELETE SET NULL,
  slack_channel_id text UNIQUE,
  slack_name       text,
  teams_team_id    text,
  teams_channel_id text UNIQUE,
  teams_name       text
);
