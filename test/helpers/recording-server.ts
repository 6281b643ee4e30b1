import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP peer on 127.0.0.1 that speaks enough of the Slack Web API and of the Bot Framework
 * Connector (Teams) for our outbound calls, and records every request. Point `SLACK_API_URL` at
 * `slackApiUrl` and a Teams conversation reference's `serviceUrl` at `teamsServiceUrl`.
 *
 * Slack: chat.postMessage, chat.update, chat.postEphemeral, conversations.history, auth.test,
 * and conversations.members / conversations.info / users.info from a roster the test sets
 * (form-encoded or JSON bodies); any other /api/ method answers { ok: true } unless routed.
 * Connector: POST /v3/conversations (new conversation or channel thread), POST
 * /v3/conversations/:id/activities[/:replyToId], PUT/DELETE /v3/conversations/:id/activities/:activityId.
 * Optional per-channel rate limit on chat.postMessage (429 + Retry-After), per-channel errors, injected
 * failures, and custom routes for whatever else a test needs.
 */

export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed body: JSON, or form fields (strings) for application/x-www-form-urlencoded. */
  body: Record<string, unknown>;
  rawBody: string;
  receivedAt: number;
  /** Status we answered with (set when the response is written). */
  status?: number;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  threadTs?: string;
  blocks?: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  postedAt: number;
}

export interface TeamsActivity {
  /** The conversation the activity landed in (for a new channel thread: "<channel>;messageid=<id>"). */
  conversationId: string;
  activityId: string;
  /** The Teams channel id, when the activity started a channel thread. */
  channelId?: string;
  replyToId?: string;
  activity: Record<string, unknown>;
  kind: 'create-conversation' | 'send' | 'reply' | 'update' | 'delete';
  postedAt: number;
}

export interface InjectedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Close the connection without answering (a request that got through, a reply that never came). */
  drop?: boolean;
}

export type RouteHandler = (request: RecordedRequest, server: RecordingServer) => InjectedResponse | Promise<InjectedResponse>;

export interface RecordingServerOptions {
  /** Enforce a minimum gap between accepted chat.postMessage calls per channel (Slack: about 1 s). */
  slackRateLimit?: { perChannelIntervalMs: number; retryAfterSeconds?: number };
  /** chat.postMessage to these channels fails with the given Slack error (e.g. is_archived). */
  slackChannelErrors?: Record<string, string>;
  /** Posts into these Teams channel ids fail with the given HTTP status (e.g. 403 bot removed). */
  teamsChannelErrors?: Record<string, number>;
  /** The server's "now" for Slack message ts (tests with a manual clock pass it here). */
  clock?: () => Date;
  /** Delay before answering each request (to keep requests in flight). */
  responseDelayMs?: number;
}

/** A Slack user as users.info describes them (a roster the test sets). */
export interface SlackRosterUser {
  id: string;
  /** Home workspace (team_id); another organisation's in a Slack Connect channel. */
  teamId: string;
  /** is_restricted (multi-channel guest). */
  guest?: boolean;
  bot?: boolean;
  /** The Slack client's locale (users.info with include_locale), e.g. 'zh-CN'. */
  locale?: string;
}

/** Who is in a Slack conversation, as conversations.members / conversations.info answer; or an error they answer with. */
export type SlackRoster = { members: string[]; externallyShared?: boolean } | { error: string };

