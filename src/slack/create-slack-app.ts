import { App, Assistant, ExpressReceiver, LogLevel, type Logger as BoltLogger, type RespondFn } from '@slack/bolt';
import type { AssistantThreadContextStore } from '@slack/bolt/dist/AssistantThreadContextStore.js';
import type { WebClient } from '@slack/web-api';
import { Router, type IRouter } from 'express';
import { listScopedDocumentIds } from '../db/queries/access-scope.js';
import { recordFeedback, type FeedbackRating } from '../db/queries/answer-feedback.js';
import { findAuditEntry } from '../db/queries/audit-trail.js';
import { workingGroupOfSlackChannel } from '../db/queries/chat-channels.js';
import { findMemberProfile } from '../db/queries/directory.js';
import { recordPostedMessage } from '../db/queries/posted-messages.js';
import { countScopedDocumentsByMemberState } from '../db/queries/scoped-document-counts.js';
import { findSlackThread, saveSlackThread } from '../db/queries/slack-threads.js';
import { message } from '../core/messages/index.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { metrics } from '../observability/metrics.js';
import { answerInSlack, stopSlackAnswer } from './answer-in-slack.js';
import { createBackgroundWork, type BackgroundWork } from './background-work.js';
import { createChannelPacedFetch } from './channel-paced-fetch.js';
import { nextReminders } from './next-reminders.js';
import { rejectSkewedRequests } from './reject-skewed-requests.js';
import { FEEDBACK_ACTION, POST_TO_CHANNEL_ACTION, feedbackBlock, renderAnswer, renderLine } from './render-answer.js';
import { escapeMrkdwn, fitBlocks, sectionBlocks } from './render-blocks.js';
import { renderHome } from './render-home.js';
import { SUMMARY_APPROVE_ACTION, SUMMARY_DISCARD_ACTION, SUMMARY_GROUP_ACTION, SUMMARY_REGENERATE_ACTION } from './render-summary.js';
import { claimDelivery, friendlyError, languageOfText, memberOf, type SlackDependencies } from './slack-dependencies.js';
import { approveInSlack, discardInSlack, draftSummary, regenerateInSlack, requestSummaryInSlack } from './summary-in-slack.js';

export interface SlackAppOptions {
  botToken: string;
  signingSecret?: string;
  /** xapp-…: Socket Mode (no public URL) instead of HTTP events. */
  appToken?: string;
  /** Web API base (tests: the recording server). */
  apiUrl?: string;
  /** WebClient retries of 5xx and network errors (429s are waited out per channel: channel-paced-fetch.ts). */
  retries?: number;
  /** The replica's clock, for the timestamp window (tests). */
  now?: () => number;
  /** Answers and drafts worked on at once per replica after their ack (default 8). */
  concurrency?: number;
}

export interface SlackApp {
  app: App;
  client: WebClient;
  /** HTTP mode: mount on the replica's Express app (POST /slack/events). Undefined in Socket Mode. */
  router?: IRouter;
  /** Calls auth.test: a bad token is a clear startup error naming the variables, not a crash. */
  init(): Promise<void>;
  /** Socket Mode: opens the connection. HTTP mode: nothing (the shared server listens). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the work started after acks (answers, drafts, App Home) has finished. */
  idle(): Promise<void>;
  /** Tasks started after an ack that are waiting or running. */
  backlog(): number;
}

const EVENTS_PATH = '/slack/events';

