import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadConfig } from '../../src/config.js';
import { isAppError } from '../../src/errors.js';
import { message } from '../../src/core/messages/index.js';
import { createSilentLogger } from '../../src/logger.js';
import { startSlackFromConfig } from '../../src/app/start-slack-from-config.js';
import type { SlackApp } from '../../src/slack/create-slack-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import {
  CHANNELS,
  SIGNING_SECRET,
  USERS,
  blockText,
  bodyBlocks,
  command,
  directMessage,
  eventEnvelope,
  seedSlackFixture,
  waitFor,
} from './slack-harness.js';

const APP_TOKEN = 'xapp-1-A0APP00001-1-test';

/**
 * Slack's side of a Socket Mode connection, as @slack/socket-mode expects it: the client asks
 * apps.connections.open (on SLACK_API_URL, with the app token) for a wss URL, connects, waits for
 * `hello`, then gets envelopes ({ type, envelope_id, payload }) and answers each with
 * { envelope_id, payload } on the same socket.
 */
async function startSocketModePeer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as AddressInfo;
  const acks: { envelope_id: string; payload?: Record<string, unknown> }[] = [];
  const sockets: WebSocket[] = [];
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => {
      acks.push(JSON.parse(String(data)) as (typeof acks)[number]);
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP00001' } }));
  });
  let envelopes = 0;
  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=test`,
    acks,
    connections: () => sockets.length,
    /** Sends an envelope on the newest connection; returns its envelope_id. */
    send(type: 'events_api' | 'slash_commands', payload: Record<string, unknown>): string {
      envelopes += 1;
      const envelopeId = `envelope-${envelopes}`;
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no Socket Mode connection');
      socket.send(
        JSON.stringify({ type, envelope_id: envelopeId, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0 }),
      );
      return envelopeId;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.terminate();
        wss.close(() => resolve());
      }),
  };
}

describe('Slack in Socket Mode (SLACK_APP_TOKEN)', () => {
  const database = useTestDatabase({ seed: seedSlackFixture });
  let server: RecordingServer;
  let peer: Awaited<ReturnType<typeof startSocketModePeer>>;
  const responses = new Map<string, Record<string, unknown>[]>();

  const configFor = (appToken: string) =>
    loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET, // the config asks for it whatever the mode; Socket Mode does not use it
      SLACK_APP_TOKEN: appToken,
      SLACK_API_URL: server.slackApiUrl,
      REMINDERS_ENABLED: 'false',
      LOG_LEVEL: 'silent',
    });

  beforeAll(async () => {
    peer = await startSocketModePeer();
    server = await startRecordingServer();
    server.route('POST', '/api/apps.connections.open', (request) =>
      request.headers.authorization === `Bearer ${APP_TOKEN}`
        ? { status: 200, body: { ok: true, url: peer.url } }
        : { status: 200, body: { ok: false, error: 'invalid_auth' } },
    );
    server.route('POST', /^\/respond\//, (request) => {
      responses.set(request.path, [...(responses.get(request.path) ?? []), request.body]);
      return { status: 200, body: { ok: true } };
    });
  });
  afterAll(async () => {
    await peer?.close();
    await server?.close();
  });

  it('connects with the app token, acks envelopes on the socket and answers a DM and a slash command', async () => {
    let slack: SlackApp | undefined;
    try {
      slack = await startSlackFromConfig({ config: configFor(APP_TOKEN), db: database.db, logger: createSilentLogger() });
      expect(slack?.router).toBeUndefined(); // no HTTP endpoint in Socket Mode
      expect(peer.connections()).toBe(1);
      const opened = server.requestsTo('/api/apps.connections.open');
      expect(opened).toHaveLength(1);
      expect(opened[0]?.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);

      const channel = 'D0SOCKET01';
      const eventEnvelopeId = peer.send('events_api', eventEnvelope(directMessage(channel)));
      await waitFor(() => peer.acks.find((ack) => ack.envelope_id === eventEnvelopeId));
      const answer = await waitFor(() => server.requestsTo('/api/chat.postMessage').find((r) => r.body.channel === channel));
      expect(answer.headers.authorization).toBe('Bearer xoxb-test');
      expect(blockText(bodyBlocks(answer))).toMatch(/\[1\]/);
      expect(blockText(bodyBlocks(answer))).toContain('Valdoria');

      const { fields, response } = command(server, USERS.member, CHANNELS.random, 'help');
      const commandEnvelopeId = peer.send('slash_commands', fields);
      await waitFor(() => peer.acks.find((ack) => ack.envelope_id === commandEnvelopeId));
      const help = await waitFor(() => responses.get(response.path)?.[0]);
      expect(help.response_type).toBe('ephemeral');
      expect(help.text).toBe(message('chat.help', 'en'));
    } finally {
      await slack?.stop();
    }
  });

  it('refuses to start with a message naming SLACK_APP_TOKEN when Slack rejects the app token', async () => {
    const error: unknown = await startSlackFromConfig({
      config: configFor('xapp-1-A0APP00001-1-revoked'),
      db: database.db,
      logger: createSilentLogger(),
    }).then(
      async (slack) => {
        await slack?.stop();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(isAppError(error) && error.userMessage).toMatch(/invalid_auth.*SLACK_APP_TOKEN/);
  });
});
