import { App, Assistant, ExpressReceiver, LogLevel, type Logger as BoltLogger, type RespondFn } from '@slack/bolt';
import type { AssistantThreadContextStore } from '@slack/bolt/dist/AssistantThreadContextStore.js';
import type { WebClient } from '@slack/web-api';
import { randomUUID } from 'node:crypto';
import { Router, type IRouter } from 'express';
import type { ConversationService } from '../core/conversation/conversation-service.js';
import { spokenText, type Speaker } from '../core/conversation/turn.js';
import { languageFromLocale, message } from '../core/messages/index.js';
import type { Language } from '../core/retrieval/retrieved-chunk.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createAnswerStops, type AnswerStops } from './answer-stops.js';
import { createBackgroundWork, durableWork, type DurableWork, type DurableWorkPort } from './background-work.js';
import { createChannelPacedFetch } from './channel-paced-fetch.js';
import { rejectSkewedRequests } from './reject-skewed-requests.js';
import { renderHome } from './render-home.js';
import { friendlyError, languageOfText, type SlackDependencies } from './slack-dependencies.js';
import { createSlackOutbox } from './slack-outbox.js';
import { createSlackRosterReader } from './slack-roster-reader.js';
import {
  actionTurn,
  commandTurn,
  questionTurn,
  type SlackActionBody,
  type SlackCommand,
  type SlackMessageEvent,
  type SlackTurn,
} from './slack-turns.js';

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
  /** Where acked work is recorded before the ack and claimed from (src/scheduler/platform-work-dispatcher.ts). */
  durable: DurableWorkPort;
}

export interface SlackApp {
  app: App;
  client: WebClient;
  /** HTTP mode: mount on the replica's Express app (POST /slack/events). Undefined in Socket Mode. */
  router?: IRouter;
  /** Calls auth.test: a bad token is a clear startup error naming the variables, not a crash. */
  init(): Promise<void>;
  /** Starts claiming orphaned work; Socket Mode: opens the connection. HTTP mode: the shared server listens. */
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
 * Bolt's respond() rebuilt from a stored body's response_url (the request's own is gone when the
 * work runs on another replica): POSTs the message there and throws on a refusal, as Bolt's does.
 */
function respondTo(responseUrl: string | undefined): RespondFn {
  return async (reply) => {
    if (!responseUrl) throw new Error('the interaction carries no response_url to answer on');
    const response = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(typeof reply === 'string' ? { text: reply } : reply),
    });
    if (!response.ok) throw new Error(`the response_url refused the reply: HTTP ${response.status}`);
    return response;
  };
}

/**
 * The Slack app: Bolt 5 with an ExpressReceiver, or Socket Mode. Listeners only record what they
 * accept (work.accept: durable before the ack) and the registered handlers turn the stored body into
 * a turn for the conversation core after it, so slow answers never hold Slack's 3-second window and
 * a replica's death loses none.
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
  const work = durableWork(createBackgroundWork(logger, { concurrency: options.concurrency }), options.durable, 'slack');
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
      // The 200 waits for the listeners, which only record the work (one INSERT, durable before
      // Slack hears the ack); the answers run after it (background-work.ts).
      processBeforeResponse: true,
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
  const stops = createAnswerStops(deps.answerStops, logger);
  registerListeners(app, d, work, stops);
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
      // Every handler is registered and the credentials checked: orphaned work may be claimed from now on.
      options.durable.start();
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
      // Nothing acked is dropped: no more claims, and the work this replica accepted or claimed
      // finishes before the database closes.
      await options.durable.stop();
      await work.idle();
      stops.close();
    },
    idle: () => work.idle(),
    backlog: () => work.backlog(),
  };
}

/**
 * Runs one turn through the conversation core and renders its replies in Slack. A failure becomes one
 * friendly private line in the member's language; the detail goes to the log.
 */
function turnRunner(deps: SlackDependencies, conversation: ConversationService, stops: AnswerStops) {
  return async (name: string, slackTurn: SlackTurn, client: WebClient, respond?: RespondFn) => {
    const { target } = slackTurn;
    // The member may have pressed Stop (heard by any replica) while the question waited its turn.
    const stoppedBefore =
      slackTurn.turn.what.kind === 'question' &&
      (await stops.stoppedAlready({ channel: target.channel, threadTs: target.threadTs, since: target.questionTs }));
    const outbox = createSlackOutbox(
      client,
      { ...target, ...(stoppedBefore ? { stoppedBefore } : {}), ...(respond ? { respond } : {}) },
      deps.logger,
      stops,
    );
    try {
      await conversation.handle(slackTurn.turn, outbox);
    } catch (error) {
      outbox.abort(error);
      const text = friendlyError(deps, error, name, spokenText(slackTurn.turn.what));
      await outbox
        .send({ to: { kind: 'asker' }, body: { kind: 'line', text, language: languageOfText(deps, '') } })
        .catch((replyError: unknown) => deps.logger.warn({ err: replyError }, 'could not send the error line'));
    }
  };
}