/** Bolt's logger interface over our pino logger (so Bolt never logs payloads on its own terms). */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  return {
    debug: (...msg) => logger.debug({ bolt: true }, msg.map(String).join(' ')),
    info: (...msg) => logger.info({ bolt: true }, msg.map(String).join(' ')),
    warn: (...msg) => logger.warn({ bolt: true }, msg.map(String).join(' ')),
    error: (...msg) => logger.error({ bolt: true }, msg.map(String).join(' ')),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** Slack's error code (invalid_auth…) from a Web API error, or the error's message. */
function slackErrorCode(error: unknown): string {
  return (error as { data?: { error?: string } }).data?.error ?? (error instanceof Error ? error.message : String(error));
}

/** The question in a mention, without the bot's own `<@U…>` mention. */
function stripMention(text: string | undefined, botUserId: string | undefined): string {
  const all = text ?? '';
  return (botUserId ? all.replaceAll(`<@${botUserId}>`, '') : all.replace(/^\s*<@[A-Z0-9]+>/, '')).trim();
}

/**
 * The Slack app: Bolt 5 with an ExpressReceiver (processBeforeResponse false: events are acked
 * before listeners run, so slow answers never hold Slack's 3-second window), or Socket Mode. It
 * translates Slack events, commands and actions into calls on the core services and back.
 */
export function createSlackApp(deps: SlackDependencies, options: SlackAppOptions): SlackApp {
  const logger = deps.logger.child({ platform: 'slack' });
  const d: SlackDependencies = { ...deps, logger };
  const bolt = boltLogger(logger);
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    // A 429 holds back only its own channel (or method) for Retry-After and is sent again there;
    // WebClient would pause every channel. One that still gets through is rejected, not paused on.
    fetch: createChannelPacedFetch({ logger }),
    rejectRateLimitedCalls: true,
    // 5xx and network errors back off and retry.
    retryConfig: { retries: options.retries ?? 3, factor: 2, minTimeout: 200, maxTimeout: 5_000 },
  };
  const work = createBackgroundWork(logger, { concurrency: options.concurrency });
  // convoStore: false — Bolt's in-memory conversation store is per replica (state we keep in
  // PostgreSQL or not at all), unused here, and one more middleware on every request.
  let app: App;
  let router: IRouter | undefined;
  if (options.appToken) {
    app = new App({
      token: options.botToken,
      appToken: options.appToken,
      socketMode: true,
      deferInitialization: true,
      logger: bolt,
      clientOptions,
      convoStore: false,
    });
  } else {
    if (!options.signingSecret) throw new AppError('config.invalid', 'SLACK_SIGNING_SECRET is required to receive Slack events over HTTP.');
    const receiver = new ExpressReceiver({
      signingSecret: options.signingSecret,
      endpoints: EVENTS_PATH,
      processBeforeResponse: false,
      logger: bolt,
    });
    app = new App({ token: options.botToken, receiver, deferInitialization: true, logger: bolt, clientOptions, convoStore: false });
    router = Router();
    // Work after acks waits while a Slack request is waiting for its own (see background-work.ts).
    router.post(EVENTS_PATH, (_request, response, next) => {
      const answered = work.ackPending();
      response.once('finish', answered).once('close', answered);
      next();
    });
    router.post(EVENTS_PATH, rejectSkewedRequests(options.now));
    router.use(receiver.router);
  }
  registerListeners(app, d, work);
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a slack listener');
  });

  return {
    app,
    client: app.client,
    router,
    async init() {
      try {
        await app.init();
      } catch (error) {
        throw new AppError(
          'config.invalid',
          `Slack did not accept the app's credentials (auth.test: ${slackErrorCode(error)}). Check SLACK_BOT_TOKEN (OAuth & Permissions → Bot User OAuth Token, xoxb-…)${options.appToken ? '' : ' and SLACK_SIGNING_SECRET (Basic Information → App Credentials)'}.`,
          { exitCode: 2, cause: error },
        );
      }
    },
    async start() {
      if (!options.appToken) return;
      try {
        // apps.connections.open with the app token, then the WebSocket; resolves on Slack's hello.
        await app.start();
      } catch (error) {
        throw new AppError(
          'config.invalid',
          `Slack did not open a Socket Mode connection (apps.connections.open: ${slackErrorCode(error)}). Check SLACK_APP_TOKEN (Basic Information → App-Level Tokens, xapp-…, with the connections:write scope) and that Socket Mode is enabled for the app.`,
          { exitCode: 2, cause: error },
        );
      }
    },
    async stop() {
      if (options.appToken) await app.stop();
      // Nothing acked is dropped: answers already under way finish before the database closes.
      await work.idle();
    },
    idle: () => work.idle(),
    backlog: () => work.backlog(),
  };
}

