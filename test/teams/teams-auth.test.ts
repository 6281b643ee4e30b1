import { createSign, generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { isAppError } from '../../src/errors.js';
import { createLogger, createSilentLogger } from '../../src/logger.js';
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
const APP_ID = '00000000-0000-4000-8000-00000000abcd';

/** A JWT shaped like the Bot Connector's (issuer, audience, serviceurl) but signed with a key of ours. */
function forgedToken(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT', kid: 'forged-key-1' })}.${part({
    iss: 'https://api.botframework.com',
    aud: APP_ID,
    serviceurl: 'http://127.0.0.1:9/',
    nbf: now - 10,
    exp: now + 600,
  })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
}

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

  it('answers 401 with no body and one log line to a forged token, and prints no stack', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = loadConfig({ ...base(), HOST: '127.0.0.1', MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret' });
    const app = await startApp(config, createLogger({ level: 'info', destination }));
    const printed = vi.spyOn(console, 'error');
    const warned = vi.spyOn(console, 'warn');
    try {
      const before = lines.length;
      const token = forgedToken();
      for (const body of [JSON.stringify(activity), JSON.stringify({ ...activity, type: 'invoke', name: 'adaptiveCard/action' })]) {
        const response = await fetch(`${app.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
        });
        expect(response.status).toBe(401);
        expect(await response.text()).toBe('');
      }
      const logged = lines.slice(before);
      expect(logged).toHaveLength(2);
      for (const line of logged) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        expect(entry.msg).toBe('teams: request refused, token not valid');
        expect(entry.hasToken).toBe(true);
        expect(line).not.toContain(token);
        expect(line).not.toMatch(/\n\s+at /);
      }
      expect(printed).not.toHaveBeenCalled();
      expect(warned).not.toHaveBeenCalled();
      const none = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM teams_conversation_references`);
      expect(none.rows[0]?.n).toBe(0);

      // Not JSON at all: 400, nothing of the parser's error in the answer.
      const garbage = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"type":',
      });
      expect(garbage.status).toBe(400);
      expect(await garbage.text()).toBe('');
    } finally {
      printed.mockRestore();
      warned.mockRestore();
      await app.stop();
    }
  });
});
