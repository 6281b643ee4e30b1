import type { Queryable } from '../database.js';

export type ChatPlatform = 'slack' | 'teams' | 'web';

/** A bot message that quotes documents, as the adapter posted it. */
export interface PostedMessage {
  id: number;
  platform: ChatPlatform;
  auditId: number | null;
  draftId: string | null;
  conversationId: string;
  messageId: string;
  threadId: string | null;
  documentIds: string[];
  language: string;
  withdrawReason: string | null;
  withdrawAttempts: number;
}

interface Row {
  id: number | string;
  platform: ChatPlatform;
  audit_id: number | string | null;
  draft_id: string | null;
  conversation_id: string;
  message_id: string;
  thread_id: string | null;
  document_ids: string[];
  language: string;
  withdraw_reason: string | null;
  withdraw_attempts: number;
}

const COLUMNS = `id, platform, audit_id, draft_id, conversation_id, message_id, thread_id, document_ids, language, withdraw_reason, withdraw_attempts`;

const toMessage = (row: Row): PostedMessage => ({
  id: Number(row.id),
  platform: row.platform,
  auditId: row.audit_id === null ? null : Number(row.audit_id),
  draftId: row.draft_id,
  conversationId: row.conversation_id,
  messageId: row.message_id,
  threadId: row.thread_id,
  documentIds: row.document_ids,
  language: row.language,
  withdrawReason: row.withdraw_reason,
  withdrawAttempts: row.withdraw_attempts,
});

/** Records a posted answer or summary, so a later revocation can find and edit it. */
export async function recordPostedMessage(
  db: Queryable,
  message: Pick<PostedMessage, 'platform' | 'conversationId' | 'messageId' | 'documentIds'> &
    Partial<Pick<PostedMessage, 'auditId' | 'draftId' | 'threadId' | 'language'>>,
): Promise<number> {
  const { rows } = await db.query<{ id: number | string }>(
    `INSERT INTO posted_messages (platform, audit_id, draft_id, conversation_id, message_id, thread_id, document_ids, language)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (platform, conversation_id, message_id)
       DO UPDATE SET document_ids = EXCLUDED.document_ids, audit_id = COALESCE(EXCLUDED.audit_id, posted_messages.audit_id)
     RETURNING id`,
    [
      message.platform,
      message.auditId ?? null,
      message.draftId ?? null,
      message.conversationId,
      message.messageId,
      message.threadId ?? null,
      message.documentIds,
      message.language ?? 'en',
    ],
  );
  return Number(rows[0]?.id ?? 0);
}

/** Consent revoked or withheld: every posted message citing the document is to be withdrawn. */
export async function requestWithdrawalOfDocument(db: Queryable, documentId: string, reason: string): Promise<number> {
  const result = await db.query(
    `UPDATE posted_messages SET withdraw_requested_at = now(), withdraw_reason = $2
      WHERE $1 = ANY(document_ids) AND withdraw_requested_at IS NULL AND withdrawn_at IS NULL`,
    [documentId, reason],
  );
  return result.rowCount;
}

/**
 * Claims up to `limit` pending withdrawals for one platform: unclaimed, or claimed longer than
 * `ttlMs` ago by a replica that presumably died. `FOR UPDATE SKIP LOCKED` keeps two replicas off the
 * same row.
 */
export async function claimPendingWithdrawals(
  db: Queryable,
  platform: ChatPlatform,
  options: { limit: number; ttlMs: number },
): Promise<PostedMessage[]> {
  const { rows } = await db.query<Row>(
    `UPDATE posted_messages SET withdraw_claimed_at = now(), withdraw_attempts = withdraw_attempts + 1
      WHERE id IN (
        SELECT id FROM posted_messages
         WHERE platform = $1 AND withdraw_requested_at IS NOT NULL AND withdrawn_at IS NULL
           AND withdraw_attempts < 10
           AND (withdraw_claimed_at IS NULL OR withdraw_claimed_at < now() - make_interval(secs => $3::double precision / 1000))
         ORDER BY withdraw_requested_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
    [platform, options.limit, options.ttlMs],
  );
  return rows.map(toMessage);
}

export async function markWithdrawn(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE posted_messages SET withdrawn_at = now(), withdraw_error = NULL WHERE id = $1`, [id]);
}

/** The edit failed: released for a later retry (after the claim TTL), with the platform's error kept. */
export async function markWithdrawFailed(db: Queryable, id: number, error: string): Promise<void> {
  await db.query(`UPDATE posted_messages SET withdraw_error = $2 WHERE id = $1`, [id, error.slice(0, 500)]);
}

/** The posted messages of one answer's audit row (e.g. the answer a feedback button belongs to). */
export async function findPostedMessage(
  db: Queryable,
  platform: ChatPlatform,
  conversationId: string,
  messageId: string,
): Promise<PostedMessage | null> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM posted_messages WHERE platform = $1 AND conversation_id = $2 AND message_id = $3`,
    [platform, conversationId, messageId],
  );
  return rows[0] ? toMessage(rows[0]) : null;
}

/** The bot's posts in one conversation that quote documents and are neither withdrawn nor being withdrawn. */
export async function listLivePostsInConversation(
  db: Queryable,
  platform: ChatPlatform,
  conversationId: string,
): Promise<{ id: number; documentIds: string[] }[]> {
  const { rows } = await db.query<{ id: number | string; document_ids: string[] }>(
    `SELECT id, document_ids FROM posted_messages
      WHERE platform = $1 AND conversation_id = $2 AND withdraw_requested_at IS NULL AND withdrawn_at IS NULL
        AND cardinality(document_ids) > 0
      ORDER BY id`,
    [platform, conversationId],
  );
  return rows.map((row) => ({ id: Number(row.id), documentIds: row.document_ids }));
}

/** Marks posts for the withdrawal dispatcher, as a revocation does (a new reader may not see what they quote). */
export async function requestWithdrawalOfPosts(db: Queryable, ids: number[], reason: string): Promise<number> {
  const result = await db.query(
    `UPDATE posted_messages SET withdraw_requested_at = now(), withdraw_reason = $2
      WHERE id = ANY($1::bigint[]) AND withdraw_requested_at IS NULL AND withdrawn_at IS NULL`,
    [ids, reason],
  );
  return result.rowCount;
}