/** An Events API envelope as stored: what a handler reads again after a replica died. */
interface EventBody<Event = Record<string, unknown>> {
  event_id?: string;
  team_id?: string;
  authorizations?: { user_id?: string; is_bot?: boolean }[];
  event: Event;
}

/** The delivery's dedupe keys: the event id, and channel+ts for a message (Slack can deliver one message as two events). */
function eventKeys(body: { event_id?: string }, event: { channel?: string; ts?: string } = {}): string[] {
  return [`event:${body.event_id ?? randomUUID()}`, ...(event.channel && event.ts ? [`message:${event.channel}:${event.ts}`] : [])];
}

/** The bot's own user id, from the envelope (Bolt's context is gone when another replica runs the work). */
function botUserOf(body: EventBody): string | undefined {
  return body.authorizations?.find((a) => a.is_bot !== false)?.user_id;
}

type MessageEvent = Partial<SlackMessageEvent> & { channel: string; ts: string; bot_id?: string; subtype?: string };

function registerListeners(app: App, deps: SlackDependencies, work: DurableWork, stops: AnswerStops) {
  const { logger } = deps;
  const client = app.client;
  const conversation = deps.conversation(createSlackRosterReader(client));
  const runTurn = turnRunner(deps, conversation, stops);
  registerAssistant(app, deps, work, runTurn);
  registerMessages(app, deps, work, runTurn);
  registerMembership(app, deps, work, conversation);

  // Slack's Stop button on an agent session: the answer being written in that thread stops at once
  // if it is written here, and the stop is recorded (one upsert before the ack) for the replica
  // writing it otherwise, or about to start it (answer-stops.ts).
  app.event('agent_session_stopped', async ({ event }) => {
    const e = event as { channel: string; thread_ts?: string; event_ts?: string };
    if (!e.thread_ts) return;
    const here = await stops.stop({ channel: e.channel, threadTs: e.thread_ts, eventTs: e.event_ts ?? String(Date.now() / 1000) });
    if (here) logger.info({ channel: e.channel }, 'answer stopped by the member');
  });

  type HomeEvent = { user: string; channel: string; tab?: string };
  app.event('app_home_opened', async ({ body }) => {
    await work.accept('app_home', eventKeys(body), body);
  });
  work.handle<EventBody<HomeEvent>>('app_home', async (body) => {
    const event = body.event;
    try {
      if (event.tab === 'messages') {
        // Agent view's Messages tab: prompts for the whole conversation (no thread_ts), in the member's language.
        const language = await promptLanguage(deps, client, { platform: 'slack', workspace: body.team_id ?? null, userId: event.user });
        await client.assistant.threads.setSuggestedPrompts({ channel_id: event.channel, ...prompts(language) } as Parameters<
          typeof client.assistant.threads.setSuggestedPrompts
        >[0]);
        return;
      }
      const home = await deps.home({ platform: 'slack', workspace: body.team_id ?? null, userId: event.user });
      await client.views.publish({ user_id: event.user, view: renderHome(home) });
    } catch (error) {
      logger.warn({ err: error }, 'app home failed');
    }
  });

  type CommandBody = SlackCommand & { response_url: string; trigger_id?: string };
  app.command('/compact', async ({ command, ack }) => {
    await work.accept('command', [`command:${command.trigger_id || randomUUID()}`], command);
    await ack();
  });
  work.handle<CommandBody>('command', (command) =>
    runTurn(`command:${command.text.split(/\s+/)[0] ?? ''}`, commandTurn(command), client, respondTo(command.response_url)),
  );

  // One listener for every button and menu of ours, routed by action_id: Bolt runs each listener's
  // middleware for every incoming request, so six listeners cost every event's ack six times over.
  type ActionBody = SlackActionBody & {
    trigger_id?: string;
    response_url?: string;
    actions?: { action_id: string; value?: string; selected_option?: { value: string } }[];
  };
  const turnOf = (a: { action_id: string; value?: string; selected_option?: { value: string } }, body: ActionBody) =>
    actionTurn(a.action_id, a.value ?? a.selected_option?.value ?? '', body);
  app.action(/^compact_/, async ({ ack, body, action }) => {
    const a = action as { action_id: string; value?: string; selected_option?: { value: string } };
    const b = body as ActionBody;
    // Only a click that is a turn is recorded (the mapping is a pure function of the payload).
    if (turnOf(a, b)) await work.accept('action', [`action:${b.trigger_id || randomUUID()}:${a.action_id}`], body);
    await ack();
  });
  work.handle<ActionBody>('action', async (b) => {
    for (const a of b.actions ?? []) {
      const slackTurn = turnOf(a, b);
      if (!slackTurn) continue;
      await runTurn(`action:${a.action_id}`, slackTurn, client, respondTo(b.response_url));
      return;
    }
  });
}

