import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';
import type { ConversationAddress } from '../core/conversation/roster-reader.js';
import type { Outbox, Posted, Reply, ReplyBody, Turn } from '../core/conversation/turn.js';
import { message } from '../core/messages/index.js';
import { languageOf } from './teams-activity.js';
import type { TeamsBotDeps } from './teams-bot-deps.js';
import { inConversation, noteFailure, personalSession, postInChannel, sendToMember } from './teams-conversations.js';
import { describeError } from './teams-errors.js';
import { plainText, renderReply, replyCard } from './render-reply.js';
import { openTeamsStream, type TeamsStream } from './teams-stream.js';

/** What kind of activity the turn came as: what Teams expects back decides where the asker's replies go. */
export type TeamsTurnKind = 'message' | 'card-action' | 'feedback';

export interface TeamsOutbox extends Outbox {
  /** The card that replaces the clicked one (an Action.Execute invoke's response). */
  responseCard(): Record<string, unknown> | undefined;
  /** Ends the turn: the asker's private chat, when one was opened for it, is let go. */
  close(): Promise<void>;
  /** The turn failed: a stream under way is ended. */
  abort(): void;
}

const languageOfBody = (body: ReplyBody): string => (body.kind === 'answer' ? body.answer.language : body.language);

/**
 * The Teams side of one turn. A personal chat is the asker's: private replies go there. In a channel
 * or group chat, where Teams has no private message, the asker's replies go to their 1:1 chat with
 * a short note in the room; the room's replies go in the turn's thread. After a click, the asker's
 * replies become the card that replaces the clicked one; after Teams' own 👍/👎 the asker is told
 * nothing (Teams shows its own thanks, and the invoke must be answered with an empty body).
 */
export function createTeamsOutbox(deps: TeamsBotDeps, context: TurnContext, turn: Turn, kind: TeamsTurnKind): TeamsOutbox {
  const activity = context.activity;
  const inRoom = turn.where.kind === 'room';
  const personal = personalSession(deps, context);
  const cards: ReplyBody[] = [];
  let noted = false;
  let streaming: TeamsStream | undefined;
  let personalAddress: ConversationAddress | undefined;

  /** Sends into the asker's 1:1 chat; a 403 there marks the chat's reference stale. */
  const sendPrivately = async (reply: Partial<Activity>): Promise<{ response?: ResourceResponse; address: ConversationAddress }> => {
    const chat = await personal.open();
    const conversationId = chat.activity.conversation.id;
    try {
      const response = await chat.sendActivity(reply);
      personalAddress = { platform: 'teams', workspace: turn.where.address.workspace, conversationId };
      return { ...(response ? { response } : {}), address: personalAddress };
    } catch (error) {
      await noteFailure(deps, conversationId, error);
      throw error;
    }
  };

  /**
   * In a room, the first private reply that is more than a line is announced there (no document text),
   * once it has been delivered: the first message the turn sends marks it replied (durable work), so a
   * note sent first and a replica lost before the private answer would leave the asker with nothing.
   */
  const noteInRoom = async (language: string) => {
    if (!inRoom || noted) return;
    noted = true;
    await context.sendActivity(message('chat.sent_privately', language, { name: activity.from?.name ?? '' }));
  };

  const toAsker = async (reply: Reply): Promise<Posted | void> => {
    if (kind === 'feedback') return;
    if (kind === 'card-action') {
      cards.push(reply.body);
      return;
    }
    const rendered = renderReply(reply.body);
    if (!inRoom) {
      const response = await context.sendActivity(rendered);
      return response?.id ? { messageId: response.id } : undefined;
    }
    const { response, address } = await sendPrivately(rendered);
    if (reply.body.kind !== 'line') await noteInRoom(languageOfBody(reply.body));
    return response?.id ? { messageId: response.id, address } : undefined;
  };

  return {
    stream(to) {
      // Teams streams in 1:1 chats only: the asker's answer of a message turn, in their own chat.
      if (!deps.streaming || kind !== 'message' || to.kind !== 'asker') return undefined;
      const language = languageOf(activity);
      const send = async (update: Partial<Activity>) => (inRoom ? (await sendPrivately(update)).response : context.sendActivity(update));
      const stream = openTeamsStream(send, { intervalMs: deps.streamIntervalMs, language, logger: deps.logger });
      streaming = stream;
      return stream;
    },
    async send(reply) {
      if (streaming && reply.to.kind === 'asker' && reply.body.kind === 'answer') {
        const stream = streaming;
        streaming = undefined;
        const messageId = await stream.finish(renderReply(reply.body), reply.body.answer.stopped === true);
        await noteInRoom(reply.body.answer.language);
        if (!messageId) return;
        return { messageId, ...(inRoom && personalAddress ? { address: personalAddress } : {}) };
      }
      switch (reply.to.kind) {
        case 'asker':
          return toAsker(reply);
        case 'room': {
          const response = await context.sendActivity(renderReply(reply.body));
          const threadId = turn.where.threadId;
          return response?.id ? { messageId: response.id, ...(threadId ? { threadId } : {}) } : undefined;
        }
        case 'channel':
          return postInChannel(deps, context, reply.to, renderReply(reply.body));
        case 'member':
          return sendToMember(deps, context, reply.to, renderReply(reply.body));
      }
    },
    async remove(to, messageId) {
      if (to.kind !== 'channel') return;
      const channelId = to.address.conversationId;
      await inConversation(deps, `${channelId};messageid=${to.threadId ?? messageId}`, channelId, (c) => c.deleteActivity(messageId)).catch(
        (error: unknown) => deps.logger.warn({ err: describeError(error) }, 'could not delete a post'),
      );
    },
    responseCard() {
      if (cards.length === 0) return undefined;
      const card = cards.find((body) => body.kind === 'draft' || body.kind === 'group-choice');
      return replyCard(card ?? { kind: 'line', text: cards.map(plainText).join('\n\n'), language: 'en' });
    },
    close: () => personal.close(),
    abort() {
      streaming = undefined;
    },
  };
}
