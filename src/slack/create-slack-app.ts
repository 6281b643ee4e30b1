import { App, Assistant, ExpressReceiver, LogLevel, type Logger as BoltLogger, type RespondFn } from '@slack/bolt';
import type { AssistantThreadContextStore } from '@slack/bolt/dist/AssistantThreadContextStore.js';
import type { WebClient } from '@slack/web-api';
import { Router, type IRouter } from 'express';
import type { ConversationService } from '../core/conversation/conversation-service.js';
import { message } from '../core/messages/index.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { stopSlackAnswer } from './answer-in-slack.js';
import { createBackgroundWork, type BackgroundWork } from './background-work.js';
import { createChannelPacedFetch } from './channel-paced-fetch.js';
import { rejectSkewedRequests } from './reject-skewed-requests.js';
import { renderHome } from './render-home.js';
import { claimDelivery, friendlyError, languageOfText, type SlackDependencies } from './slack-dependencies.js';
import { createSlackOutbox } from './slack-outbox.js';
import { createSlackRosterReader } from './slack-roster-reader.js';
import { actionTurn, commandTurn, questionTurn, type SlackMessageEvent, type SlackTurn } from './slack-turns.js';

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

/**
 * Runs one turn through the conversation core and renders its replies in Slack. A failure becomes one
 * friendly private line in the member's language; the detail goes to the log.
 */
function turnRunner(deps: SlackDependencies, conversation: ConversationService) {
  return async (name: string, slackTurn: SlackTurn, client: WebClient, respond?: RespondFn) => {
    const outbox = createSlackOutbox(client, { ...slackTurn.target, ...(respond ? { respond } : {}) }, deps.logger);
    try {
      await conversation.handle(slackTurn.turn, outbox);
    } catch (error) {
      outbox.abort(error);
      const what = slackTurn.turn.what;
      const text = friendlyError(deps, error, name, what.kind === 'button' ? '' : what.text);
      await outbox
        .send({ to: { kind: 'asker' }, body: { kind: 'line', text, language: languageOfText(deps, '') } })
        .catch((replyError: unknown) => deps.logger.warn({ err: replyError }, 'could not send the error line'));
    }
  };
}

function registerListeners(app: App, deps: SlackDependencies, work: BackgroundWork) {
  const { logger } = deps;
  const conversation = deps.conversation(createSlackRosterReader(app.client));
  const runTurn = turnRunner(deps, conversation);
  registerAssistant(app, deps, work, runTurn);
  registerMessages(app, deps, work, runTurn);
  registerMembership(app, deps, conversation);

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
        const home = await deps.home({ platform: 'slack', workspace: context.teamId ?? null, userId: event.user });
        await client.views.publish({ user_id: event.user, view: renderHome(home) });
      } catch (error) {
        logger.warn({ err: error }, 'app home failed');
      }
    });
    return Promise.resolve();
  });

  app.command('/compact', async ({ command, ack, respond, client }) => {
    await ack();
    work.run('command', () => runTurn(`command:${command.text.split(/\s+/)[0] ?? ''}`, commandTurn(command), client, respond));
  });

  // One listener for every button and menu of ours, routed by action_id: Bolt runs each listener's
  // middleware for every incoming request, so six listeners cost every event's ack six times over.
  app.action(/^compact_/, async ({ ack, body, action, respond, client }) => {
    await ack();
    const a = action as { action_id: string; value?: string; selected_option?: { value: string } };
    const slackTurn = actionTurn(a.action_id, a.value ?? a.selected_option?.value ?? '', body as Parameters<typeof actionTurn>[2]);
    if (!slackTurn) return;
    work.run(a.action_id, () => runTurn(`action:${a.action_id}`, slackTurn, client, respond));
  });
}

type RunTurn = ReturnType<typeof turnRunner>;

const prompts = (language = 'en') => ({
  title: message('slack.prompts_title', language),
  prompts: [
    { title: message('slack.prompt_needs', language).slice(0, 75), message: message('slack.prompt_needs', language) },
    { title: message('slack.prompt_recommendations', language).slice(0, 75), message: message('slack.prompt_recommendations', language) },
    { title: message('slack.prompt_help', language), message: message('slack.prompt_help', language) },
  ],
});

