import { createHmac } from 'node:crypto';
import type { Express } from 'express';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { startSlackFromConfig } from '../../src/app/start-slack-from-config.js';
import type { SlackApp } from '../../src/slack/create-slack-app.js';
import { createHttpApp, finishHttpApp, listen, type RunningServer } from '../../src/web/http-app.js';
import { seedScopeFixture } from '../helpers/scope-fixture.js';
import type { RecordedRequest, RecordingServer, SlackRosterUser } from '../helpers/recording-server.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const TEAM = 'T0TEST0001';
export const BOT_USER = 'U0BOT00001';

/** Slack users of the scope fixture's members; U0STRANGER is in no directory. */
export const USERS = {
  chair: 'U0CHAIR001',
  cochair: 'U0COCHAIR1',
  member: 'U0MEMBER01',
  other: 'U0OTHER001',
  stranger: 'U0STRANGER',
} as const;

/** wg-border's registered channel; a registered channel with no working group; an unregistered one. */
export const CHANNELS = { border: 'C0BORDER01', lounge: 'C0LOUNGE01', random: 'C0RANDOM01', dm: 'D0DMCHAT01' } as const;

/** The scope fixture (test/helpers/scope-fixture.ts) plus Slack identities, channels and a reminder. */
export async function seedSlackFixture(db: Database): Promise<void> {
  await seedScopeFixture(db);
  await db.exec(`
    INSERT INTO chat_identities (platform, workspace_id, external_id, member_id) VALUES
      ('slack', '${TEAM}', '${USERS.chair}', 'mbr-chair'),
      ('slack', '', '${USERS.cochair}', 'mbr-cochair'),
      ('slack', '${TEAM}', '${USERS.member}', 'mbr-member'),
      ('slack', '${TEAM}', '${USERS.other}', 'mbr-other');
    INSERT INTO channels (id, purpose, working_group_id, slack_channel_id, slack_name) VALUES
      ('ch-border', 'working_group', 'wg-border', '${CHANNELS.border}', 'wg-border'),
      ('ch-lounge', 'general', NULL, '${CHANNELS.lounge}', 'lounge');
    -- The chair also co-chairs a second group: a summary asked for in a DM needs a choice of group.
    INSERT INTO memberships (member_id, working_group_id, role) VALUES ('mbr-chair', 'wg-other', 'co-chair');
    INSERT INTO reminders (id, title, working_group_id, cron, timezone, duration_minutes, lead_times, message, targets)
    VALUES ('rem-border', 'Border WG meeting', 'wg-border', '0 15 * * 4', 'UTC', 60, ARRAY['1d'], 'Meeting {event_date}',
            '{"slack":[{"channelId":"${CHANNELS.border}"}],"teams":[]}'::jsonb);
  `);
}

/** Slack users of the fixture as users.info describes them; U0STRANGER is a guest no directory knows. */
export const SLACK_USERS: SlackRosterUser[] = [
  { id: USERS.chair, teamId: TEAM },
  { id: USERS.cochair, teamId: TEAM },
  { id: USERS.member, teamId: TEAM },
  { id: USERS.other, teamId: TEAM },
  { id: USERS.stranger, teamId: TEAM, guest: true },
];

/** wg-border's channel with exactly the group's members and the bot in it (the rosters most tests assume). */
export function seedSlackRosters(server: Pick<RecordingServer, 'setSlackRoster' | 'setSlackUsers'>): void {
  server.setSlackUsers(SLACK_USERS);
  server.setSlackRoster(CHANNELS.border, { members: [USERS.chair, USERS.cochair, USERS.member, BOT_USER] });
  server.setSlackRoster(CHANNELS.lounge, { members: [USERS.chair, USERS.member, USERS.other, BOT_USER] });
}

export function signedHeaders(body: string, timestamp = Math.floor(Date.now() / 1000), secret = SIGNING_SECRET): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export interface SlackTestApp {
  slack: SlackApp;
  http: RunningServer;
  url: string;
  close(): Promise<void>;
}