function registerListeners(app: App, deps: SlackDependencies, work: BackgroundWork) {
  const { logger } = deps;

  // Legacy assistant_view threads: context per channel+thread in PostgreSQL, never Bolt's app-global store.
  const threadContextStore: AssistantThreadContextStore = {
    async get(args) {
      const payload = args.payload as {
        channel?: string;
        thread_ts?: string;
        assistant_thread?: { channel_id: string; thread_ts: string };
      };
      const channel = payload.assistant_thread?.channel_id ?? payload.channel ?? '';
      const threadTs = payload.assistant_thread?.thread_ts ?? payload.thread_ts ?? '';
      return (await findSlackThread(deps.db, channel, threadTs))?.context ?? {};
    },
    async save(args) {
      const payload = args.payload as { assistant_thread?: { channel_id: string; thread_ts: string; context?: Record<string, unknown> } };
      const thread = payload.assistant_thread;
      if (!thread) return;
      await saveSlackThread(deps.db, {
        channelId: thread.channel_id,
        threadTs: thread.thread_ts,
        teamId: args.context.teamId ?? '',
        kind: 'assistant',
        context: thread.context ?? {},
      });
    },
  };
  const prompts = (language = 'en') => ({
    title: message('slack.prompts_title', language),
    prompts: [
      { title: message('slack.prompt_needs', language).slice(0, 75), message: message('slack.prompt_needs', language) },
      { title: message('slack.prompt_recommendations', language).slice(0, 75), message: message('slack.prompt_recommendations', language) },
      { title: message('slack.prompt_help', language), message: message('slack.prompt_help', language) },
    ],
  });

  app.assistant(
    new Assistant({
      threadContextStore,
      threadStarted: async ({ setSuggestedPrompts, saveThreadContext }) => {
        try {
          await saveThreadContext();
          await setSuggestedPrompts(prompts());
        } catch (error) {
          logger.warn({ err: error }, 'assistant thread start failed');
        }
      },
      threadContextChanged: async ({ saveThreadContext }) => {
        await saveThreadContext().catch((error: unknown) => logger.warn({ err: error }, 'saving assistant thread context failed'));
      },
      userMessage: async ({ message: event, body, context, client, setStatus, setTitle }) => {
        const m = event as {
          user?: string;
          text?: string;
          channel: string;
          thread_ts?: string;
          ts: string;
          bot_id?: string;
          subtype?: string;
        };
        const user = m.user;
        if (m.bot_id || m.subtype || !user || user === context.botUserId) return;
        work.run('assistant message', async () => {
          if (!(await claimDelivery(deps, body as { event_id?: string }, m))) return;
          const question = (m.text ?? '').trim();
          const language = languageOfText(deps, question);
          await setTitle(question.slice(0, 100)).catch((error: unknown) => logger.debug({ err: error }, 'setTitle failed'));
          await setStatus(message('chat.searching', language)).catch((error: unknown) => logger.debug({ err: error }, 'setStatus failed'));
          await answerInSlack(deps, client, {
            teamId: context.teamId,
            userId: user,
            channelId: m.channel,
            channelType: 'im',
            threadTs: m.thread_ts,
            question,
            surface: 'assistant',
          });
        });
      },
    }),
  );

  app.event('app_mention', async ({ event, body, context, client }) => {
    const user = event.user;
    if (event.bot_id || !user || user === context.botUserId) return;
    work.run('mention', async () => {
      if (!(await claimDelivery(deps, body, event))) return;
      await answerInSlack(deps, client, {
        teamId: context.teamId ?? event.team,
        userId: user,
        channelId: event.channel,
        channelType: 'channel',
        threadTs: event.thread_ts ?? event.ts,
        question: stripMention(event.text, context.botUserId),
        surface: 'mention',
      });
    });
  });

  app.message(async ({ message: event, body, context, client }) => {
    const m = event as {
      user?: string;
      text?: string;
      channel: string;
      channel_type?: string;
      thread_ts?: string;
      ts: string;
      bot_id?: string;
      subtype?: string;
      team?: string;
    };
    // Our own and other bots' messages, edits and joins are not questions.
    const user = m.user;
    if (m.bot_id || m.subtype || !user || user === context.botUserId) return;
    if (m.channel_type === 'im') {
      work.run('direct message', async () => {
        if (!(await claimDelivery(deps, body as { event_id?: string }, m))) return;
        await answerInSlack(deps, client, {
          teamId: context.teamId ?? m.team,
          userId: user,
          channelId: m.channel,
          channelType: 'im',
          // A top-level DM (the Messages tab's too) is answered in its own thread, where it streams.
          threadTs: m.thread_ts ?? m.ts,
          question: (m.text ?? '').trim(),
          surface: 'dm',
        });
      });
      return;
    }
    // In channels only follow-ups in a thread the bot answered; a mention comes as app_mention.
    const threadTs = m.thread_ts;
    if (!threadTs || (context.botUserId && m.text?.includes(`<@${context.botUserId}>`))) return;
    work.run('thread follow-up', async () => {
      const thread = await findSlackThread(deps.db, m.channel, threadTs).catch(() => undefined);
      if (thread?.kind !== 'mention') return;
      if (!(await claimDelivery(deps, body as { event_id?: string }, m))) return;
      const workingGroupId = typeof thread.context.workingGroupId === 'string' ? thread.context.workingGroupId : null;
      await answerInSlack(deps, client, {
        teamId: context.teamId ?? m.team,
        userId: user,
        channelId: m.channel,
        channelType: 'channel',
        threadTs,
        question: (m.text ?? '').trim(),
        surface: 'thread',
        workingGroupId,
      });
    });
  });

  // Slack's Stop button on an agent session: cancel the answer being written in that thread.
  app.event('agent_session_stopped', ({ event }) => {
    const e = event as { channel: string; thread_ts?: string };
    if (stopSlackAnswer(e.channel, e.thread_ts)) logger.info({ channel: e.channel }, 'answer stopped by the member');
    return Promise.resolve();
  });

  app.event('app_home_opened', ({ event, body, context, client }) => {
    work.run('app home', async () => {
      if (!(await claimDelivery(deps, body, {}))) return;
      try {
        if (event.tab === 'messages') {
          // Agent view's Messages tab: prompts for the whole conversation (no thread_ts).
          await client.assistant.threads.setSuggestedPrompts({ channel_id: event.channel, ...prompts() } as Parameters<
            typeof client.assistant.threads.setSuggestedPrompts
          >[0]);
          return;
        }
        await client.views.publish({ user_id: event.user, view: await homeView(deps, context.teamId, event.user) });
      } catch (error) {
        logger.warn({ err: error }, 'app home failed');
      }
    });
    return Promise.resolve();
  });

  app.command('/compact', async ({ command, ack, respond, client }) => {
    await ack();
    work.run('command', () => runCommand(command, respond, client));
  });

  const runCommand = async (
    command: { text: string; team_id: string; user_id: string; channel_id: string },
    respond: RespondFn,
    client: WebClient,
  ) => {
    const [sub = 'help', ...rest] = command.text.trim().split(/\s+/);
    const argument = rest.join(' ').trim();
    const language = languageOfText(deps, argument);
    try {
      const subcommand = sub.toLowerCase();
      if (subcommand === 'ask') {
        if (!argument) {
          await respond({ response_type: 'ephemeral', ...renderLine(message('chat.empty_question', language)) });
          return;
        }
        await askByCommand(deps, client, respond, command, argument);
      } else if (subcommand === 'summary') {
        const memberId = await memberOf(deps, command.team_id, command.user_id);
        if (!memberId) {
          // The answer service writes the access_denied audit row for an unknown identity.
          await deps.answer({ memberId: null, context: { kind: 'dm' }, question: `/compact ${command.text}`, platform: 'slack' });
          await respond({ response_type: 'ephemeral', ...renderLine(message('answer.no_access', language)) });
          return;
        }
        await requestSummaryInSlack(deps, respond, { memberId, channelId: command.channel_id, text: argument });
      } else if (subcommand === 'reminders') {
        await remindersByCommand(deps, respond, command);
      } else {
        await respond({ response_type: 'ephemeral', ...renderLine(message('chat.help', language)) });
      }
    } catch (error) {
      await respond({ response_type: 'ephemeral', ...renderLine(friendlyError(deps, error, `command:${sub}`, argument)) }).catch(
        () => undefined,
      );
    }
  };

  type ActionHandler = (args: {
    memberId: string;
    value: string;
    respond: RespondFn;
    client: WebClient;
    channelId?: string;
  }) => Promise<void>;
  const actions = new Map<string, ActionHandler>();
  const onAction = (actionId: string, handle: ActionHandler) => actions.set(actionId, handle);
  // One listener for every button and menu of ours, routed by action_id: Bolt runs each listener's
  // middleware for every incoming request, so six listeners cost every event's ack six times over.
  app.action(/^compact_/, async ({ ack, body, action, respond, client }) => {
    await ack();
    const a = action as { action_id: string; value?: string; selected_option?: { value: string } };
    const actionId = a.action_id;
    const handle = actions.get(actionId);
    if (!handle) return;
    const b = body as { user: { id: string; team_id?: string }; team?: { id: string } | null; channel?: { id: string } };
    const value = a.value ?? a.selected_option?.value ?? '';
    work.run(actionId, async () => {
      try {
        const memberId = await memberOf(deps, b.user.team_id ?? b.team?.id, b.user.id);
        if (!memberId) {
          await respond({ response_type: 'ephemeral', replace_original: false, ...renderLine(message('answer.no_access')) });
          return;
        }
        await handle({ memberId, value, respond, client, channelId: b.channel?.id });
      } catch (error) {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          ...renderLine(friendlyError(deps, error, `action:${actionId}`)),
        }).catch(() => undefined);
      }
    });
  });

  onAction(FEEDBACK_ACTION, async ({ memberId, value, respond }) => {
    const [rating, id] = value.split(':');
    if ((rating !== 'up' && rating !== 'down') || !Number.isInteger(Number(id))) return;
    const stored = await recordFeedback(deps.db, { auditId: Number(id), platform: 'slack', memberId, rating: rating as FeedbackRating });
    if (!stored) return;
    metrics.feedback.inc({ platform: 'slack', rating });
    await respond({ response_type: 'ephemeral', replace_original: false, ...renderLine(message('chat.feedback_thanks')) });
  });

  onAction(POST_TO_CHANNEL_ACTION, async ({ memberId, value, respond, client }) => {
    const { auditId, channelId } = JSON.parse(value) as { auditId: number; channelId: string };
    const entry = await findAuditEntry(deps.db, Number(auditId));
    const language = languageOfText(deps, entry?.question ?? '');
    const refuse = async (key: 'chat.post_refused' | 'chat.post_no_channel') => {
      await respond({ response_type: 'ephemeral', replace_original: false, ...renderLine(message(key, language)) });
    };
    // Only the asker may share their own answer, and only an answer (not a refusal).
    if (!entry || entry.kind !== 'answer' || entry.memberId !== memberId || !entry.answerText) return refuse('chat.post_refused');
    const workingGroupId = await workingGroupOfSlackChannel(deps.db, channelId);
    if (!workingGroupId) return refuse('chat.post_no_channel');
    // Re-checked now, in SQL: every cited document must be one every member of the group may see.
    const scope = new Set(await listScopedDocumentIds(deps.db, { memberId, context: { kind: 'channel', workingGroupId } }));
    if (!entry.citedDocumentIds.every((id) => scope.has(id))) return refuse('chat.post_refused');
    const posted = await client.chat.postMessage({
      channel: channelId,
      text: escapeMrkdwn(entry.answerText).slice(0, 3_000),
      blocks: fitBlocks(sectionBlocks(entry.answerText), [feedbackBlock(entry.id, language)]),
      unfurl_links: false,
      unfurl_media: false,
    });
    if (posted.ts) {
      await recordPostedMessage(deps.db, {
        platform: 'slack',
        conversationId: channelId,
        messageId: posted.ts,
        auditId: entry.id,
        documentIds: entry.citedDocumentIds,
        language,
      });
    }
    await respond({ response_type: 'ephemeral', replace_original: false, ...renderLine(message('chat.posted', language)) });
  });

  onAction(SUMMARY_APPROVE_ACTION, ({ memberId, value, respond, client }) => approveInSlack(deps, client, respond, memberId, value));
  onAction(SUMMARY_REGENERATE_ACTION, ({ memberId, value, respond }) => regenerateInSlack(deps, respond, memberId, value));
  onAction(SUMMARY_DISCARD_ACTION, ({ memberId, value, respond }) => discardInSlack(deps, respond, memberId, value));
  onAction(SUMMARY_GROUP_ACTION, async ({ memberId, value, respond }) => {
    const { wg, state } = JSON.parse(value) as { wg: string; state: string };
    await draftSummary(deps, respond, {
      memberId,
      workingGroupId: wg,
      memberStateId: state,
      question: `summary ${state} ${wg}`,
      language: 'en',
      replace: true,
    });
  });
}

