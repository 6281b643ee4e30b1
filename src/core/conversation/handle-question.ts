import { message } from '../messages/index.js';
import type { AskContext } from '../types.js';
import { readRoom } from './room-audience.js';
import { addressOf, issue, say, type TurnContext } from './turn-context.js';
import type { CoreAnswer, Posted, PrivateReason, StreamSink } from './turn.js';

const REASON_LINE = { outsiders: 'room.private_outsiders', unreadable_roster: 'room.private_unreadable' } as const;

/** Answers in the asker's own scope and sends it to them alone (a DM, or privately in a room). */
export async function answerPrivately(
  ctx: TurnContext,
  question: string,
  options: { note?: string; offerShare?: boolean; stream?: boolean } = {},
): Promise<CoreAnswer> {
  const to = { kind: 'asker' } as const;
  const sink = options.stream ? ctx.outbox.stream?.(to) : undefined;
  const answer = await ask(ctx, question, { kind: 'dm' }, sink);
  const address = addressOf(ctx.turn);
  const threadId = ctx.turn.where.threadId;
  const grant = {
    kind: 'answer' as const,
    auditId: answer.auditId ?? 0,
    shownIn: address,
    ...(threadId ? { threadId } : {}),
    recipient: ctx.memberId,
    inRoom: false,
  };
  // A stopped answer asks for no feedback and offers no share.
  const token = answer.auditId !== null && !answer.stopped ? await issue(ctx, grant) : undefined;
  const posted = await say(ctx, to, {
    kind: 'answer',
    answer,
    ...(token ? { feedbackToken: token } : {}),
    ...(token && options.offerShare && answer.answerable ? { shareToken: token } : {}),
    ...(options.note ? { note: options.note } : {}),
  });
  // A private message that stays (a DM, a Teams 1:1 chat; not an ephemeral) is withdrawn on revocation like any other.
  await recordAnswerPost(ctx, answer, posted);
  return answer;
}

/** Records an answer's post where it landed: the turn's conversation, or the one the adapter says it used. */
async function recordAnswerPost(ctx: TurnContext, answer: CoreAnswer, posted: Posted): Promise<void> {
  if (answer.sources.length === 0 || !posted.messageId) return;
  const threadId = posted.address ? posted.threadId : (ctx.turn.where.threadId ?? posted.threadId);
  await ctx.deps.store.recordPost({
    address: posted.address ?? addressOf(ctx.turn),
    messageId: posted.messageId,
    threadId: threadId ?? null,
    ...(answer.auditId !== null ? { auditId: answer.auditId } : {}),
    documentIds: answer.sources.map((source) => source.documentId),
    language: answer.language,
  });
}

function ask(ctx: TurnContext, question: string, context: AskContext, sink?: StreamSink): Promise<CoreAnswer> {
  return ctx.deps.answer({
    memberId: ctx.memberId,
    context,
    question,
    platform: ctx.auditPlatform,
    locale: ctx.turn.who.locale,
    ...(sink ? { onToken: (token: string) => sink.onToken(token) } : {}),
    ...(sink?.signal ? { signal: sink.signal } : {}),
  });
}

/**
 * A question. In a DM: the asker's scope, to the asker. In a room: only a working group's registered
 * channel (or a thread the bot answered in one) is answered in the room, from what the group's
 * members AND every reader of the room may see; when a reader is unknown to the directory or the
 * roster cannot be read, the asker gets the answer privately with the reason. Any other room: private.
 */
export async function handleQuestion(ctx: TurnContext, question: string, onlyInKnownThread = false): Promise<void> {
  const where = ctx.turn.where;
  if (where.kind === 'dm') {
    await answerPrivately(ctx, question, { stream: true });
    return;
  }
  const remembered = where.threadId ? await ctx.deps.store.threadGroup(where.address, where.threadId) : undefined;
  if (onlyInKnownThread && remembered === undefined) return;
  const workingGroupId = remembered ?? (await ctx.deps.store.workingGroupOf(where.address));
  // A room's private answers stream when the surface can stream to the asker alone (a Teams 1:1 chat).
  if (!workingGroupId) {
    await answerPrivately(ctx, question, { stream: true });
    return;
  }
  const audience = await readRoom(ctx.deps, where.address);
  if (audience.kind === 'private') {
    await answerPrivately(ctx, question, { note: reasonLine(audience.reason, ctx), stream: true });
    return;
  }
  await answerInRoom(ctx, question, { kind: 'channel', workingGroupId, readerIds: audience.readerIds });
}

export function reasonLine(reason: PrivateReason, ctx: Pick<TurnContext, 'language'>): string {
  return message(REASON_LINE[reason], ctx.language);
}

async function answerInRoom(ctx: TurnContext, question: string, context: AskContext & { kind: 'channel' }): Promise<void> {
  const where = ctx.turn.where;
  const to = { kind: 'room' } as const;
  const answer = await ask(ctx, question, context, ctx.outbox.stream?.(to));
  const grant = { kind: 'answer' as const, auditId: answer.auditId ?? 0, shownIn: where.address, recipient: null, inRoom: true };
  const token = answer.auditId !== null && !answer.stopped ? await issue(ctx, grant) : undefined;
  const posted = await say(ctx, to, { kind: 'answer', answer, ...(token ? { feedbackToken: token } : {}) });
  await recordAnswerPost(ctx, answer, posted);
  const threadId = where.threadId ?? posted.threadId;
  if (threadId) await ctx.deps.store.rememberThread(where.address, threadId, context.workingGroupId);
  // Stop means stop: no second, private answer either.
  if (!answer.stopped) await moreInDm(ctx, question, context, answer);
}

/**
 * "More in a DM", one rule for every surface: compare the asker's own scope with the room's. Only
 * when the asker may see documents the room may not is a private answer computed (audited like any
 * answer); when it draws on such a document, the asker gets it privately with the note.
 */
async function moreInDm(ctx: TurnContext, question: string, roomContext: AskContext, roomAnswer: CoreAnswer): Promise<void> {
  const { store } = ctx.deps;
  const room = new Set(await store.scopedDocumentIds({ memberId: ctx.memberId, context: roomContext }));
  const own = await store.scopedDocumentIds({ memberId: ctx.memberId, context: { kind: 'dm' } });
  if (!own.some((id) => !room.has(id))) return;
  const privateAnswer = await ask(ctx, question, { kind: 'dm' });
  if (!privateAnswer.answerable || !privateAnswer.sources.some((source) => !room.has(source.documentId))) return;
  const grant = {
    kind: 'answer' as const,
    auditId: privateAnswer.auditId ?? 0,
    shownIn: addressOf(ctx.turn),
    recipient: ctx.memberId,
    inRoom: false,
  };
  const token = privateAnswer.auditId !== null ? await issue(ctx, grant) : undefined;
  const posted = await say(
    ctx,
    { kind: 'asker' },
    {
      kind: 'answer',
      answer: privateAnswer,
      note: message('room.more_privately', roomAnswer.language),
      ...(token ? { feedbackToken: token } : {}),
    },
  );
  await recordAnswerPost(ctx, privateAnswer, posted);
}
