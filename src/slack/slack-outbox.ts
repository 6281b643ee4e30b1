import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { CoreAnswer, Outbox, Recipient, Reply } from '../core/conversation/turn.js';
import type { Logger } from '../logger.js';
import { deliverAnswer, type AnswerTarget } from './answer-in-slack.js';
import type { AnswerStops } from './answer-stops.js';
import type { AnswerExtras } from './render-answer.js';
import { renderReply } from './render-reply.js';

/** Where a Slack turn happened, as its payload says: what the outbox needs to reply there. */
export interface SlackTarget extends AnswerTarget {
  /** A DM (D…) or any other conversation. */
  isDm: boolean;
  /** Slash commands and actions: private replies go through response_url. */
  respond?: RespondFn;
}

/** A streamed answer under way: deliverAnswer runs until the core hands over the final answer. */
interface Streaming {
  onToken: (token: string) => void;
  /** Aborted by Slack's Stop (agent_session_stopped) in this thread, heard by any replica. */
  signal: AbortSignal;
  extras: AnswerExtras;
  finish(answer: CoreAnswer): void;
  fail(error: unknown): void;
  delivered: Promise<{ ts: string | undefined }>;
}

export interface SlackOutbox extends Outbox {
  /** The turn failed: a stream under way is stopped. */
  abort(error: unknown): void;
}

/** The Slack side of one turn: renders the core's replies as Block Kit and sends them where they belong. */
export function createSlackOutbox(client: WebClient, target: SlackTarget, logger: Logger, stops: AnswerStops): SlackOutbox {
  const streams = new Map<'asker' | 'room', Streaming>();

  const startStream = (key: 'asker' | 'room'): Streaming => {
    let finish!: (answer: CoreAnswer) => void;
    let fail!: (error: unknown) => void;
    const answer = new Promise<CoreAnswer>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    const started: { sink?: (token: string) => void; signal?: AbortSignal } = {};
    const extras: AnswerExtras = {};
    const { channel, threadTs, userId, teamId, status, title, questionTs, stoppedBefore } = target;
    const delivered = deliverAnswer(
      client,
      { channel, threadTs, userId, teamId, status, title, questionTs, stoppedBefore },
      (onToken, stop) => {
        started.sink = onToken;
        started.signal = stop;
        return answer;
      },
      logger,
      stops,
      extras,
    );
    // deliverAnswer calls `run` synchronously: the sink and Stop's signal are set by now.
    const { sink, signal } = started;
    if (!sink || !signal) throw new Error('deliverAnswer did not start the answer');
    // A failed turn rejects `delivered` too; the turn's own error is what gets reported.
    delivered.catch(() => undefined);
    const streaming = { onToken: sink, signal, extras, finish, fail, delivered };
    streams.set(key, streaming);
    return streaming;
  };

  const channelOf = (to: Recipient): string => {
    if (to.kind === 'channel') return to.address.conversationId;
    if (to.kind === 'member') return to.platformUserId;
    return target.channel;
  };

  const sendStreamed = async (streaming: Streaming, reply: Reply) => {
    if (reply.body.kind !== 'answer') throw new Error('a stream ends with an answer');
    Object.assign(streaming.extras, {
      feedbackToken: reply.body.feedbackToken,
      shareToken: reply.body.shareToken,
      note: reply.body.note,
    } satisfies AnswerExtras);
    streaming.finish(reply.body.answer);
    const { ts } = await streaming.delivered;
    return { ...(ts ? { messageId: ts } : {}), ...(target.threadTs ? { threadId: target.threadTs } : {}) };
  };

  return {
    stream(to) {
      // Streams go where a message can be updated: the room's thread, or the DM itself.
      if (to.kind === 'room' || (to.kind === 'asker' && target.isDm && !target.respond)) {
        const { onToken, signal } = startStream(to.kind);
        return { onToken, signal };
      }
      return undefined;
    },
    async send(reply) {
      const rendered = renderReply(reply.body);
      const to = reply.to;
      const streaming = to.kind === 'asker' || to.kind === 'room' ? streams.get(to.kind) : undefined;
      if (streaming && reply.body.kind === 'answer') {
        streams.delete(to.kind as 'asker' | 'room');
        return sendStreamed(streaming, reply);
      }
      if (to.kind === 'asker') {
        if (target.respond) {
          await target.respond({ response_type: 'ephemeral', replace_original: reply.replacesOrigin ?? false, ...rendered });
          return;
        }
        const thread = target.threadTs ? { thread_ts: target.threadTs } : {};
        if (target.isDm) {
          const posted = await client.chat.postMessage({
            channel: target.channel,
            ...thread,
            ...rendered,
            unfurl_links: false,
            unfurl_media: false,
          });
          return posted.ts ? { messageId: posted.ts } : undefined;
        }
        await client.chat.postEphemeral({ channel: target.channel, user: target.userId, ...thread, ...rendered });
        return;
      }
      const thread = to.kind === 'room' && target.threadTs ? { thread_ts: target.threadTs } : {};
      const posted = await client.chat.postMessage({
        channel: channelOf(to),
        ...thread,
        ...rendered,
        unfurl_links: false,
        unfurl_media: false,
      });
      return {
        ...(posted.ts ? { messageId: posted.ts } : {}),
        ...(to.kind === 'room' && target.threadTs ? { threadId: target.threadTs } : {}),
      };
    },
    async remove(to, messageId) {
      await client.chat
        .delete({ channel: channelOf(to), ts: messageId })
        .catch((error: unknown) => logger.warn({ err: error }, 'could not delete a post'));
    },
    abort(error) {
      for (const streaming of streams.values()) streaming.fail(error);
      streams.clear();
    },
  };
}
