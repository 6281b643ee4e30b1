import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { isAppError } from '../../src/errors.js';
import { createSilentLogger } from '../../src/logger.js';
import { startApp } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/** Who may reach /api/messages: botbuilder's token check with an app id; without one, loopback only. */

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
  await test.db.close();
});
afterAll(async () => {
  await test.drop();
});

const base = () => ({ ...test.env, PORT: '0', LOG_LEVEL: 'silent', REMINDERS_ENABLED: 'false', DEMO_DATA: 'false' });
const activity = {
  type: 'message',
  id: 'a1',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  from: { id: '29:x', aadObjectId: 'x' },
  recipient: { id: '28:bot' },
  conversation: { id: 'c1', conversationType: 'personal' },
  text: 'help',
};

describe('Teams authentication', () => {
  it('refuses to start unauthenticated Teams off loopback', async () => {
    const config = loadConfig({ ...base(), HOST: '0.0.0.0', TEAMS_ALLOW_UNAUTHENTICATED: 'true' });
    const error = await startApp(config, createSilentLogger()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(error) && error.code).toBe('config.invalid');
    expect(isAppError(error) ? error.userMessage : '').toContain('TEAMS_ALLOW_UNAUTHENTICATED');
  });

  it('does not mount /api/messages at all without an app id unless asked to', async () => {
    const app = await startApp(loadConfig({ ...base(), HOST: '127.0.0.1' }), createSilentLogger());
    try {
      const response = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(404);
    } finally {
      await app.stop();
    }
  });

  it('answers 401 to a request without a valid token when an app id is set', async () => {
    const config = loadConfig({
      ...base(),
      HOST: '127.0.0.1',
      MICROSOFT_APP_ID: '00000000-0000-4000-8000-00000000abcd',
      MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
    });
    const app = await startApp(config, createSilentLogger());
    try {
      const response = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      expect(response.status).toBe(401);
      const none = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM teams_conversation_references`);
      expect(none.rows[0]?.n).toBe(0);
    } finally {
      await app.stop();
    }
  });
});
