import type { ChatStreamer, WebClient } from '@slack/web-api';
import type { CoreAnswer } from '../core/conversation/turn.js';
import { message } from '../core/messages/index.js';
import { renderAnswer, type AnswerExtras } from './render-answer.js';
import type { SlackDependencies } from './slack-dependencies.js';

type AnsweredQuestion = CoreAnswer;

interface Target {
  channel: string;
  threadTs?: string;
  userId: string;
  teamId?: string;
}

/**
 * Posts an answer as it is produced. With a model, tokens stream into a thread reply
 * (chat.startStream/appendStream/stopStream, recipient user and team set as Slack requires in
 * channels) or, outside a thread, into a placeholder that is then updated; the final message always
 * becomes the checked, rendered answer (citations verified after generation). If streaming fails at
 * any point the answer is posted or updated normally instead. Returns the posted message's ts.
 */
export async function deliverAnswer(
  client: WebClient,
  target: Target,
  run: (onToken: (token: string) => void) => Promise<AnsweredQuestion>,
  log: SlackDependencies['logger'],
  options: AnswerExtras = {},
): Promise<{ answer: AnsweredQuestion; ts: string | undefined }> {
  let streamer: ChatStreamer | undefined;
  let placeholder: Promise<string | undefined> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let streamFailed = false;
  const onToken = (token: string) => {
    if (streamFailed || !token) return;
    if (target.threadTs) {
      streamer ??= client.chatStream({
        channel: target.channel,
        thread_ts: target.threadTs,
        recipient_user_id: target.userId,
        ...(target.teamId ? { recipient_team_id: target.teamId } : {}),
      });
      const active = streamer;
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
    answer = await run(onToken);
  } catch (error) {
    await queue;
    if (streamer && !streamFailed) await streamer.stop().catch(() => undefined);
    throw error;
  }
  const rendered = renderAnswer(answer, options);
  await queue;
  let ts: string | undefined;
  if (streamer) {
    try {
      if (!streamFailed) await streamer.stop();
    } catch (error) {
      log.warn({ err: error }, 'slack stream could not be stopped; updating the message instead');
    }
    ts = streamer.ts;
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
