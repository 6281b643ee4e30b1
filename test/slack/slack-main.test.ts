import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createSilentLogger } from '../../src/logger.js';
import { startApp } from '../../src/main.js';
import { isAppError } from '../../src/errors.js';
import { message } from '../../src/core/messages/index.js';
import { requestWithdrawalOfDocument } from '../../src/db/queries/posted-messages.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { revokeConsent } from '../helpers/scope-fixture.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import {
  SIGNING_SECRET,
  directMessage,
  eventEnvelope,
  postEvent,
  seedSlackFixture,
  signedHeaders,
  waitFor,
  waitForRow,
} from './slack-harness.js';

/** The withdrawal dispatcher's tick, 10 s in production: short, so the test waits for one tick, not ten seconds. */
const WITHDRAWAL_TICK_MS = 200;

/** The composition root with Slack configured: one HTTP app serving health and /slack/events, and the withdrawal dispatcher running. */
describe('startApp with Slack', () => {
  let database: TestDatabase;
  let server: RecordingServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedSlackFixture(database.db);
    await database.db.close(); // the app opens it itself
    server = await startRecordingServer();
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  /** The replica's configuration with Slack over HTTP, Web API at the recording server. */
  const slackConfig = (botToken = 'xoxb-test') =>
    loadConfig({
      ...database.env,
      PORT: '0',
      LOG_LEVEL: 'silent',
      REMINDERS_ENABLED: 'false',
      DEMO_DATA: 'false',
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: server.slackApiUrl,
    });

  it('mounts POST /slack/events beside /healthz, answers, and edits posted answers when consent is revoked', async () => {
    const config = slackConfig();
    const app = await startApp(config, createSilentLogger(), { withdrawalTickMs: WITHDRAWAL_TICK_MS });
    try {
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      const body = JSON.stringify({ type: 'url_verification', challenge: 'c' });
      const forged = await fetch(`${app.url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(body, undefined, 'not-the-secret') },
        body,
      });
      expect(forged.status).toBe(401);

      const channel = 'D0MAIN0001';
      await postEvent(app.url, eventEnvelope(directMessage(channel)));
      await waitFor(() => server.requestsTo('/api/chat.postMessage').find((r) => r.body.channel === channel));
      await waitForRow(app.db, `SELECT 1 FROM posted_messages WHERE conversation_id = $1`, [channel]);

      await revokeConsent(app.db, 'doc-assess');
      await requestWithdrawalOfDocument(app.db, 'doc-assess', 'revoked');
      // The dispatcher started by main.ts edits it on its own tick (every 10 s; shortened here).
      await waitFor(() => server.requestsTo('/api/chat.update').find((r) => r.body.channel === channel), 20_000);
    } finally {
      await app.stop();
    }
  });

  it('answers every acked question before a graceful stop returns (nothing acked is dropped)', async () => {
    const config = slackConfig();
    const app = await startApp(config, createSilentLogger());
    const channels = ['D0STOP0001', 'D0STOP0002', 'D0STOP0003'];
    let stopped = false;
    try {
      const acks = await Promise.all(channels.map((channel) => postEvent(app.url, eventEnvelope(directMessage(channel)))));
      expect(acks.map((response) => response.status)).toEqual([200, 200, 200]);
      // SIGTERM's path: stop taking requests, then the answers already acked run to the end.
      await app.stop();
      stopped = true;
      // A reply to each, and not the line a member gets when the database is already closed.
      const failures = [message('chat.error_database', 'en'), message('chat.error_generic', 'en')];
      const answered = new Set(
        server
          .requestsTo('/api/chat.postMessage')
          .filter((r) => !failures.includes(String(r.body.text)))
          .map((r) => r.body.channel),
      );
      expect(channels.filter((channel) => !answered.has(channel))).toEqual([]);
    } finally {
      if (!stopped) await app.stop();
    }
  });

  it('refuses to start with a message naming the variables when Slack rejects the token', async () => {
    server.failNext('/api/auth.test', 1, { status: 200, body: { ok: false, error: 'invalid_auth' } });
    const config = slackConfig('xoxb-revoked');
    const error: unknown = await startApp(config, createSilentLogger()).then(
      async (app) => {
        await app.stop();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(isAppError(error) && error.userMessage).toMatch(/SLACK_BOT_TOKEN.*SLACK_SIGNING_SECRET/);
  });

  it('reads SLACK_APP_TOKEN for Socket Mode and checks it', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xapp-1-A-1-x' }).slack.appToken).toBe(
      'xapp-1-A-1-x',
    );
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN is set/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xoxb-2' })).toThrow(
      /SLACK_APP_TOKEN: must be an app-level token/,
    );
    expect(() => loadConfig({ APP_MODE: 'production', DATABASE_URL: 'postgres://x/y', SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(
      /SLACK_SIGNING_SECRET: required/,
    );
  });
});
