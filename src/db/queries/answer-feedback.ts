import type { Queryable } from '../database.js';

export type FeedbackRating = 'up' | 'down';

/**
 * 👍/👎 from any surface, stored against the answer's audit row. A member voting again on the same
 * answer replaces their vote. False when the audit row does not exist (a forged or stale button).
 */
export async function recordFeedback(
  db: Queryable,
  feedback: { auditId: number; platform: string; memberId: string | null; rating: FeedbackRating; comment?: string | null },
): Promise<boolean> {
  const { rows } = await db.query<{ id: number | string }>(
    `INSERT INTO answer_feedback (audit_id, platform, member_id, rating, comment)
     SELECT a.id, $2, $3, $4, $5 FROM audit_log a WHERE a.id = $1
     ON CONFLICT (audit_id, member_id) DO UPDATE SET rating = EXCLUDED.rating, comment = EXCLUDED.comment, created_at = now()
     RETURNING id`,
    [feedback.auditId, feedback.platform, feedback.memberId, feedback.rating, feedback.comment?.slice(0, 2_000) ?? null],
  );
  return rows.length > 0;
}

export async function feedbackFor(db: Queryable, auditId: number): Promise<{ up: number; down: number }> {
  const { rows } = await db.query<{ up: number; down: number }>(
    `SELECT count(*) FILTER (WHERE rating = 'up')::int AS up, count(*) FILTER (WHERE rating = 'down')::int AS down
       FROM answer_feedback WHERE audit_id = $1`,
    [auditId],
  );
  return rows[0] ?? { up: 0, down: 0 };
}
