import type { Queryable } from '../database.js';

/**
 * The working group a Slack channel is registered to in the directory: its id, or null when the
 * channel is not a working group's (registered for another purpose, or not at all).
 */
export async function workingGroupOfSlackChannel(db: Queryable, slackChannelId: string): Promise<string | null> {
  const { rows } = await db.query<{ working_group_id: string | null }>(
    `SELECT working_group_id FROM channels WHERE slack_channel_id = $1`,
    [slackChannelId],
  );
  return rows[0]?.working_group_id ?? null;
}

/** The Slack channel registered to a working group (where approved summaries go), or undefined. */
export async function slackChannelOfWorkingGroup(db: Queryable, workingGroupId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ slack_channel_id: string }>(
    `SELECT slack_channel_id FROM channels WHERE working_group_id = $1 AND slack_channel_id IS NOT NULL ORDER BY id LIMIT 1`,
    [workingGroupId],
  );
  return rows[0]?.slack_channel_id;
}

/** A Member State by id or by name (case-insensitive; a unique partial name also matches). */
export async function findMemberState(db: Queryable, text: string): Promise<{ id: string; name: string } | undefined> {
  const needle = text.trim().toLowerCase();
  if (!needle) return undefined;
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM member_states
      WHERE lower(id) = $1 OR lower(name) = $1 OR lower(name) LIKE '%' || $1 || '%'
      ORDER BY (lower(id) = $1 OR lower(name) = $1) DESC, name LIMIT 2`,
    [needle],
  );
  const [first, second] = rows;
  if (!first) return undefined;
  const exact = first.id.toLowerCase() === needle || first.name.toLowerCase() === needle;
  return exact || !second ? first : undefined;
}
