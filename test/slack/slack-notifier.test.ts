import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackNotifier, REMINDER_METADATA_EVENT_TYPE } from '../../src/slack/slack-notifier.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';

describe('slack notifier', () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await startRecordingServer({ slackChannelErrors: { C0ARCHIVED1: 'is_archived', C0GONE00001: 'channel_not_found' } });
  });
  afterAll(async () => server.close());

  it('posts with the delivery key in metadata and returns the ts', async () => {
    const notifier = createSlackNotifier({ token: 'xoxb-test', apiUrl: server.slackApiUrl, perChannelIntervalMs: 10 });
    const result = await notifier.send({
      deliveryKey: 'rem|2026-12-10T15:00:00.000Z|7d|slack|C0SVUVTXVR8',
      channelId: 'C0SVUVTXVR8',
      text: 'hello',
    });
    expect(result).toEqual({ ok: true, messageId: server.slackMessages[0]?.ts });
    const request = server.requestsTo('/api/chat.postMessage')[0];
    expect(request?.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(request?.headers.authorization).toBe('Bearer xoxb-test');
    expect(server.slackMessages[0]).toMatchObject({
      channel: 'C0SVUVTXVR8',
      text: 'hello',
      metadata: {
        event_type: REMINDER_METADATA_EVENT_TYPE,
        event_payload: { delivery_key: 'rem|2026-12-10T15:00:00.000Z|7d|slack|C0SVUVTXVR8' },
      },
    });
  });

  it('finds an earlier post of the same delivery through conversations.history', async () => {
    const notifier = createSlackNotifier({ token: 'xoxb-test', apiUrl: server.slackApiUrl, perChannelIntervalMs: 10 });
    const post = { deliveryKey: 'k-history', channelId: 'C0HISTORY01', text: 'once' };
    expect(await notifier.findExistingPost?.(post, new Date(Date.now() - 1000))).toBeUndefined();
    const sent = await notifier.send(post);
    expect(sent.ok).toBe(true);
    const found = await notifier.findExistingPost?.(post, new Date(Date.now() - 1000));
    expect(found).toBe(sent.ok ? sent.messageId : 'unreachable');
    const historyCall = server.requestsTo('/api/conversations.history').at(-1);
    expect(historyCall?.body).toMatchObject({ channel: 'C0HISTORY01', include_all_metadata: 'true' });
  });

  it('classifies archived and missing channels as permanent failures', async () => {
    const notifier = createSlackNotifier({ token: 'xoxb-test', apiUrl: server.slackApiUrl, perChannelIntervalMs: 10 });
    expect(await notifier.send({ deliveryKey: 'a', channelId: 'C0ARCHIVED1', text: 'x' })).toEqual({
      ok: false,
      permanent: true,
      error: 'slack: is_archived',
    });
    expect(await notifier.send({ deliveryKey: 'b', channelId: 'C0GONE00001', text: 'x' })).toEqual({
      ok: false,
      permanent: true,
      error: 'slack: channel_not_found',
    });
  });

  it('waits out Retry-After on a 429 and then posts once', async () => {
    const notifier = createSlackNotifier({ token: 'xoxb-test', apiUrl: server.slackApiUrl, perChannelIntervalMs: 10 });
    server.failNext('/api/chat.postMessage', 1, {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    const before = server.requestsTo('/api/chat.postMessage').length;
    const result = await notifier.send({ deliveryKey: 'rl', channelId: 'C0RATELIM01', text: 'after the wait' });
    expect(result.ok).toBe(true);
    const calls = server.requestsTo('/api/chat.postMessage').slice(before);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    // Retry-After is 1 s: the retry must not come sooner.
    expect(calls[1]!.receivedAt - calls[0]!.receivedAt).toBeGreaterThanOrEqual(1000);
    expect(notifier.rateLimitedCount()).toBe(1);
    expect(server.slackMessages.filter((m) => m.channel === 'C0RATELIM01')).toHaveLength(1);
  });
});
