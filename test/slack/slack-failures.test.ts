import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startSlackFromConfig } from '../../src/app/start-slack-from-config.js';
import { createLogger } from '../../src/logger.js';
import { message } from '../../src/core/messages/index.js';
import { isAppError } from '../../src/errors.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import {
  SIGNING_SECRET,
  USERS,
  command,
  eventEnvelope,
  nextTs,
  postEvent,
  postForm,
  seedSlackFixture,
  startSlackTestApp,
  waitFor,
  type SlackTestApp,
} from './slack-harness.js';

describe('Slack app when things fail', () => {
  let database: TestDatabase;
  let server: RecordingServer;
  let app: SlackTestApp;
  const responses = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedSlackFixture(database.db);
    server = await startRecordingServer();
    server.route('POST', /^\/respond\//, (request) => {
      responses.set(request.path, request.body);
      return { status: 200, body: { ok: true } };
    });
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
    await database?.drop();
  });

  it('stops the start with a message naming SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET when Slack rejects the token', async () => {
    server.failNext('/api/auth.test', 1, { status: 200, body: { ok: false, error: 'invalid_auth' } });
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-bad',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: server.slackApiUrl,
      LOG_LEVEL: 'silent',
    });
    const error: unknown = await startSlackFromConfig({ config, db: database.db, logger: createLogger({ level: 'silent' }) }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(error)).toBe(true);
    expect((error as Error).message).toContain('SLACK_BOT_TOKEN');
    expect((error as Error).message).toContain('SLACK_SIGNING_SECRET');
    expect((error as Error).message).toContain('invalid_auth');
  });

  it('gives one friendly line, in the asker’s language, when the database is down, and keeps serving', async () => {
    app = await startSlackTestApp(database.db, server);
    await database.db.close();
    const channel = 'D0DBDOWN01';
    const question = 'Combien de points de passage frontaliers officiels le Valdoria compte-t-il ?';
    const response = await postEvent(
      app.url,
      eventEnvelope({ type: 'message', channel, channel_type: 'im', user: USERS.member, text: question, ts: nextTs() }),
    );
    expect(response.status).toBe(200);
    const post = await waitFor(() => server.requestsTo('/api/chat.postMessage').find((r) => r.body.channel === channel));
    expect(post.body.text).toBe(message('chat.error_database', 'fr'));

    const { fields, response: url } = command(
      server,
      USERS.member,
      'C0RANDOM01',
      'ask How many border crossing points does Valdoria have?',
    );
    const ack = await postForm(app.url, fields);
    expect(ack.status).toBe(200);
    const reply = await waitFor(() => responses.get(url.path));
    expect(reply.text).toBe(message('chat.error_database', 'en'));
    expect(server.requestsTo('/api/chat.postMessage').filter((r) => r.body.channel === channel)).toHaveLength(1);
  });
});