/** `/compact ask`: a private answer from the asker's own scope; in a group's channel with Post to channel. */
async function askByCommand(
  deps: SlackDependencies,
  client: WebClient,
  respond: RespondFn,
  command: { team_id: string; user_id: string; channel_id: string },
  question: string,
) {
  const memberId = await memberOf(deps, command.team_id, command.user_id);
  if (memberId === null) {
    const refused = await deps.answer({ memberId: null, context: { kind: 'dm' }, question, platform: 'slack' });
    await respond({ response_type: 'ephemeral', ...renderLine(message('answer.no_access', refused.language)) });
    return;
  }
  const answer = await deps.answer({ memberId, context: { kind: 'dm' }, question, platform: 'slack' });
  const inGroupChannel = (await workingGroupOfSlackChannel(deps.db, command.channel_id)) !== null;
  await respond({ response_type: 'ephemeral', ...renderAnswer(answer, inGroupChannel ? { postToChannel: command.channel_id } : {}) });
}

async function remindersByCommand(
  deps: SlackDependencies,
  respond: RespondFn,
  command: { team_id: string; user_id: string; channel_id: string },
) {
  const now = deps.now?.() ?? new Date();
  let reminders = await nextReminders(deps.db, { slackChannelId: command.channel_id }, now);
  if (reminders.length === 0) {
    const memberId = await memberOf(deps, command.team_id, command.user_id);
    const profile = memberId ? await findMemberProfile(deps.db, memberId) : undefined;
    if (!profile) {
      await respond({ response_type: 'ephemeral', ...renderLine(message('answer.no_access')) });
      return;
    }
    reminders = await nextReminders(deps.db, { groupIds: profile.workingGroups.map((g) => g.id) }, now);
  }
  const text = reminders.length
    ? reminders.map((r) => `• *${r.title}*: ${r.sendAt} (${r.eventAt})`).join('\n')
    : message('chat.no_reminders');
  await respond({ response_type: 'ephemeral', ...renderLine(text) });
}

async function homeView(deps: SlackDependencies, teamId: string | undefined, userId: string) {
  const memberId = await memberOf(deps, teamId, userId);
  const profile = memberId ? await findMemberProfile(deps.db, memberId) : undefined;
  if (!memberId || !profile) return renderHome({ kind: 'unknown' });
  const counts = await countScopedDocumentsByMemberState(deps.db, { memberId, context: { kind: 'dm' } });
  const reminders = await nextReminders(deps.db, { groupIds: profile.workingGroups.map((g) => g.id) }, deps.now?.() ?? new Date(), 5);
  return renderHome({ kind: 'member', profile, counts, reminders });
}
