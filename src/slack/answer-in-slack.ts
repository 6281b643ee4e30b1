import type { ChatStreamer, WebClient } from '@slack/web-api';
import type { CoreAnswer } from '../core/conversation/turn.js';
import { message } from '../core/messages/index.js';
import { answerTrailerBlocks, renderAnswer, type AnswerExtras } from './render-answer.js';
import type { AnswerStops } from './answer-stops.js';
import type { SlackDependencies } from './slack-dependencies.js';

type AnsweredQuestion = CoreAnswer;

/** Where an answer goes in Slack: the conversation, its thread, the asker, and what the stream shows. */
export interface AnswerTarget {
  channel: string;
  threadTs?: string;
  userId: string;
  teamId?: string;
  /** The status line shown while searching ("Searching the documents you may see…"); omitted when the listener set it. */
  status?: string;
  /** The agent session's title when this answer opens one. */
  title?: string;
  /** The question's own ts: a Stop in the thread at or after it stops this answer. */
  questionTs?: string;
  /** A Stop for this question was recorded before the answer started: it is stopped before the model is called. */
  stoppedBefore?: boolean;
}

/** Same text, whatever the whitespace: a stream whose text is the final answer needs no update. */
const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/**
 * Posts an answer as it is produced. In a thread (every DM is answered in one), the status line
 * shows while searching (and an agent session with Slack's Stop button), then tokens stream into a
 * reply (chat.startStream/appendStream, recipient user and team set as Slack requires in channels);
 * when the streamed text is the checked answer, chat.stopStream carries the sources and feedback as
 * blocks; otherwise (the model's answer was replaced by a fallback) the message is updated to the
 * rendered answer. Outside a thread a placeholder is posted and updated. If streaming fails at any
 * point the answer is posted or updated normally instead. Stop (the signal) leaves what was said,
 * ends the stream without feedback, and returns. Returns the posted message's ts.
 */
export async function deliverAnswer(
  client: WebClient,
  target: AnswerTarget,
  run: (onToken: (token: string) => void, signal: AbortSignal) => Promise<AnsweredQuestion>,
  log: SlackDependencies['logger'],
  stops: AnswerStops,
  options: AnswerExtras = {},
): Promise<{ answer: AnsweredQuestion; ts: string | undefined }> {
  let streamer: ChatStreamer | undefined;
  let placeholder: Promise<string | undefined> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let streamFailed = false;
  let streamed = '';
  // Slack's Stop, heard by this replica or recorded by another one (answer-stops.ts).
  const watch = stops.watch({ channel: target.channel, threadTs: target.threadTs, since: target.questionTs });
  const stopped = target.stoppedBefore ? AbortSignal.abort() : watch.signal;
  const { threadTs, status } = target;
  if (threadTs && status) {
    // The session (Slack's Stop button while processing) and the status line; neither is essential.
    // Queued, not awaited: `run` starts at once (the caller hands the core its token sink and the
    // signal synchronously), and the stream's first append still follows the status.
    queue = (async () => {
      await client.agents.sessions
        .setStatus({
          channel_id: target.channel,
          thread_ts: threadTs,
          status: 'processing',
          initiator_user_id: target.userId,
          ...(target.title ? { title: target.title.slice(0, 200) } : {}),
        })
        .catch((error: unknown) => log.debug({ err: error }, 'agents.sessions.setStatus failed'));
      await client.assistant.threads
        .setStatus({ channel_id: target.channel, thread_ts: threadTs, status })
        .catch((error: unknown) => log.debug({ err: error }, 'assistant.threads.setStatus failed'));
    })();
  }
  const onToken = (token: string) => {
    if (streamFailed || !token || stopped.aborted) return;
    if (target.threadTs) {
      streamer ??= client.chatStream({
        channel: target.channel,
        thread_ts: target.threadTs,
        recipient_user_id: target.userId,
        ...(target.teamId ? { recipient_team_id: target.teamId } : {}),
      });
      const active = streamer;
      streamed += token;
      queue = queue
        // Once a call failed the stream is abandoned: tokens already queued are not sent either.
        .then(() => (streamFailed ? undefined : active.append({ markdown_text: token })))
        .catch((error: unknown) => {
          streamFailed = true;
          log.warn({ err: error }, 'slack streaming failed; falling back to post and update');
        });
    } else {
      placeholder ??= client.chat
        .postMessage({ channel: target.channel, text: message('chat.searching') })
        .then((response) => response.ts)
        .catch(() => undefined);
    }
  };
  let answer: AnsweredQuestion;
  try {
    answer = await run(onToken, stopped);
  } catch (error) {
    await queue;
    if (streamer && !streamFailed) await streamer.stop().catch(() => undefined);
    throw error;
  } finally {
    watch.release();
  }
  await queue;
  if (answer.stopped) {
    // Stop: what was said stays; the stream (and the session) ends without feedback.
    let ts: string | undefined;
    if (streamer && !streamFailed) {
      await streamer.stop().catch((error: unknown) => log.debug({ err: error }, 'stopping a stopped stream failed'));
      ts = streamer.ts;
    } else if (target.threadTs) {
      await client.agents.sessions
        .setStatus({ channel_id: target.channel, thread_ts: target.threadTs, status: 'active' })
        .catch((error: unknown) => log.debug({ err: error }, 'agents.sessions.setStatus failed'));
    }
    return { answer, ts };
  }
  const rendered = renderAnswer(answer, options);
  let ts: string | undefined;
  if (streamer) {
    let finished = false;
    try {
      if (!streamFailed) {
        // The streamed text is the checked answer: its sources and feedback close the stream.
        const closesIt = sameText(streamed, answer.body);
        await streamer.stop(closesIt ? { blocks: answerTrailerBlocks(answer, options) } : {});
        finished = closesIt;
      }
    } catch (error) {
      log.warn({ err: error }, 'slack stream could not be stopped; updating the message instead');
    }
    ts = streamer.ts;
    if (finished) return { answer, ts };
  } else if (placeholder) {
    ts = await placeholder;
  }
  if (ts) {
    try {
      await client.chat.update({ channel: target.channel, ts, text: rendered.text, blocks: rendered.blocks });
    } catch (error) {
      log.warn({ err: error }, 'updating the streamed answer failed; posting it');
      ts = undefined;
    }
  }
  if (!ts) {
    const response = await client.chat.postMessage({
      channel: target.channel,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      text: rendered.text,
      blocks: rendered.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    ts = response.ts;
  }
  return { answer, ts };
}
