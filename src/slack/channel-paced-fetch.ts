import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';

/**
 * The Web API transport of the chat app (WebClient's `fetch` option): calls that name a channel go
 * one at a time per channel, and a 429 holds back only what it limits — that channel, or for calls
 * without one that method — for its Retry-After, then the call is sent again. WebClient's own
 * handling pauses its whole queue on any 429, so one busy channel stalled answers everywhere
 * (design §5); with this transport the WebClient is told to reject a 429 that still gets through
 * (after `maxRetries`, or a Retry-After longer than `maxRetryAfterMs`) instead of pausing.
 */
export interface ChannelPacedFetchOptions {
  fetch?: typeof fetch;
  /** 429s waited out per call before the last one is handed to the caller (default 3). */
  maxRetries?: number;
  /** A longer Retry-After is not waited out inside one call (default 30 s): the caller gets the 429. */
  maxRetryAfterMs?: number;
  logger?: Logger;
}

interface Lane {
  /** The last call queued on this channel (settled or not). */
  tail: Promise<unknown>;
  /** Epoch ms before which nothing is sent on this lane (Retry-After). */
  blockedUntil: number;
  /** Calls queued or under way on this lane. */
  active: number;
}

/** Slack's Retry-After is whole seconds. */
function retryAfterMs(response: Response): number | undefined {
  const seconds = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.max(seconds, 1) * 1_000 : undefined;
}

/** The Web API method and the channel a call names (WebClient sends form-encoded bodies). */
function describeCall(input: Parameters<typeof fetch>[0], body: unknown): { method?: string; channel?: string } {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = /\/api\/([A-Za-z0-9_.]+)$/.exec(URL.canParse(url) ? new URL(url).pathname : '')?.[1];
  if (!method || typeof body !== 'string') return { method };
  const fields = new URLSearchParams(body);
  return { method, channel: fields.get('channel') ?? fields.get('channel_id') ?? undefined };
}

export function createChannelPacedFetch(options: ChannelPacedFetchOptions = {}): typeof fetch {
  const send = options.fetch ?? globalThis.fetch;
  const maxRetries = options.maxRetries ?? 3;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const lanes = new Map<string, Lane>();

  const lane = (key: string): Lane => {
    let found = lanes.get(key);
    if (!found) {
      found = { tail: Promise.resolve(), blockedUntil: 0, active: 0 };
      lanes.set(key, found);
    }
    return found;
  };

  const attempt = async (key: string, target: Lane, input: Parameters<typeof fetch>[0], init: RequestInit | undefined) => {
    for (let retries = 0; ; retries += 1) {
      const wait = target.blockedUntil - Date.now();
      if (wait > 0) await sleep(wait, undefined, { signal: init?.signal ?? undefined });
      const response = await send(input, init);
      const waitMs = response.status === 429 ? retryAfterMs(response) : undefined;
      if (waitMs === undefined) return response;
      target.blockedUntil = Math.max(target.blockedUntil, Date.now() + waitMs);
      if (retries >= maxRetries || waitMs > maxRetryAfterMs) return response;
      options.logger?.warn({ lane: key, retryAfterMs: waitMs, retries }, 'slack rate limited this channel or method; waiting Retry-After');
      await response.body?.cancel();
    }
  };

  return (input, init) => {
    const { method, channel } = describeCall(input, init?.body);
    // Not a Web API call (a response_url post): Slack limits those per URL, nothing to share.
    if (!method) return send(input, init);
    const key = channel ? `channel:${channel}` : `method:${method}`;
    const target = lane(key);
    target.active += 1;
    // Calls without a channel only share their method's Retry-After; a channel's calls also queue.
    const run = channel ? target.tail.then(() => attempt(key, target, input, init)) : attempt(key, target, input, init);
    const settled = run.catch(() => undefined);
    if (channel) target.tail = settled;
    void settled.then(() => {
      target.active -= 1;
      // Forget idle lanes, so a long-lived replica keeps none for every channel it ever posted in.
      const idle = target.active === 0 && target.blockedUntil <= Date.now();
      if (idle && lanes.get(key) === target) lanes.delete(key);
    });
    return run;
  };
}
