import { message } from '../messages/index.js';
import type { AnswerSource } from '../answering/extractive-answer.js';
import { citedSources } from './cited-sources.js';
import type { AnswerGrant, StoredAnswer } from './conversation-store.js';
import { readRoom } from './room-audience.js';
import { grantOf, sameConversation, say, sayLine, type TurnContext } from './turn-context.js';

/** A share or feedback token's grant, when it is an answer's; null when it expired (the member was told). */
async function answerGrant(ctx: TurnContext, token: string): Promise<AnswerGrant | undefined | null> {
  const grant = await grantOf(ctx, token);
  if (grant === null) return null;
  return grant?.kind === 'answer' ? grant : undefined;
}

/**
 * Where a click on a private answer's button may come from: the room it was asked in (a Slack
 * ephemeral is shown there), or the asker's own private chat with the bot (a surface without
 * ephemerals, like Teams, sends a room's private replies there). The target is always the room the
 * token recorded, never a value in the button.
 */
function clickedWhereShown(ctx: TurnContext, grant: AnswerGrant): boolean {
  const where = ctx.turn.where;
  if (grant.recipient !== ctx.memberId) return false;
  return where.kind === 'dm' || sameConversation(grant.shownIn, where.address);
}

/**
 * Post to channel. The target is the room the answer was asked in (recorded with the token); the
 * click must come from there or the asker's private chat; the clicker must be the asker and one of
 * the room's readers, read again now; every cited document must be one every reader and the group
 * may see; and an answer is posted once per room however often the button is clicked.
 */
export async function handleShare(ctx: TurnContext, token: string): Promise<void> {
  const { store } = ctx.deps;
  const grant = await answerGrant(ctx, token);
  if (grant === null) return;
  if (!grant || grant.inRoom || !clickedWhereShown(ctx, grant)) {
    await sayLine(ctx, message('room.share_not_yours', ctx.language));
    return;
  }
  const room = grant.shownIn;
  const entry = await store.findAnswer(grant.auditId);
  if (!entry || entry.kind !== 'answer' || entry.memberId !== ctx.memberId || !entry.answerText || entry.invalidatedAt) {
    await sayLine(ctx, message('room.share_refused', ctx.language));
    return;
  }
  const workingGroupId = await store.workingGroupOf(room);
  if (!workingGroupId) {
    await sayLine(ctx, message('chat.post_no_channel', ctx.language));
    return;
  }
  await store.dropRoster(room);
  const audience = await readRoom(ctx.deps, room);
  if (audience.kind === 'private') {
    await sayLine(ctx, message(audience.reason === 'outsiders' ? 'room.share_outsiders' : 'room.share_unreadable', ctx.language));
    return;
  }
  if (!audience.readerIds.includes(ctx.memberId)) {
    await sayLine(ctx, message('room.share_not_yours', ctx.language));
    return;
  }
  const context = { kind: 'channel' as const, workingGroupId, readerIds: audience.readerIds };
  // One read of the room's scope: the check, then the posted citations' titles and labels.
  const catalog = await store.scopedCatalog({ memberId: ctx.memberId, context });
  const scope = new Set(catalog.map((document) => document.documentId));
  if (!entry.citedDocumentIds.every((id) => scope.has(id))) {
    await sayLine(ctx, message('room.share_refused', ctx.language));
    return;
  }
  if (!(await store.claimShare(entry.id, room))) {
    await sayLine(ctx, message('room.share_already', ctx.language));
    return;
  }
  await postShare(ctx, entry, grant, citedSources(catalog, entry.citedDocumentIds));
}

async function postShare(ctx: TurnContext, entry: StoredAnswer, grant: AnswerGrant, sources: AnswerSource[]): Promise<void> {
  const { store } = ctx.deps;
  const address = grant.shownIn;
  const feedbackToken = await store.issueToken({ kind: 'answer', auditId: entry.id, shownIn: address, recipient: null, inRoom: true });
  // Clicked in the room: into the turn's own thread. Clicked in the asker's private chat: into the room's thread it was asked in.
  const to =
    ctx.turn.where.kind === 'room'
      ? ({ kind: 'room' } as const)
      : ({ kind: 'channel', address, ...(grant.threadId ? { threadId: grant.threadId } : {}) } as const);
  const extractive = entry.model === null || entry.model === 'extractive';
  let posted;
  try {
    posted = await say(ctx, to, {
      kind: 'shared-answer',
      auditId: entry.id,
      text: entry.answerText ?? '',
      feedbackToken,
      language: ctx.language,
      sources,
      extractive,
    });
  } catch (error) {
    await store.releaseShare(entry.id, address);
    throw error;
  }
  if (posted.messageId) {
    await store.recordPost({
      address,
      messageId: posted.messageId,
      threadId: posted.threadId ?? grant.threadId ?? null,
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
  await rate(ctx, grant, rating);
}

async function rate(ctx: TurnContext, grant: AnswerGrant | undefined, rating: 'up' | 'down', comment?: string): Promise<void> {
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
    ...(comment ? { comment } : {}),
  });
  if (stored) await sayLine(ctx, message('chat.feedback_thanks', ctx.language));
}

/**
 * The platform's own 👍/👎 on a bot message (Teams' feedback loop): the answer is the one recorded
 * for that message in this conversation. In a DM only the answer's own asker may rate it; in a room,
 * one of its readers (read again now), as with the core's buttons.
 */
export async function handleMessageFeedback(
  ctx: TurnContext,
  feedback: { messageId: string; rating: 'up' | 'down'; comment?: string },
): Promise<void> {
  const { store } = ctx.deps;
  const address = ctx.turn.where.address;
  const post = await store.findPost(address, feedback.messageId);
  const entry = post?.auditId != null ? await store.findAnswer(post.auditId) : undefined;
  const inRoom = ctx.turn.where.kind === 'room';
  const grant: AnswerGrant | undefined = entry
    ? { kind: 'answer', auditId: entry.id, shownIn: address, recipient: inRoom ? null : entry.memberId, inRoom }
    : undefined;
  await rate(ctx, grant, feedback.rating, feedback.comment);
}

async function mayRate(ctx: TurnContext, grant: AnswerGrant): Promise<boolean> {
  if (!grant.inRoom) return grant.recipient === ctx.memberId;
  if (!sameConversation(grant.shownIn, ctx.turn.where.address)) return false;
  const audience = await readRoom(ctx.deps, grant.shownIn);
  return audience.kind === 'readers' && audience.readerIds.includes(ctx.memberId);
}
