import { message } from '../messages/index.js';
import { handleFeedback, handleMessageFeedback, handleShare } from './handle-answer-buttons.js';
import { handleCommand } from './handle-command.js';
import { handleQuestion } from './handle-question.js';
import { handleApprove, handleDiscard, handleGroupChoice, handleRegenerate } from './handle-summary.js';
import type { ConversationDeps, ConversationService } from './conversation-service.js';
import { memberOfSpeaker, readRoom } from './room-audience.js';
import type { Language } from '../retrieval/retrieved-chunk.js';
import type { ConversationAddress } from './roster-reader.js';
import { auditPlatformOf, languageOfText, sayLine, type TurnContext } from './turn-context.js';
import { spokenText, type Outbox, type Reply, type Turn } from './turn.js';

/** The reason written on posts withdrawn because a new reader may not see what they quote. */
export const ROOM_AUDIENCE_REASON = 'room_audience';

/** The text of a turn, for the reply language and for the audit row of an unknown identity. */
function textOf(turn: Turn): string {
  if (turn.what.kind === 'button') return `button:${turn.what.action}`;
  if (turn.what.kind === 'feedback') return `feedback:${turn.what.rating}`;
  return turn.what.text;
}

/** The conversation core: one service for every surface (issue 19.1). */
export function createConversationService(deps: ConversationDeps): ConversationService {
  return {
    async handle(turn, outbox) {
      const sent: Reply[] = [];
      const language = languageOfText(deps, spokenText(turn.what), turn.who.locale);
      const memberId = await memberOfSpeaker(deps, turn.who.platform, turn.who.workspace, turn.who.userId, turn.where.address.workspace);
      if (memberId === null) {
        await refuseUnknown(deps, turn, outbox, sent, language);
        return sent;
      }
      const ctx: TurnContext = {
        deps,
        turn,
        outbox,
        memberId,
        language: await replyLanguage(deps, turn, memberId, language),
        auditPlatform: auditPlatformOf(turn),
        sent,
      };
      await dispatch(ctx);
      return sent;
    },
    roomChanged: (address, change) => roomChanged(deps, address, change),
    async whoIs(who, address) {
      const memberId = await memberOfSpeaker(deps, who.platform, who.workspace, who.userId, address.workspace);
      return memberId === null ? undefined : deps.store.profile(memberId);
    },
  };
}

/**
 * The language to reply in: what the member wrote when there is enough of it to tell; for a click or
 * a short command ("summary lumeria"), the language they last asked in, then their client's locale.
 */
async function replyLanguage(deps: ConversationDeps, turn: Turn, memberId: string, fromText: Language): Promise<Language> {
  if (spokenText(turn.what).trim().split(/\s+/).length >= 4) return fromText;
  const remembered = await deps.store.memberLanguage(memberId).catch(() => null);
  return remembered ?? fromText;
}

/** An identity the directory does not map (or from a workspace the deployment does not list): how to get access, audited. */
async function refuseUnknown(deps: ConversationDeps, turn: Turn, outbox: Outbox, sent: Reply[], language: Language): Promise<void> {
  const text = textOf(turn).trim() || '(empty)';
  const platform = auditPlatformOf(turn);
  await deps.answer({ memberId: null, context: { kind: 'dm' }, question: text, platform, language, locale: turn.who.locale });
  await sayLine({ outbox, sent, language }, message('answer.no_access', language));
}

async function dispatch(ctx: TurnContext): Promise<void> {
  const what = ctx.turn.what;
  if (what.kind === 'question') {
    if (!what.text.trim()) return void (await sayLine(ctx, message('chat.empty_question', ctx.language)));
    return handleQuestion(ctx, what.text.trim(), what.onlyInKnownThread ?? false);
  }
  if (what.kind === 'command') return handleCommand(ctx, what.text);
  if (what.kind === 'feedback') return handleMessageFeedback(ctx, what);
  switch (what.action) {
    case 'share':
      return handleShare(ctx, what.token);
    case 'feedback-up':
    case 'feedback-down':
      return handleFeedback(ctx, what.token, what.action === 'feedback-up' ? 'up' : 'down');
    case 'approve':
      return handleApprove(ctx, what.token);
    case 'regenerate':
      return handleRegenerate(ctx, what.token);
    case 'discard':
      return handleDiscard(ctx, what.token);
    case 'choose-group':
      return handleGroupChoice(ctx, what.token);
  }
}

/**
 * A room's membership changed: the cached roster goes at once. When someone joined (or the room was
 * shared with another workspace), every earlier bot post there that quotes a document some reader
 * may not see, or every post when a reader is unknown or the roster unreadable, is withdrawn the way
 * a revocation withdraws it (posted_messages and the withdrawal dispatcher).
 */
async function roomChanged(
  deps: ConversationDeps,
  address: ConversationAddress,
  change: 'joined' | 'left' | 'shared' | 'unshared',
): Promise<{ withdrawn: number }> {
  await deps.store.dropRoster(address);
  if (change === 'left' || change === 'unshared') return { withdrawn: 0 };
  const posts = await deps.store.postsInRoom(address);
  if (posts.length === 0) return { withdrawn: 0 };
  const audience = await readRoom(deps, address);
  const workingGroupId = await deps.store.workingGroupOf(address);
  let visible = new Set<string>();
  if (audience.kind === 'readers' && workingGroupId && audience.readerIds[0]) {
    const context = { kind: 'channel' as const, workingGroupId, readerIds: audience.readerIds };
    visible = new Set(await deps.store.scopedDocumentIds({ memberId: audience.readerIds[0], context }));
  }
  const stale = posts.filter((post) => post.documentIds.some((id) => !visible.has(id))).map((post) => post.id);
  const withdrawn = stale.length > 0 ? await deps.store.requestWithdrawal(stale, ROOM_AUDIENCE_REASON) : 0;
  if (withdrawn > 0)
    deps.log?.info(
      { platform: address.platform, conversation: address.conversationId, withdrawn },
      'withdrew room posts a new reader may not see',
    );
  return { withdrawn };
}