type RunTurn = ReturnType<typeof turnRunner>;

/**
 * The language of a member's suggested prompts: the one they last asked in, else their Slack client's
 * locale (users.info), else English. Nothing here is document text: any failure falls back to English.
 */
async function promptLanguage(deps: SlackDependencies, client: WebClient, speaker: Speaker): Promise<Language> {
  const asked = await deps.memberLanguage(speaker).catch((error: unknown) => {
    deps.logger.debug({ err: error }, 'could not read the member’s language');
    return undefined;
  });
  if (asked) return asked;
  const info = await client.users.info({ user: speaker.userId, include_locale: true }).catch((error: unknown) => {
    deps.logger.debug({ err: error }, 'users.info (locale) failed');
    return undefined;
  });
  return languageFromLocale((info?.user as { locale?: string } | undefined)?.locale) ?? 'en';
}

const prompts = (language: Language) => ({
  title: message('slack.prompts_title', language),
  prompts: [
    { title: message('slack.prompt_needs', language).slice(0, 75), message: message('slack.prompt_needs', language) },
    { title: message('slack.prompt_recommendations', language).slice(0, 75), message: message('slack.prompt_recommendations', language) },
    { title: message('slack.prompt_help', language), message: message('slack.prompt_help', language) },
  ],
});

/** Legacy assistant_view threads: context per channel+thread in PostgreSQL, never Bolt's app-global store. */
function registerAssistant(app: App, deps: SlackDependencies, work: DurableWork, runTurn: RunTurn) {
  const { logger } = deps;
  const client = app.client;
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
  type AssistantThreadEvent = {
    type: string;
    assistant_thread: { user_id?: string; channel_id: string; thread_ts: string; context?: Record<string, unknown> };
  };
  app.assistant(
    new Assistant({
      threadContextStore,
      threadStarted: async ({ body }) => {
        await work.accept('assistant_thread', eventKeys(body as { event_id?: string }), body);
      },
      threadContextChanged: async ({ body }) => {
        await work.accept('assistant_thread', eventKeys(body as { event_id?: string }), body);
      },
      userMessage: async ({ message: event, body, context }) => {
        const m = event as MessageEvent;
        if (m.bot_id || m.subtype || !m.user || m.user === context.botUserId) return;
        await work.accept('assistant_message', eventKeys(body as { event_id?: string }, m), body);
      },
    }),
  );

  work.handle<EventBody<AssistantThreadEvent>>('assistant_thread', async (body) => {
    const thread = body.event.assistant_thread;
    try {
      await deps.assistantThreads.save({
        channelId: thread.channel_id,
        threadTs: thread.thread_ts,
        teamId: body.team_id ?? '',
        context: thread.context ?? {},
      });
      if (body.event.type === 'assistant_thread_started') {
        const language = thread.user_id
          ? await promptLanguage(deps, client, { platform: 'slack', workspace: body.team_id ?? null, userId: thread.user_id })
          : 'en';
        await client.assistant.threads.setSuggestedPrompts({
          channel_id: thread.channel_id,
          thread_ts: thread.thread_ts,
          ...prompts(language),
        });
      }
    } catch (error) {
      logger.warn({ err: error }, 'assistant thread start failed');
    }
  });

  work.handle<EventBody<MessageEvent>>('assistant_message', async (body) => {
    const m = body.event;
    const question = (m.text ?? '').trim();
    const language = languageOfText(deps, question);
    const thread = { channel_id: m.channel, thread_ts: m.thread_ts ?? m.ts };
    await client.assistant.threads
      .setTitle({ ...thread, title: question.slice(0, 100) })
      .catch((error: unknown) => logger.debug({ err: error }, 'setTitle failed'));
    await client.assistant.threads
      .setStatus({ ...thread, status: message('chat.searching', language) })
      .catch((error: unknown) => logger.debug({ err: error }, 'setStatus failed'));
    await runTurn('answer:assistant', questionTurn({ ...m, user: m.user ?? '' }, 'dm', { teamId: body.team_id ?? m.team }), client);
  });
}

