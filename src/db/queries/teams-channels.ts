import type { Queryable } from '../database.js';

/**
 * The directory as Teams sees it: which Teams channel belongs to which working group, and the names
 * chat commands use for Member States and groups.
 */

export interface TeamsChannel {
  teamId: string | null;
  channelId: string;
  workingGroupId: string | null;
}

/** The directory's row for a Teams channel (by its `19:…@thread.tacv2` id), if it is registered. */
export async function findTeamsChannel(db: Queryable, channelId: string): Promise<TeamsChannel | undefined> {
  const { rows } = await db.query<{ teams_team_id: string | null; teams_channel_id: string; working_group_id: string | null }>(
    `SELECT teams_team_id, teams_channel_id, working_group_id FROM channels WHERE teams_channel_id = $1`,
    [channelId],
  );
  const row = rows[0];
  return row ? { teamId: row.teams_team_id, channelId: row.teams_channel_id, workingGroupId: row.working_group_id } : undefined;
}

/** The Teams channel registered to a working group (where its approved summaries are posted). */
export async function findTeamsChannelOfGroup(db: Queryable, workingGroupId: string): Promise<TeamsChannel | undefined> {
  const { rows } = await db.query<{ teams_team_id: string | null; teams_channel_id: string; working_group_id: string }>(
    `SELECT teams_team_id, teams_channel_id, working_group_id FROM channels
      WHERE working_group_id = $1 AND teams_channel_id IS NOT NULL ORDER BY id LIMIT 1`,
    [workingGroupId],
  );
  const row = rows[0];
  return row ? { teamId: row.teams_team_id, channelId: row.teams_channel_id, workingGroupId: row.working_group_id } : undefined;
}

/** A Member State named in a command: its id, or its name (exactly, else as the only partial match), case-insensitive. */
export async function findMemberStateId(db: Queryable, text: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string; exact: boolean }>(
    `SELECT id, (lower(id) = lower($1) OR lower(name) = lower($1)) AS exact FROM member_states
      WHERE lower(id) = lower($1) OR lower(name) = lower($1)
         OR (length($1) >= 3 AND lower(name) LIKE '%' || lower($1) || '%')
      ORDER BY exact DESC, id LIMIT 2`,
    [text.trim()],
  );
  const [first, second] = rows;
  return first && (first.exact || !second) ? first.id : undefined;
}

/** A working group named in a command: its id, short name or name, case-insensitive. */
export async function findWorkingGroupId(db: Queryable, text: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM working_groups WHERE lower(id) = lower($1) OR lower(short_name) = lower($1) OR lower(name) = lower($1) ORDER BY id LIMIT 1`,
    [text.trim()],
  );
  return rows[0]?.id;
}

/** The groups a member chairs or co-chairs, by id. */
export async function groupsChairedBy(db: Queryable, memberId: string): Promise<string[]> {
  const { rows } = await db.query<{ working_group_id: string }>(
    `SELECT working_group_id FROM memberships WHERE member_id = $1 AND role IN ('chair', 'co-chair') ORDER BY working_group_id`,
    [memberId],
  );
  return rows.map((row) => row.working_group_id);
}