export interface RecordingServer {
  readonly url: string;
  /** Base for SLACK_API_URL / WebClient slackApiUrl (ends with /api/). */
  readonly slackApiUrl: string;
  /** Base for a Teams conversation reference's serviceUrl (ends with /). */
  readonly teamsServiceUrl: string;
  readonly requests: RecordedRequest[];
  readonly slackMessages: SlackMessage[];
  readonly teamsActivities: TeamsActivity[];
  /** 429s answered so far. */
  rateLimited(): number;
  /** The next `count` requests to `path` (e.g. '/api/chat.postMessage') get `response`. */
  failNext(path: string, count: number, response: InjectedResponse): void;
  /** Custom handler for METHOD + path (exact, or a RegExp); takes precedence over built-ins. */
  route(method: string, path: string | RegExp, handler: RouteHandler): void;
  /** Called for every request after it is recorded, before it is answered. */
  onRequest(listener: (request: RecordedRequest) => void): void;
  requestsTo(path: string): RecordedRequest[];
  /**
   * conversations.members (paged, 2 per page so paging is exercised), conversations.info and
   * users.info answer from what the test sets here. A channel with no roster answers
   * channel_not_found; an unknown user, user_not_found.
   */
  setSlackRoster(channel: string, roster: SlackRoster): void;
  setSlackUsers(users: SlackRosterUser[]): void;
  reset(): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { value: parsed };
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

const parseMaybeJson = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

export async function startRecordingServer(options: RecordingServerOptions = {}): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const slackMessages: SlackMessage[] = [];
  const teamsActivities: TeamsActivity[] = [];
  const injected = new Map<string, { count: number; response: InjectedResponse }[]>();
  const routes: { method: string; path: string | RegExp; handler: RouteHandler }[] = [];
  const listeners: ((request: RecordedRequest) => void)[] = [];
  const lastSlackPost = new Map<string, number>();
  const slackRosters = new Map<string, SlackRoster>();
  const slackUsers = new Map<string, SlackRosterUser>([['U0BOT00001', { id: 'U0BOT00001', teamId: 'T0TEST0001', bot: true }]]);
  let rateLimitedCount = 0;
  let seq = 0;
  let tsCounter = 0;
  let activityCounter = 0;
  const clock = options.clock ?? (() => new Date());