/** The real composition (startSlackFromConfig) on a real Express app on 127.0.0.1, Web API at the recording server. */
export async function startSlackTestApp(
  db: Database,
  server: Pick<RecordingServer, 'slackApiUrl'>,
  env: Record<string, string> = {},
): Promise<SlackTestApp> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: server.slackApiUrl,
    REMINDERS_ENABLED: 'false',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const logger = createLogger({ level: config.logLevel });
  const slack = (await startSlackFromConfig({ config, db, logger }))!;
  const app: Express = createHttpApp();
  if (slack.router) app.use(slack.router);
  finishHttpApp(app, logger);
  const http = await listen(app, { host: '127.0.0.1', port: 0 });
  return { slack, http, url: http.url, close: async () => http.close() };
}

let eventCounter = 0;

export function eventEnvelope(event: Record<string, unknown>, eventId = `Ev${Date.now()}${++eventCounter}`): Record<string, unknown> {
  return {
    token: 'legacy',
    team_id: TEAM,
    api_app_id: 'A0APP00001',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true }],
    event,
  };
}

/** A question the scope fixture answers with a citation (from a document every member may see). */
export const VALDORIA_QUESTION = 'How many official land border crossing points does Valdoria have?';

/** A member's direct message to the bot, as the event inside an envelope. */
export function directMessage(channel: string, text = VALDORIA_QUESTION, user: string = USERS.member): Record<string, unknown> {
  return { type: 'message', channel, channel_type: 'im', user, text, ts: nextTs(), team: TEAM };
}

let tsCounter = 0;
/** A fresh Slack-style message ts. */
export function nextTs(): string {
  tsCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(100000 + tsCounter)}`;
}

export async function postEvent(url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedHeaders(body), ...headers },
    body,
  });
}

/** A slash command or interaction as Slack sends it: form-encoded, signed. */
export async function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  const body = new URLSearchParams(fields).toString();
  return fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...signedHeaders(body) },
    body,
  });
}

let responseCounter = 0;
/** A response_url on the recording server; its requests are what respond() sent. */
export function responseUrl(server: RecordingServer): { url: string; path: string } {
  responseCounter += 1;
  const path = `/respond/${responseCounter}`;
  return { url: `${server.url}${path}`, path };
}

export function command(server: RecordingServer, userId: string, channelId: string, text: string) {
  const response = responseUrl(server);
  return {
    response,
    fields: {
      token: 'legacy',
      team_id: TEAM,
      team_domain: 'compact-test',
      channel_id: channelId,
      channel_name: 'x',
      user_id: userId,
      user_name: 'someone',
      command: '/compact',
      text,
      api_app_id: 'A0APP00001',
      response_url: response.url,
      trigger_id: `trigger-${Date.now()}`,
    },
  };
}

export function blockAction(
  server: RecordingServer,
  userId: string,
  channelId: string,
  action: { action_id: string; value?: string; selected_option?: { value: string }; type?: string },
) {
  const response = responseUrl(server);
  const payload = {
    type: 'block_actions',
    team: { id: TEAM, domain: 'compact-test' },
    user: { id: userId, team_id: TEAM },
    api_app_id: 'A0APP00001',
    token: 'legacy',
    trigger_id: `trigger-${Date.now()}`,
    channel: { id: channelId, name: 'x' },
    container: { type: 'message', message_ts: '1.1', channel_id: channelId, is_ephemeral: true },
    response_url: response.url,
    actions: [{ type: action.type ?? 'button', block_id: 'b', action_ts: String(Date.now() / 1000), ...action }],
  };
  return { response, fields: { payload: JSON.stringify(payload) } };
}

/** Waits until `check` returns a value (polling the recording server), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the expected Slack call');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls the database until `sql` returns a row (the adapter records after Slack answered). */
export async function waitForRow<T>(db: Database, sql: string, params: unknown[], timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const { rows } = await db.query<T & Record<string, unknown>>(sql, params);
    if (rows[0]) return rows[0];
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for a row: ${sql}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** All text of a Block Kit payload (sections, context elements, button labels), for substring checks. */
export function blockText(blocks: unknown): string {
  return JSON.stringify(blocks ?? []);
}

export function bodyBlocks(request: RecordedRequest): unknown {
  const blocks = request.body.blocks;
  return typeof blocks === 'string' ? JSON.parse(blocks) : blocks;
}
