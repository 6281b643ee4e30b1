import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { importDirectory } from '../../src/db/queries/directory.js';
import { ingestCatalog } from '../../src/ingest/ingest-catalog.js';
import { loadDirectoryFile } from '../../src/ingest/load-directory-file.js';
import { createSilentLogger } from '../../src/logger.js';
import { startApp } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { serveTeamsRosters, type TeamsMember, type TeamsRosters } from '../helpers/teams-rosters.js';

/**
 * One real app per test file (startApp: the same Express app, CloudAdapter and database as
 * production) with the Teams fixture directory and catalog loaded, and a recording Bot Connector on
 * 127.0.0.1 that every activity's serviceUrl points at.
 */

const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/chat-teams/', import.meta.url));

export const TENANT = 'tenant-compact';
export const BOT = { id: '28:compact-bot', name: 'Compact Bot' };
export const CHAIR = { id: '29:chair-user', name: 'Chair Person', aadObjectId: 'AAAAAAAA-1111-4111-8111-000000000001' };
export const MEMBER = { id: '29:member-user', name: 'Plain Member', aadObjectId: 'aaaaaaaa-2222-4222-8222-000000000002' };
export const STRANGER = { id: '29:stranger', name: 'Stranger', aadObjectId: 'bbbbbbbb-0000-4000-8000-000000000009' };
export const BORDER_CHANNEL = '19:border@thread.tacv2';
export const LOBBY_CHANNEL = '19:lobby@thread.tacv2';
export const TEAM_AAD = 'team-border-0000-4000-8000-000000000001';

export const asMember = (person: typeof CHAIR, extra: Partial<TeamsMember> = {}): TeamsMember => ({
  id: person.id,
  name: person.name,
  aadObjectId: person.aadObjectId,
  tenantId: TENANT,
  userRole: 'user',
  ...extra,
});
export const BORDER_READERS: TeamsMember[] = [asMember(CHAIR), asMember(MEMBER)];

export interface TeamsHarness {
  app: Awaited<ReturnType<typeof startApp>>;
  server: RecordingServer;
  /** The Connector's members API: the border channel is read by the chair and the plain member. */
  rosters: TeamsRosters;
  test: TestDatabase;
  post(activity: Record<string, unknown>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** The Teams fixture directory and catalog. */
export async function seedTeamsFixture(db: Database): Promise<void> {
  await importDirectory(db, loadDirectoryFile(`${FIXTURE_DIR}directory.yaml`));
  await ingestCatalog(db, `${FIXTURE_DIR}catalog.yaml`);
}

/** `seed`: fill the database instead of the Teams fixture (the scenario table seeds the scope fixture). */
export async function startTeamsHarness(
  env: Record<string, string> = {},
  seed: (db: Database) => Promise<void> = seedTeamsFixture,
): Promise<TeamsHarness> {
  const test = await createTestDatabase();
  await seed(test.db);
  await test.db.close(); // the app opens it itself
  const server = await startRecordingServer();
  const rosters = serveTeamsRosters(server);
  rosters.set(BORDER_CHANNEL, BORDER_READERS);
  const config = loadConfig({
    ...test.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    REMINDERS_ENABLED: 'false',
    DEMO_DATA: 'false',
    TEAMS_ALLOW_UNAUTHENTICATED: 'true',
    ...env,
  });
  const app = await startApp(config, createSilentLogger());
  return {
    app,
    server,
    rosters,
    test,
    async post(activity) {
      const response = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const body = await response.text();
      // A message is answered after its 200 (recorded, then run by the platform-work dispatcher):
      // the answer is out once the work this replica took is finished.
      await app.work?.idle();
      return { status: response.status, body };
    },
    async close() {
      await app.stop();
      await server.close();
      await test.drop();
    },
  };
}

let counter = 0;
const nextId = () => `act-${Date.now()}-${(counter += 1)}`;

export function personalMessage(server: RecordingServer, from: typeof CHAIR, text: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: nextId(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: server.teamsServiceUrl,
    from,
    recipient: BOT,
    conversation: { id: `a-personal-${from.id.slice(3)}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    locale: 'en-US',
    text,
    ...extra,
  };
}

export function channelMessage(server: RecordingServer, from: typeof CHAIR, channelId: string, text: string) {
  const mention = `<at>${BOT.name}</at>`;
  return {
    type: 'message',
    id: nextId(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: server.teamsServiceUrl,
    from,
    recipient: BOT,
    conversation: { id: `${channelId};messageid=${counter}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: { team: { id: '19:team-general@thread.tacv2', aadGroupId: TEAM_AAD }, channel: { id: channelId }, tenant: { id: TENANT } },
    entities: [{ type: 'mention', mentioned: BOT, text: mention }],
    locale: 'en-US',
    text: `${mention} ${text}`,
  };
}

export function groupChatMessage(server: RecordingServer, from: typeof CHAIR, text: string) {
  const mention = `<at>${BOT.name}</at>`;
  return {
    type: 'message',
    id: nextId(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: server.teamsServiceUrl,
    from,
    recipient: BOT,
    conversation: { id: '19:groupchat-1@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    entities: [{ type: 'mention', mentioned: BOT, text: mention }],
    locale: 'en-US',
    text: `${mention} ${text}`,
  };
}

export function invoke(
  server: RecordingServer,
  from: typeof CHAIR,
  conversationId: string,
  name: string,
  value: unknown,
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'invoke',
    name,
    id: nextId(),
    channelId: 'msteams',
    serviceUrl: server.teamsServiceUrl,
    from,
    recipient: BOT,
    conversation: {
      id: conversationId,
      conversationType: conversationId.startsWith('a-personal') ? 'personal' : 'channel',
      tenantId: TENANT,
    },
    channelData: { tenant: { id: TENANT } },
    locale: 'en-US',
    value,
    ...extra,
  };
}
