import type { Queryable } from '../database.js';
import type { ChatPlatform } from './posted-messages.js';

export interface ChannelPost {
  messageId: string;
  draftId: string | null;
  text: string;
  postedAt: Date;
  withdrawn: boolean;
}

/**
 * The summaries posted to one conversation, newest first, with their text (kept with the draft):
 * what the playground's channel view shows. A withdrawn post keeps its row but not its text.
 */
export async function listPostedSummaries(
  db: Queryable,
  platform: ChatPlatform,
  conversationId: string,
  limit = 20,
): Promise<ChannelPost[]> {
  const result = await db.query<{ message_id: string; draft_id: string | null; text: string | null; posted_at: Date; withdrawn: boolean }>(
    `SELECT p.message_id, p.draft_id, d.text, p.posted_at,
            (p.withdraw_requested_at IS NOT NULL OR p.withdrawn_at IS NOT NULL) AS withdrawn
       FROM posted_messages p
       JOIN summary_drafts d ON d.id = p.draft_id
      WHERE p.platform = $1 AND p.conversation_id = $2
      ORDER BY p.posted_at DESC, p.id DESC
      LIMIT $3`,
    [platform, conversationId, limit],
  );
  return result.rows.map((row) => ({
    messageId: row.message_id,
    draftId: row.draft_id,
    text: row.withdrawn ? '' : (row.text ?? ''),
    postedAt: new Date(row.posted_at),
    withdrawn: row.withdrawn,
  }));
}
