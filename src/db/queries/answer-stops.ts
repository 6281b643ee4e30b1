import type { Queryable } from '../database.js';

/** A thread whose answer is being written, and the time its question was asked (platform time, e.g. a Slack ts). */
export interface WatchedThread {
  conversationId: string;
  threadId: string;
  since: string;
}

/** Stops older than this can no longer concern an answer being written (streams end within minutes). */
const KEEP_STOPS_MS = 86_400_000;

/**
 * Records a member's Stop in a thread (the latest one wins), from whichever replica heard it, and
 * drops stops no answer can still be waiting on (Stop is a rare human click: the table stays tiny).
 */
export async function recordAnswerStop(
  db: Queryable,
  stop: { platform: string; conversationId: string; threadId: string; stoppedAt: string },
): Promise<void> {
  await db.query(
    `INSERT INTO answer_stops (platform, conversation_id, thread_id, stopped_at) VALUES ($1, $2, $3, $4::numeric)
     ON CONFLICT (platform, conversation_id, thread_id)
     DO UPDATE SET stopped_at = GREATEST(answer_stops.stopped_at, EXCLUDED.stopped_at), recorded_at = now()`,
    [stop.platform, stop.conversationId, stop.threadId, stop.stoppedAt],
  );
  await db.query(`DELETE FROM answer_stops WHERE recorded_at < now() - make_interval(secs => $1::double precision / 1000)`, [
    KEEP_STOPS_MS,
  ]);
}

/**
 * Which of these threads were stopped at or after their question: one query for every answer a
 * replica is writing (it polls this while streaming).
 */
export async function findStoppedThreads(db: Queryable, platform: string, threads: WatchedThread[]): Promise<WatchedThread[]> {
  if (threads.length === 0) return [];
  const { rows } = await db.query<{ conversation_id: string; thread_id: string; since: string }>(
    `SELECT t.conversation_id, t.thread_id, t.since::text AS since
       FROM unnest($2::text[], $3::text[], $4::numeric[]) AS t (conversation_id, thread_id, since)
       JOIN answer_stops s ON s.platform = $1 AND s.conversation_id = t.conversation_id
                          AND s.thread_id = t.thread_id AND s.stopped_at >= t.since`,
    [platform, threads.map((t) => t.conversationId), threads.map((t) => t.threadId), threads.map((t) => t.since)],
  );
  return rows.map((row) => ({ conversationId: row.conversation_id, threadId: row.thread_id, since: row.since }));
}
