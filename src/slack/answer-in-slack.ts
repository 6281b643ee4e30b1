import type { ChatStreamer, WebClient } from '@slack/web-api';
import type { AnsweredQuestion } from '../app/create-answer-service.js';
import { listScopedDocumentIds } from '../db/queries/access-scope.js';
import { recordPostedMessage } from '../db/queries/posted-messages.js';
import { workingGroupOfSlackChannel } from '../db/queries/chat-channels.js';
import { saveSlackThread } from '../db/queries/slack-threads.js';
import { message } from '../core/messages/index.js';
import type { AskContext } from '../core/types.js';
import { renderAnswer, renderLine } from './render-answer.js';
import { friendlyError, memberOf, type SlackDependencies } from './slack-dependencies.js';

/** Where a question was asked, as the listener saw it. */
export interface SlackQuestion {
  teamId: string | undefined;
  userId: string;
  channelId: string;
  /** 'im' for a DM or assistant thread; anything else is a channel. */
  channelType: string;
  /** The thread to answer in (a mention's own ts starts one); undefined for a top-level DM. */
  threadTs?: string;
  question: string;
  surface: 'dm' | 'assistant' | 'mention' | 'thread';
  /** The working group whose scope a known thread keeps (follow-ups), when already known. */
  workingGroupId?: string | null;
}

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
  options: { postToChannel?: string } = {},
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

async function record(
  deps: SlackDependencies,
  channel: string,
  ts: string | undefined,
  threadTs: string | undefined,
  answer: AnsweredQuestion,
) {
  if (!ts) return;
  await recordPostedMessage(deps.db, {
    platform: 'slack',
    conversationId: channel,
    messageId: ts,
    threadId: threadTs ?? null,
    auditId: answer.auditId,
    documentIds: answer.sources.map((source) => source.documentId),
    language: answer.language,
  });
}

/** A private line to the asker: ephemeral in a channel, a message in a DM. */
export async function replyPrivately(
  client: WebClient,
  q: Pick<SlackQuestion, 'channelId' | 'channelType' | 'userId' | 'threadTs'>,
  text: string,
) {
  const line = renderLine(text);
  if (q.channelType === 'im') {
    await client.chat.postMessage({ channel: q.channelId, ...(q.threadTs ? { thread_ts: q.threadTs } : {}), ...line });
  } else {
    await client.chat.postEphemeral({ channel: q.channelId, user: q.userId, ...(q.threadTs ? { thread_ts: q.threadTs } : {}), ...line });
  }
}

/**
 * Answers a question asked in Slack in the scope the conversation allows:
 * - DM / assistant thread: the member's own scope, in the conversation;
 * - a working group's channel: the channel scope, in the thread, plus an ephemeral "more in a DM"
 *   note when the asker's own scope holds relevant documents the channel answer could not use;
 * - any other channel: the member's scope, ephemeral to the asker only.
 * An unknown Slack user gets one private line on how to get access (the answer service audits it).
 */
export async function answerInSlack(deps: SlackDependencies, client: WebClient, q: SlackQuestion): Promise<void> {
  try {
    const memberId = await memberOf(deps, q.teamId, q.userId);
    const base = { question: q.question, platform: 'slack' as const };
    if (memberId === null) {
      const refused = await deps.answer({ ...base, memberId: null, context: { kind: 'dm' } });
      await replyPrivately(client, q, message('answer.no_access', refused.language));
      return;
    }
    if (q.channelType === 'im') {
      const target = { channel: q.channelId, threadTs: q.threadTs, userId: q.userId, teamId: q.teamId };
      const { answer, ts } = await deliverAnswer(
        client,
        target,
        (onToken) => deps.answer({ ...base, memberId, context: { kind: 'dm' }, onToken }),
        deps.logger,
      );
      await record(deps, q.channelId, ts, q.threadTs, answer);
      return;
    }
    const workingGroupId = q.workingGroupId !== undefined ? q.workingGroupId : await workingGroupOfSlackChannel(deps.db, q.channelId);
    if (!workingGroupId) {
      // Not a working group's channel: nobody else here may read what the asker may see.
      const answer = await deps.answer({ ...base, memberId, context: { kind: 'dm' } });
      const rendered = renderAnswer(answer);
      await client.chat.postEphemeral({
        channel: q.channelId,
        user: q.userId,
        ...(q.threadTs ? { thread_ts: q.threadTs } : {}),
        ...rendered,
      });
      return;
    }
    const context: AskContext = { kind: 'channel', workingGroupId };
    const threadTs = q.threadTs;
    const { answer, ts } = await deliverAnswer(
      client,
      { channel: q.channelId, threadTs, userId: q.userId, teamId: q.teamId },
      (onToken) => deps.answer({ ...base, memberId, context, onToken }),
      deps.logger,
    );
    await record(deps, q.channelId, ts, threadTs, answer);
    if (threadTs) {
      await saveSlackThread(deps.db, {
        channelId: q.channelId,
        threadTs,
        teamId: q.teamId ?? '',
        kind: 'mention',
        context: { workingGroupId },
      });
    }
    await offerMoreInDm(deps, client, q, memberId, workingGroupId, answer);
  } catch (error) {
    const text = friendlyError(deps, error, `answer:${q.surface}`, q.question);
    await replyPrivately(client, q, text).catch((replyError: unknown) =>
      deps.logger.warn({ err: replyError }, 'could not send the error line'),
    );
  }
}

/**
 * The channel answer drew only on documents every group member may see. If the asker's own scope has
 * relevant documents outside the channel's scope (which the channel answer therefore could not use),
 * say so privately. The probe's text is never sent; only whether such a document exists.
 */
async function offerMoreInDm(
  deps: SlackDependencies,
  client: WebClient,
  q: SlackQuestion,
  memberId: string,
  workingGroupId: string,
  channelAnswer: AnsweredQuestion,
) {
  const own = await deps.probe({ memberId, context: { kind: 'dm' }, question: q.question, platform: 'probe' });
  if (!own.answerable) return;
  const channelScope = new Set(await listScopedDocumentIds(deps.db, { memberId, context: { kind: 'channel', workingGroupId } }));
  if (!own.sources.some((source) => !channelScope.has(source.documentId))) return;
  await client.chat.postEphemeral({
    channel: q.channelId,
    user: q.userId,
    ...(q.threadTs ? { thread_ts: q.threadTs } : {}),
    ...renderLine(message('chat.more_in_dm', channelAnswer.language)),
  });
}
