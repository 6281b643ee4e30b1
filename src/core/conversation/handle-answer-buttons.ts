import { message } from '../messages/index.js';
import type { AnswerGrant } from './conversation-store.js';
import { readRoom } from './room-audience.js';
import { grantOf, sameConversation, say, sayLine, type TurnContext } from './turn-context.js';

/** A share or feedback token's grant, when it is an answer's; null when it expired (the member was told). */
async function answerGrant(ctx: TurnContext, token: string): Promise<AnswerGrant | undefined | null> {
  const grant = await grantOf(ctx, token);
  if (grant === null) return null;
  return grant?.kind === 'answer' ? grant : undefined;
}

/**
 * Post to channel. The target is the conversation the click came from (never a value in the button),
 * which must be where the answer was shown; the clicker must be the asker and one of the room's
 * readers, read again now; every cited document must be one every reader and the group may see; and
 * an answer is posted once per room however often the button is clicked.
 */
export async function handleShare(ctx: TurnContext, token: string): Promise<void> {
  const { store } = ctx.deps;
  const where = ctx.turn.where;
  const grant = await answerGrant(ctx, token);
  if (grant === null) return;
  if (
    !grant ||
    grant.inRoom ||
    where.kind !== 'room' ||
    !sameConversation(grant.shownIn, where.address) ||
    grant.recipient !== ctx.memberId
  ) {
    await sayLine(ctx, message('room.share_not_yours', ctx.language));
    return;
  }
  const entry = await store.findAnswer(grant.auditId);
  if (!entry || entry.kind !== 'answer' || entry.memberId !== ctx.memberId || !entry.answerText || entry.invalidatedAt) {
    await sayLine(ctx, message('room.share_refused', ctx.language));
    return;
  }
  const workingGroupId = await store.workingGroupOf(where.address);
  if (!workingGroupId) {
    await sayLine(ctx, message('chat.post_no_channel', ctx.language));
    return;
  }
  await store.dropRoster(where.address);
  const audience = await readRoom(ctx.deps, where.address);
  if (audience.kind === 'private') {
    await sayLine(ctx, message(audience.reason === 'outsiders' ? 'room.share_outsiders' : 'room.share_unreadable', ctx.language));
    return;
  }
  if (!audience.readerIds.includes(ctx.memberId)) {
    await sayLine(ctx, message('room.share_not_yours', ctx.language));
    return;
  }
  const context = { kind: 'channel' as const, workingGroupId, readerIds: audience.readerIds };
  const scope = new Set(await store.scopedDocumentIds({ memberId: ctx.memberId, context }));
  if (!entry.citedDocumentIds.every((id) => scope.has(id))) {
    await sayLine(ctx, message('room.share_refused', ctx.language));
    return;
  }
  if (!(await store.claimShare(entry.id, where.address))) {
    await sayLine(ctx, message('room.share_already', ctx.language));
    return;
  }
  await postShare(ctx, entry, grant);
}

async function postShare(
  ctx: TurnContext,
  entry: { id: number; answerText: string | null; citedDocumentIds: string[] },
  grant: AnswerGrant,
): Promise<void> {
  const { store } = ctx.deps;
  const address = grant.shownIn;
  const feedbackToken = await store.issueToken({ kind: 'answer', auditId: entry.id, shownIn: address, recipient: null, inRoom: true });
  let posted;
  try {
    posted = await say(
      ctx,
      { kind: 'room' },
      { kind: 'shared-answer', auditId: entry.id, text: entry.answerText ?? '', feedbackToken, language: ctx.language },
    );
  } catch (error) {
    await store.releaseShare(entry.id, address);
    throw error;
  }
  if (posted.messageId) {
    await store.recordPost({
      address,
      messageId: posted.messageId,
      auditId: entry.id,
      documentIds: entry.citedDocumentIds,
      language: ctx.language,
    });
  }
  await sayLine(ctx, message('chat.posted', ctx.language));
}

/**
 * 👍/👎. Only the answer's recipient (a private answer) or a reader of the room it was posted in (read
 * again now) may rate it; the button carries an opaque token, never the answer's sequential id.
 */
export async function handleFeedback(ctx: TurnContext, token: string, rating: 'up' | 'down'): Promise<void> {
  const grant = await answerGrant(ctx, token);
  if (grant === null) return;
  const allowed = grant !== undefined && (await mayRate(ctx, grant));
  if (!grant || !allowed) {
    await sayLine(ctx, message('room.feedback_refused', ctx.language));
    return;
  }
  const stored = await ctx.deps.store.recordFeedback({
    auditId: grant.auditId,
    platform: ctx.turn.who.platform,
    memberId: ctx.memberId,
    rating,
  });
  if (stored) await sayLine(ctx, message('chat.feedback_thanks', ctx.language));
}

async function mayRate(ctx: TurnContext, grant: AnswerGrant): Promise<boolean> {
  if (!grant.inRoom) return grant.recipient === ctx.memberId;
  if (!sameConversation(grant.shownIn, ctx.turn.where.address)) return false;
  const audience = await readRoom(ctx.deps, grant.shownIn);
  return audience.kind === 'readers' && audience.readerIds.includes(ctx.memberId);
}