/**
 * The status line ("Searching the documents you may see…") and the agent session's title for a
 * question, on every surface that has one (the legacy assistant handler sets its own).
 */
function withStatus(deps: SlackDependencies, slackTurn: SlackTurn): SlackTurn {
  const what = slackTurn.turn.what;
  if (what.kind !== 'question') return slackTurn;
  const status = message('chat.searching', languageOfText(deps, what.text));
  return { ...slackTurn, target: { ...slackTurn.target, status, title: what.text } };
}

/** Mentions, DMs and thread follow-ups: questions for the core, recorded before the ack and turned into turns from the stored body. */
function registerMessages(app: App, deps: SlackDependencies, work: DurableWork, runTurn: RunTurn) {
  const client = app.client;
  app.event('app_mention', async ({ event, body, context }) => {
    if (event.bot_id || !event.user || event.user === context.botUserId) return;
    await work.accept('mention', eventKeys(body, event), body);
  });
  work.handle<EventBody<MessageEvent>>('mention', async (body) => {
    const e = body.event;
    const turn = questionTurn({ ...e, user: e.user ?? '' }, 'mention', { teamId: body.team_id ?? e.team, botUserId: botUserOf(body) });
    await runTurn('answer:mention', withStatus(deps, turn), client);
  });

  app.message(async ({ message: event, body, context }) => {
    const m = event as MessageEvent;
    // Our own and other bots' messages, edits and joins are not questions.
    if (m.bot_id || m.subtype || !m.user || m.user === context.botUserId) return;
    if (m.channel_type === 'im') {
      await work.accept('direct_message', eventKeys(body as { event_id?: string }, m), body);
      return;
    }
    // In channels only follow-ups in a thread (the core answers those the bot answered in); a mention comes as app_mention.
    if (!m.thread_ts || (context.botUserId && m.text?.includes(`<@${context.botUserId}>`))) return;
    await work.accept('thread_follow_up', eventKeys(body as { event_id?: string }, m), body);
  });
  work.handle<EventBody<MessageEvent>>('direct_message', async (body) => {
    const m = body.event;
    await runTurn(
      'answer:dm',
      withStatus(deps, questionTurn({ ...m, user: m.user ?? '' }, 'dm', { teamId: body.team_id ?? m.team })),
      client,
    );
  });
  work.handle<EventBody<MessageEvent>>('thread_follow_up', async (body) => {
    const m = body.event;
    await runTurn(
      'answer:thread',
      withStatus(deps, questionTurn({ ...m, user: m.user ?? '' }, 'thread', { teamId: body.team_id ?? m.team })),
      client,
    );
  });
}

const MEMBERSHIP_EVENTS = [
  ['member_joined_channel', 'joined'],
  ['member_left_channel', 'left'],
  ['channel_shared', 'shared'],
  ['channel_unshared', 'unshared'],
] as const;

type MembershipChange = (typeof MEMBERSHIP_EVENTS)[number][1];

/**
 * The room changed. Before the ack its cached roster is dropped (one DELETE: no turn after this reads
 * the room without its newcomer) and the change recorded; after it, durably, the core withdraws earlier
 * posts a new reader may not see (it reads the room from Slack, too slow for the ack path).
 */
function registerMembership(app: App, deps: SlackDependencies, work: DurableWork, conversation: ConversationService) {
  for (const [name, change] of MEMBERSHIP_EVENTS) {
    app.event(name, async ({ event, body }) => {
      const channel = (event as { channel?: string }).channel;
      if (!channel) return;
      const workspace = (body as { team_id?: string }).team_id ?? null;
      await deps
        .dropRoster({ platform: 'slack', workspace, conversationId: channel })
        .catch((error: unknown) => deps.logger.warn({ err: error, event: name }, 'could not drop a room roster'));
      await work.accept(`room_${change}`, eventKeys(body as { event_id?: string }), body);
    });
    work.handle<EventBody<{ channel?: string }>>(`room_${change}`, async (body) => {
      const channel = body.event.channel;
      if (!channel) return;
      await conversation
        .roomChanged({ platform: 'slack', workspace: body.team_id ?? null, conversationId: channel }, change satisfies MembershipChange)
        .catch((error: unknown) => deps.logger.warn({ err: error, event: name }, 'could not handle a membership change'));
    });
  }
}
