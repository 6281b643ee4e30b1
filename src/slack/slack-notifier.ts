import { setTimeout as sleep } from 'node:timers/promises';
import { LogLevel, WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { ReminderPost, ReminderSender, SendResult } from '../core/reminders/reminder-sender.js';

/**
 * Posts bot messages into Slack channels with our own pacing. WebClient's built-in handling of a 429
 * pauses its whole request queue (every channel) and retries blindly; instead we turn its retries off,
 * have rate-limited calls rejected, pace each channel to about one message per second (Slack's
 * chat.postMessage limit) and honour Retry-After for that channel only.
 */

export const REMINDER_METADATA_EVENT_TYPE = 'compact_reminder';

/** Errors after which retrying the same channel cannot succeed: the delivery is marked failed. */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'account_inactive',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'team_access_not_granted',
  'ekm_access_denied',
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'channel_is_archived',
  'cannot_reply_to_message',
]);

export interface SlackNotifierOptions {
  token: string;
  /** Base URL of the Web API (tests: the recording server). */
  apiUrl?: string;
  logger?: Logger;
  /** Minimum gap between two posts to one channel. */
  perChannelIntervalMs?: number;
  /** 429s tolerated per post before giving the delivery back for a later retry. */
  maxRateLimitRetries?: number;
  /** A Retry-After longer than this is not waited out inside one claim; the delivery is retried later. */
  maxRetryAfterMs?: number;
  requestTimeoutMs?: number;
}

export interface SlackNotifier extends ReminderSender {
  readonly client: WebClient;
  /** Posts plain text with metadata; used by reminders and reusable by other features. */
  postMessage(
    channelId: string,
    text: string,
    metadata?: { event_type: string; event_payload: Record<string, string> },
  ): Promise<SendResult>;
  /** 429 responses seen so far (for metrics and the benchmark). */
  rateLimitedCount(): number;
}

interface SlackCallError {
  code?: string;
  retryAfter?: number;
  data?: { error?: string };
  message?: string;
}

export function createSlackNotifier(options: SlackNotifierOptions): SlackNotifier {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
    timeout: options.requestTimeoutMs ?? 15_000,
  });
  const interval = options.perChannelIntervalMs ?? 1_000;
  // Waits happen while the dispatcher holds a claim (2 min by default): 3 × 30 s stays well inside it.
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const logger = options.logger;
  /** Per channel: the tail of its queue and when the next post may start. */
  const lanes = new Map<string, { tail: Promise<unknown>; nextAt: number }>();
  let rateLimited = 0;

  function lane(channelId: string) {
    let entry = lanes.get(channelId);
    if (!entry) {
      entry = { tail: Promise.resolve(), nextAt: 0 };
      lanes.set(channelId, entry);
    }
    return entry;
  }

  /** Runs `work` after earlier work on the channel, no sooner than the channel's pacing allows. */
  function inChannel<T>(channelId: string, work: (pace: (delayMs: number) => void) => Promise<T>): Promise<T> {
    const entry = lane(channelId);
    const run = entry.tail.then(async () => {
      const wait = entry.nextAt - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        return await work((delayMs) => {
          entry.nextAt = Math.max(entry.nextAt, Date.now() + delayMs);
        });
      } finally {
        entry.nextAt = Math.max(entry.nextAt, Date.now() + interval);
      }
    });
    entry.tail = run.catch(() => undefined);
    return run;
  }

  function classify(error: unknown): SendResult {
    const e = error as SlackCallError;
    const code = e.data?.error ?? e.code ?? 'unknown_error';
    return { ok: false, permanent: PERMANENT_ERRORS.has(code), error: e.data?.error ? `slack: ${code}` : `slack: ${e.message ?? code}` };
  }

  async function postMessage(
    channelId: string,
    text: string,
    metadata?: { event_type: string; event_payload: Record<string, string> },
  ): Promise<SendResult> {
    return inChannel(channelId, async (pace) => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          const response = await client.chat.postMessage({
            channel: channelId,
            text,
            unfurl_links: false,
            unfurl_media: false,
            ...(metadata ? { metadata } : {}),
          });
          return { ok: true, messageId: response.ts ?? null };
        } catch (error) {
          const e = error as SlackCallError;
          if (e.code === 'slack_webapi_rate_limited_error') {
            rateLimited += 1;
            const waitMs = Math.max(1, e.retryAfter ?? 1) * 1_000;
            logger?.warn({ channelId, retryAfterMs: waitMs, attempt }, 'slack rate limited this channel; waiting Retry-After');
            if (attempt >= maxRetries || waitMs > maxRetryAfterMs) {
              pace(waitMs);
              return { ok: false, permanent: false, error: `slack: rate limited (Retry-After ${waitMs / 1000}s)` };
            }
            await sleep(waitMs);
            continue;
          }
          return classify(error);
        }
      }
    });
  }

  return {
    platform: 'slack',
    client,
    rateLimitedCount: () => rateLimited,
    postMessage,
    send(post: ReminderPost) {
      return postMessage(post.channelId, post.text, {
        event_type: REMINDER_METADATA_EVENT_TYPE,
        event_payload: { delivery_key: post.deliveryKey },
      });
    },
    async findExistingPost(post: ReminderPost, since: Date) {
      // Read back the channel since the first claim: a post carrying this delivery's key means an
      // earlier holder sent it and died before recording that. Needs channels:history (or groups:history).
      let cursor: string | undefined;
      let rateLimitWaits = 0;
      for (let page = 0; page < 10; page += 1) {
        let response;
        try {
          response = await client.conversations.history({
            channel: post.channelId,
            oldest: (Math.floor(since.getTime() / 1000) - 60).toString(),
            include_all_metadata: true,
            limit: 200,
            ...(cursor ? { cursor } : {}),
          });
        } catch (error) {
          const e = error as SlackCallError;
          if (e.code === 'slack_webapi_rate_limited_error' && rateLimitWaits < maxRetries) {
            rateLimitWaits += 1;
            rateLimited += 1;
            await sleep(Math.max(1, e.retryAfter ?? 1) * 1_000);
            page -= 1;
            continue;
          }
          logger?.warn(
            { channelId: post.channelId, error: e.data?.error ?? e.message },
            'cannot read channel history to check for an earlier post; sending',
          );
          return undefined;
        }
        const found = response.messages?.find((message) => {
          const meta = message.metadata as { event_type?: string; event_payload?: { delivery_key?: string } } | undefined;
          return meta?.event_type === REMINDER_METADATA_EVENT_TYPE && meta.event_payload?.delivery_key === post.deliveryKey;
        });
        if (found?.ts) return found.ts;
        cursor = response.response_metadata?.next_cursor || undefined;
        if (!response.has_more || !cursor) return undefined;
      }
      return undefined;
    },
  };
}
