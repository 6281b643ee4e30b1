import type { Queryable } from '../database.js';

export type SlackThreadKind = 'mention' | 'assistant';

export interface SlackThread {
  channelId: string;
  threadTs: string;
  teamId: string;
  kind: SlackThreadKind;
  context: Record<string, unknown>;
}

/** Remembers (or refreshes) a thread the bot takes part in, with its context. */
export async function saveSlackThread(db: Queryable, thread: SlackThread): Promise<void> {
  await db.query(
    `INSERT INTO slack_threads (channel_id, thread_ts, team_id, kind, context) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (channel_id, thread_ts) DO UPDATE SET context = EXCLUDED.context, updated_at = now()`,
    [thread.channelId, thread.threadTs, thread.teamId, thread.kind, JSON.stringify(thread.context)],
  );
}

export async function findSlackThread(db: Queryable, channelId: string, threadTs: string): Promise<SlackThread | undefined> {
  const { rows } = await db.query<{
    channel_id: string;
    thread_ts: string;
    team_id: string;
    kind: SlackThreadKind;
    context: Record<string, unknown>;
  }>(`SELECT channel_id, thread_ts, team_id, kind, context FROM slack_threads WHERE channel_id = $1 AND thread_ts = $2`, [
    channelId,
    threadTs,
  ]);
  const row = rows[0];
  return row
    ? { channelId: row.channel_id, threadTs: row.thread_ts, teamId: row.team_id, kind: row.kind, context: row.context }
    : undefined;
}