  const nextTs = () => {
    tsCounter += 1;
    return `${Math.floor(clock().getTime() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
  };

  function slack(request: RecordedRequest): InjectedResponse {
    const method = request.path.slice('/api/'.length);
    const body = request.body;
    const ok = (payload: Record<string, unknown>) => ({ status: 200, body: { ok: true, ...payload } });
    const fail = (error: string) => ({ status: 200, body: { ok: false, error } });
    switch (method) {
      case 'auth.test':
        return ok({
          url: 'https://compact-test.slack.com/',
          team: 'Compact Test',
          user: 'compact-bot',
          team_id: 'T0TEST0001',
          user_id: 'U0BOT00001',
          bot_id: 'B0BOT00001',
        });
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        const channel = String(body.channel ?? '');
        if (!channel) return fail('channel_not_found');
        const error = options.slackChannelErrors?.[channel];
        if (error) return fail(error);
        if (method === 'chat.postMessage' && options.slackRateLimit) {
          const now = Date.now();
          const last = lastSlackPost.get(channel);
          if (last !== undefined && now - last < options.slackRateLimit.perChannelIntervalMs) {
            rateLimitedCount += 1;
            return {
              status: 429,
              headers: { 'retry-after': String(options.slackRateLimit.retryAfterSeconds ?? 1) },
              body: { ok: false, error: 'ratelimited' },
            };
          }
          lastSlackPost.set(channel, now);
        }
        const ts = nextTs();
        if (method === 'chat.postEphemeral') return ok({ message_ts: ts });
        const message: SlackMessage = {
          channel,
          ts,
          text: String(body.text ?? ''),
          ...(body.thread_ts ? { threadTs: String(body.thread_ts) } : {}),
          ...(body.blocks ? { blocks: parseMaybeJson(body.blocks) } : {}),
          ...(body.metadata ? { metadata: parseMaybeJson(body.metadata) as SlackMessage['metadata'] } : {}),
          postedAt: Date.now(),
        };
        slackMessages.push(message);
        return ok({
          channel,
          ts,
          message: {
            type: 'message',
            text: message.text,
            ts,
            bot_id: 'B0BOT00001',
            ...(message.metadata ? { metadata: message.metadata } : {}),
          },
        });
      }
      case 'chat.update': {
        const message = slackMessages.find((m) => m.channel === body.channel && m.ts === body.ts);
        if (!message) return fail('message_not_found');
        if (body.text !== undefined) message.text = String(body.text);
        if (body.blocks !== undefined) message.blocks = parseMaybeJson(body.blocks);
        return ok({ channel: message.channel, ts: message.ts });
      }
      case 'conversations.history': {
        const channel = String(body.channel ?? request.query.channel ?? '');
        const error = options.slackChannelErrors?.[channel];
        if (error) return fail(error);
        const oldest = Number(body.oldest ?? request.query.oldest ?? 0);
        const latest = Number(body.latest ?? request.query.latest ?? Number.POSITIVE_INFINITY);
        const limit = Number(body.limit ?? request.query.limit ?? 100);
        const offset = Number(body.cursor ?? request.query.cursor ?? 0) || 0;
        const withMetadata = String(body.include_all_metadata ?? request.query.include_all_metadata ?? 'false') === 'true';
        const matching = slackMessages
          .filter((m) => m.channel === channel && Number(m.ts) >= oldest && Number(m.ts) <= latest)
          .sort((a, b) => Number(b.ts) - Number(a.ts));
        const page = matching.slice(offset, offset + limit);
        const hasMore = offset + limit < matching.length;
        return ok({
          messages: page.map((m) => ({
            type: 'message',
            ts: m.ts,
            text: m.text,
            bot_id: 'B0BOT00001',
            ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
          })),
          has_more: hasMore,
          response_metadata: { next_cursor: hasMore ? String(offset + limit) : '' },
        });
      }
      case 'conversations.members':
      case 'conversations.info': {
        const channel = String(body.channel ?? request.query.channel ?? '');
        const roster = slackRosters.get(channel);
        if (!roster) return fail('channel_not_found');
        if ('error' in roster) return fail(roster.error);
        if (method === 'conversations.info') {
          const shared = Boolean(roster.externallyShared);
          return ok({ channel: { id: channel, is_channel: true, is_shared: shared, is_ext_shared: shared, is_org_shared: false } });
        }
        const pageSize = 2;
        const offset = Number(body.cursor ?? request.query.cursor ?? 0) || 0;
        const next = offset + pageSize < roster.members.length ? String(offset + pageSize) : '';
        return ok({ members: roster.members.slice(offset, offset + pageSize), response_metadata: { next_cursor: next } });
      }
      case 'users.info': {
        const user = slackUsers.get(String(body.user ?? request.query.user ?? ''));
        if (!user) return fail('user_not_found');
        return ok({
          user: {
            id: user.id,
            team_id: user.teamId,
            is_bot: Boolean(user.bot),
            is_restricted: Boolean(user.guest),
            is_ultra_restricted: false,
            ...(user.locale ? { locale: user.locale } : {}),
          },
        });
      }
      default:
        return ok({});
    }
  }

  function teams(request: RecordedRequest): InjectedResponse | undefined {
    const parts = request.path.split('/').filter(Boolean).map(decodeURIComponent); // v3, conversations, id, activities, activityId
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') return undefined;
    const body = request.body;
    const newActivityId = () => {
      activityCounter += 1;
      return `${Date.now()}${String(activityCounter).padStart(4, '0')}`;
    };
    if (request.method === 'POST' && parts.length === 2) {
      const channelData = body.channelData as { channel?: { id?: string } } | undefined;
      const channelId = channelData?.channel?.id;
      const status = channelId ? options.teamsChannelErrors?.[channelId] : undefined;
      if (status)
        return {
          status,
          body: { error: { code: status === 403 ? 'BotNotInConversationRoster' : 'ConversationNotFound', message: `injected ${status}` } },
        };
      const activityId = newActivityId();
      const conversationId = channelId ? `${channelId};messageid=${activityId}` : `a:conversation-${activityId}`;
      const activity = (body.activity ?? {}) as Record<string, unknown>;
      teamsActivities.push({
        conversationId,
        activityId,
        ...(channelId ? { channelId } : {}),
        activity,
        kind: 'create-conversation',
        postedAt: Date.now(),
      });
      return { status: 201, body: { id: conversationId, activityId, serviceUrl: undefined } };
    }
    const conversationId = parts[2];
    if (!conversationId || parts[3] !== 'activities')
      return { status: 404, body: { error: { code: 'NotFound', message: 'unknown connector path' } } };
    const channelId = conversationId.split(';')[0];
    const status = channelId ? options.teamsChannelErrors?.[channelId] : undefined;
    if (status) return { status, body: { error: { code: 'Forbidden', message: `injected ${status}` } } };
    if (request.method === 'POST') {
      const activityId = newActivityId();
      const replyToId = parts[4];
      teamsActivities.push({
        conversationId,
        activityId,
        ...(replyToId ? { replyToId } : {}),
        activity: body,
        kind: replyToId ? 'reply' : 'send',
        postedAt: Date.now(),
      });
      return { status: 200, body: { id: activityId } };
    }
    if (request.method === 'PUT' && parts[4]) {
      teamsActivities.push({ conversationId, activityId: parts[4], activity: body, kind: 'update', postedAt: Date.now() });
      return { status: 200, body: { id: parts[4] } };
    }
    if (request.method === 'DELETE' && parts[4]) {
      teamsActivities.push({ conversationId, activityId: parts[4], activity: {}, kind: 'delete', postedAt: Date.now() });
      return { status: 200, body: {} };
    }
    return { status: 405, body: { error: { code: 'MethodNotAllowed', message: request.method } } };
  }

  async function answer(request: RecordedRequest): Promise<InjectedResponse> {
    const custom = routes.find(
      (r) => r.method === request.method && (typeof r.path === 'string' ? r.path === request.path : r.path.test(request.path)),
    );
    if (custom) return custom.handler(request, server);
    const queue = injected.get(request.path);
    const next = queue?.[0];
    if (next) {
      next.count -= 1;
      if (next.count <= 0) queue.shift();
      if (next.response.status === 429) rateLimitedCount += 1;
      return next.response;
    }
    if (request.path.startsWith('/api/')) return slack(request);
    return teams(request) ?? { status: 404, body: { error: 'not found' } };
  }

  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const rawBody = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      seq += 1;
      const request: RecordedRequest = {
        seq,
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: parseBody(rawBody, req.headers['content-type']),
        rawBody,
        receivedAt: Date.now(),
      };
      requests.push(request);
      for (const listener of listeners) listener(request);
      if (options.responseDelayMs) await new Promise((resolve) => setTimeout(resolve, options.responseDelayMs));
      let response: InjectedResponse;
      try {
        response = await answer(request);
      } catch (error) {
        response = { status: 500, body: { error: String(error) } };
      }
      request.status = response.status;
      if (response.drop) {
        req.socket.destroy();
        return;
      }
      res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8', ...(response.headers ?? {}) });
      res.end(response.body === undefined ? '' : JSON.stringify(response.body));
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  http.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const server: RecordingServer = {
    url,
    slackApiUrl: `${url}/api/`,
    teamsServiceUrl: `${url}/`,
    requests,
    slackMessages,
    teamsActivities,
    rateLimited: () => rateLimitedCount,
    failNext(path, count, response) {
      const queue = injected.get(path) ?? [];
      queue.push({ count, response });
      injected.set(path, queue);
    },
    route(method, path, handler) {
      routes.push({ method: method.toUpperCase(), path, handler });
    },
    onRequest(listener) {
      listeners.push(listener);
    },
    requestsTo(path) {
      return requests.filter((r) => r.path === path);
    },
    setSlackRoster(channel, roster) {
      slackRosters.set(channel, roster);
    },
    setSlackUsers(users) {
      for (const user of users) slackUsers.set(user.id, user);
    },
    reset() {
      requests.length = 0;
      slackMessages.length = 0;
      teamsActivities.length = 0;
      lastSlackPost.clear();
      rateLimitedCount = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      });
    },
  };
  return server;
}
