import type { TurnContext } from 'botbuilder';
import { message } from '../../core/messages/index.js';
import type { AskContext } from '../../core/types.js';
import { listScopedDocumentIds } from '../../db/queries/access-scope.js';
import { postToChannelCard } from '../render-cards.js';
import { roomAddressOf } from '../teams-activity.js';
import type { Asker, TeamsBotDeps } from '../teams-bot-deps.js';
import { inPersonalChat } from '../teams-conversations.js';
import { scopeOf } from '../teams-identity.js';
import { answerActivity, postAnswer, recordPosted, renderResult } from '../teams-replies.js';
import { streamAnswer } from './stream-answer.js';

/** A question: in 1:1, in a working group's channel (with "more in a DM"), or elsewhere (answered privately). */
export async function askQuestion(deps: TeamsBotDeps, context: TurnContext, asker: Asker, question: string): Promise<void> {
  if (!question) {
    await context.sendActivity(message('chat.empty_question', asker.language));
    return;
  }
  const locale = context.activity.locale;
  if (asker.memberId === null) {
    // Unknown identity: the answer service writes the audit row and answers with how to get access.
    const result = await deps.answer({ memberId: null, context: { kind: 'dm' }, question, platform: 'teams', locale });
    await context.sendActivity(result.answer || message('answer.no_access', asker.language));
    return;
  }
  const memberId = asker.memberId;
  const askIn = (askContext: AskContext) => deps.answer({ memberId, context: askContext, question, platform: 'teams', locale });
  const scope = await scopeOf(deps.db, context.activity);

  if (scope.kind === 'personal') {
    if (deps.streaming) return streamAnswer(deps, context, asker, question);
    const result = await askIn({ kind: 'dm' });
    await postAnswer(deps.db, context, result, renderResult(result));
    return;
  }
  if (scope.kind === 'wg-channel') return answerInChannel(deps, context, asker, memberId, scope.workingGroupId, askIn);

  // Unregistered channels and group chats: a short public note, the answer in 1:1.
  await answerPrivately(deps, context, asker, await askIn({ kind: 'dm' }));
}

/** The answer in the asker's 1:1 chat (with the one-line reason, when the room decided it), a short note in the room. */
async function answerPrivately(
  deps: TeamsBotDeps,
  context: TurnContext,
  asker: Asker,
  result: Awaited<ReturnType<TeamsBotDeps['answer']>>,
  reason?: string,
): Promise<void> {
  await context.sendActivity(message('chat.sent_privately', result.language, { name: context.activity.from?.name ?? '' }));
  await inPersonalChat(deps, context, asker, (personal) =>
    postAnswer(deps.db, personal, result, renderResult(result, reason)).then(() => undefined),
  );
}

async function answerInChannel(
  deps: TeamsBotDeps,
  context: TurnContext,
  asker: Asker,
  memberId: string,
  workingGroupId: string,
  askIn: (askContext: AskContext) => ReturnType<TeamsBotDeps['answer']>,
): Promise<void> {
  // The room is the audience: every reader must map to a member, and the answer draws only on what all of them may see.
  const audience = await deps.rooms.read(roomAddressOf(context.activity));
  if (audience.kind === 'private') {
    const reason = message(audience.reason === 'outsiders' ? 'room.private_outsiders' : 'room.private_unreadable', asker.language);
    return answerPrivately(deps, context, asker, await askIn({ kind: 'dm' }), reason);
  }
  const channelContext: AskContext = { kind: 'channel', workingGroupId, readerIds: audience.readerIds };
  const inChannel = await askIn(channelContext);
  const channelScope = new Set(await listScopedDocumentIds(deps.db, { memberId, context: channelContext }));
  // Only when the asker may see documents the channel may not can a private answer say more;
  // otherwise no second answer is computed (nor audited, nor sent to a model).
  const ownScope = await listScopedDocumentIds(deps.db, { memberId, context: { kind: 'dm' } });
  const private_ = ownScope.some((id) => !channelScope.has(id)) ? await askIn({ kind: 'dm' }) : undefined;
  const moreInDm = private_ !== undefined && private_.answerable && private_.sources.some((s) => !channelScope.has(s.documentId));
  const rendered = renderResult(inChannel);
  if (moreInDm) rendered.text = `${rendered.text}\n\n${message('chat.more_in_dm', inChannel.language)}`;
  const response = await context.sendActivity(answerActivity(rendered));
  await recordPosted(deps.db, context.activity.conversation.id, response, inChannel, context.activity.id);
  if (moreInDm && private_) {
    const origin = { conversationId: context.activity.conversation.id, workingGroupId };
    const card = private_.auditId !== null ? postToChannelCard(private_.auditId, origin, private_.language) : undefined;
    await inPersonalChat(deps, context, asker, (personal) =>
      postAnswer(deps.db, personal, private_, renderResult(private_), card).then(() => undefined),
    );
  }
}
