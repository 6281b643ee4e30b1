import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/test-database.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { seedSlackFixture, startSlackTestApp, waitFor, type SlackTestApp } from './slack-harness.js';

const LIMITED = 'C0LIMITED1';
const OTHER = 'C0OTHER001';
const RETRY_AFTER_S = 3;

/**
 * Outbound Web API calls of the real Bolt app (its own WebClient, as every listener gets it): a 429
 * holds back only the channel it names, for its Retry-After, then the call is sent again; other
 * channels go on meanwhile, and the limited channel's later calls wait their turn.
 */
describe('Slack outbound pacing per channel', () => {
  const database = useTestDatabase({ seed: seedSlackFixture });
  let server: RecordingServer;
  let app: SlackTestApp;

  beforeAll(async () => {
    server = await startRecordingServer();
    let limited = false;
    server.route('POST', '/api/chat.postMessage', (request) => {
      const channel = String(request.body.channel);
      if (channel === LIMITED && !limited) {
        limited = true;
        return { status: 429, headers: { 'retry-after': String(RETRY_AFTER_S) }, body: { ok: false, error: 'ratelimited' } };
      }
      return { status: 200, body: { ok: true, channel, ts: `${Date.now() / 1000}` } };
    });
    app = await startSlackTestApp(database.db, server);
  });
  afterAll(async () => {
    await app?.slack.stop();
    await app?.close();
    await server?.close();
  });

  const posts = (channel: string) => server.requestsTo('/api/chat.postMessage').filter((r) => r.body.channel === channel);

  it('waits out Retry-After on the limited channel only, and keeps that channel in order', async () => {
    const client = app.slack.client;
    const first = client.chat.postMessage({ channel: LIMITED, text: 'first' });
    await waitFor(() => posts(LIMITED)[0]?.status === 429);

    // WebClient on its own would pause every call for the Retry-After; this one goes through now.
    await expect(client.chat.postMessage({ channel: OTHER, text: 'elsewhere' })).resolves.toMatchObject({ ok: true });
    expect(posts(LIMITED).map((r) => r.status)).toEqual([429]);

    // Queued behind the waiting call on its channel, never ahead of it.
    const second = client.chat.postMessage({ channel: LIMITED, text: 'second' });
    await expect(Promise.all([first, second])).resolves.toMatchObject([{ ok: true }, { ok: true }]);
    const limited = posts(LIMITED);
    expect(limited.map((r) => [r.body.text, r.status])).toEqual([
      ['first', 429],
      ['first', 200],
      ['second', 200],
    ]);
    expect(limited[1]!.receivedAt - limited[0]!.receivedAt).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1_000 - 50);
    // The other channel's post was sent while the limited one was still waiting (not after it).
    expect(posts(OTHER)[0]!.receivedAt).toBeLessThan(limited[0]!.receivedAt + RETRY_AFTER_S * 1_000);
  });
});