/** Legacy assistant_view threads: context per channel+thread in PostgreSQL, never Bolt's app-global store. */
function registerAssistant(app: App, deps: SlackDependencies, work: BackgroundWork, runTurn: RunTurn) {
  const { logger } = deps;
  const threadContextStore: AssistantThreadContextStore = {
    async get(args) {
      const payload = args.payload as {
        channel?: string;
        thread_ts?: string;
        assistant_thread?: { channel_id: string; thread_ts: string };
      };
      const channel = payload.assistant_thread?.channel_id ?? payload.channel ?? '';
      const threadTs = payload.assistant_thread?.thread_ts ?? payload.thread_ts ?? '';
      return (await deps.assistantThreads.find(channel, threadTs)) ?? {};
    },
    async save(args) {
      const payload = args.payload as { assistant_thread?: { channel_id: string; thread_ts: string; context?: Record<string, unknown> } };
      const thread = payload.assistant_thread;
      if (!thread) return;
      await deps.assistantThreads.save({
        channelId: thread.channel_id,
        threadTs: thread.thread_ts,
        teamId: args.context.teamId ?? '',
        context: thread.context ?? {},
      });
    },
  };
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
        const m = event as Partial<SlackMessageEvent> & { channel: string; ts: string; bot_id?: string; subtype?: string };
        const user = m.user;
        if (m.bot_id || m.subtype || !user || user === context.botUserId) return;
        work.run('assistant message', async () => {
          if (!(await claimDelivery(deps, body as { event_id?: string }, m))) return;
          const question = (m.text ?? '').trim();
          const language = languageOfText(deps, question);
          await setTitle(question.slice(0, 100)).catch((error: unknown) => logger.debug({ err: error }, 'setTitle failed'));
          await setStatus(message('chat.searching', language)).catch((error: unknown) => logger.debug({ err: error }, 'setStatus failed'));
          await runTurn('answer:assistant', questionTurn({ ...m, user }, 'dm', context), client);
        });
      },
    }),
  );
}

/**
 * The status line ("Searching the documents you may see…") and the agent session's title for a
 * question, on every surface that has one (the legacy assistant listener sets its own).
 */
function withStatus(deps: SlackDependencies, slackTurn: SlackTurn): SlackTurn {
  const what = slackTurn.turn.what;
  if (what.kind !== 'question') return slackTurn;
  const status = message('chat.searching', languageOfText(deps, what.text));
  return { ...slackTurn, target: { ...slackTurn.target, status, title: what.text } };
}

/** Mentions, DMs and thread follow-ups: questions for the core. */
function registerMessages(app: App, deps: SlackDependencies, work: BackgroundWork, runTurn: RunTurn) {
  app.event('app_mention', async ({ event, body, context, client }) => {
    const user = event.user;
    if (event.bot_id || !user || user === context.botUserId) return;
    work.run('mention', async () => {
      if (!(await claimDelivery(deps, body, event))) return;
      const e = event as unknown as SlackMessageEvent;
      const turn = questionTurn({ ...e, user }, 'mention', { teamId: context.teamId ?? event.team, botUserId: context.botUserId });
      await runTurn('answer:mention', withStatus(deps, turn), client);
    });
  });

  app.message(async ({ message: event, body, context, client }) => {
    const m = event as Partial<SlackMessageEvent> & { channel: string; ts: string; bot_id?: string; subtype?: string };
    // Our own and other bots' messages, edits and joins are not questions.
    const user = m.user;
    if (m.bot_id || m.subtype || !user || user === context.botUserId) return;
    const isDm = m.channel_type === 'im';
    // In channels only follow-ups in a thread (the core answers those the bot answered in); a mention comes as app_mention.
    if (!isDm && (!m.thread_ts || (context.botUserId && m.text?.includes(`<@${context.botUserId}>`)))) return;
    work.run(isDm ? 'direct message' : 'thread follow-up', async () => {
      if (!(await claimDelivery(deps, body as { event_id?: string }, m))) return;
      const turn = questionTurn({ ...m, user }, isDm ? 'dm' : 'thread', { teamId: context.teamId ?? m.team });
      await runTurn(isDm ? 'answer:dm' : 'answer:thread', withStatus(deps, turn), client);
    });
  });
}

const MEMBERSHIP_EVENTS = [
  ['member_joined_channel', 'joined'],
  ['member_left_channel', 'left'],
  ['channel_shared', 'shared'],
  ['channel_unshared', 'unshared'],
] as const;

/**
 * The room changed: its cached roster is dropped at once, and when someone joined (or it was shared
 * with another workspace), earlier posts a new reader may not see are withdrawn (the core decides).
 */
function registerMembership(app: App, deps: SlackDependencies, conversation: ConversationService) {
  for (const [name, change] of MEMBERSHIP_EVENTS) {
    app.event(name, async ({ event, context }) => {
      const channel = (event as { channel?: string }).channel;
      if (!channel) return;
      await conversation
        .roomChanged({ platform: 'slack', workspace: context.teamId ?? null, conversationId: channel }, change)
        .catch((error: unknown) => deps.logger.warn({ err: error, event: name }, 'could not handle a membership change'));
    });
  }
}
