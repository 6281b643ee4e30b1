import type { ChatStreamer, WebClient } from '@slack/web-api';
import type { AnsweredQuestion } from '../app/create-answer-service.js';
import { listScopedDocumentIds } from '../db/queries/access-scope.js';
import { recordPostedMessage } from '../db/queries/posted-messages.js';
import { workingGroupOfSlackChannel } from '../db/queries/chat-channels.js';
import { saveSlackThread } from '../db/queries/slack-threads.js';
import { message } from '../core/messages/index.js';
import type { AskContext } from '../core/types.js';
import { answerTrailerBlocks, renderAnswer, renderLine } from './render-answer.js';
import { friendlyError, languageOfText, memberOf, type SlackDependencies } from './slack-dependencies.js';

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
  /** The status line shown while searching ("Searching the documents you may see…"); omitted when the listener set it. */
  status?: string;
  /** The agent session's title when this answer opens one. */
  title?: string;
}

/**
 * Answers being written, by channel and thread, so Slack's Stop (agent_session_stopped) can cancel
 * the model call. Per replica: a Stop delivered to another replica also ends the stream Slack holds
 * (Slack stops it), and that replica's next append fails and abandons the stream.
 */
const running = new Map<string, Set<AbortController>>();
const runningKey = (channel: string, threadTs: string | undefined) => `${channel}:${threadTs ?? ''}`;

/** Slack's Stop for the answer being written in this thread: true when one was running here. */
export function stopSlackAnswer(channel: string, threadTs: string | undefined): boolean {
  const controllers = running.get(runningKey(channel, threadTs));
  if (!controllers?.size) return false;
  // The session is the thread: every answer being written in it stops.
  for (const controller of controllers) controller.abort();
  return true;
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
  target: Target,
  run: (onToken: (token: string) => void, signal: AbortSignal) => Promise<AnsweredQuestion>,
  log: SlackDependencies['logger'],
  options: { postToChannel?: string } = {},
): Promise<{ answer: AnsweredQuestion; ts: string | undefined }> {
  let streamer: ChatStreamer | undefined;
  let placeholder: Promise<string | undefined> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let streamFailed = false;
  let streamed = '';
  const key = runningKey(target.channel, target.threadTs);
  const controller = new AbortController();
  const inThread = running.get(key) ?? new Set<AbortController>();
  inThread.add(controller);
  running.set(key, inThread);
  if (target.threadTs && target.status) {
    // The session (Slack's Stop button while processing) and the status line; neither is essential.
    await client.agents.sessions
      .setStatus({
        channel_id: target.channel,
        thread_ts: target.threadTs,
        status: 'processing',
        initiator_user_id: target.userId,
        ...(target.title ? { title: target.title.slice(0, 200) } : {}),
      })
      .catch((error: unknown) => log.debug({ err: error }, 'agents.sessions.setStatus failed'));
    await client.assistant.threads
      .setStatus({ channel_id: target.channel, thread_ts: target.threadTs, status: target.status })
      .catch((error: unknown) => log.debug({ err: error }, 'assistant.threads.setStatus failed'));
  }
  const onToken = (token: string) => {
    if (streamFailed || !token || controller.signal.aborted) return;
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
    answer = await run(onToken, controller.signal);
  } catch (error) {
    await queue;
    if (streamer && !streamFailed) await streamer.stop().catch(() => undefined);
    throw error;
  } finally {
    inThread.delete(controller);
    if (inThread.size === 0 && running.get(key) === inThread) running.delete(key);
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
    // The status line on every surface that has one (the legacy assistant listener sets its own).
    const status = q.surface === 'assistant' ? undefined : message('chat.searching', languageOfText(deps, q.question));
    if (q.channelType === 'im') {
      const target = { channel: q.channelId, threadTs: q.threadTs, userId: q.userId, teamId: q.teamId, status, title: q.question };
      const { answer, ts } = await deliverAnswer(
        client,
        target,
        (onToken, signal) => deps.answer({ ...base, memberId, context: { kind: 'dm' }, onToken, signal }),
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
      { channel: q.channelId, threadTs, userId: q.userId, teamId: q.teamId, status, title: q.question },
      (onToken, signal) => deps.answer({ ...base, memberId, context, onToken, signal }),
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
