import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationReference } from 'botbuilder';
import { TeamsCloudAdapter } from '../../src/teams/teams-cloud-adapter.js';
import { createTeamsAuthentication } from '../../src/teams/teams-notifier.js';
import { createTeamsRosterReader } from '../../src/teams/teams-roster-reader.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { serveTeamsRosters, type TeamsRosters } from '../helpers/teams-rosters.js';

/** The Teams roster reader over a real CloudAdapter, against the recording Bot Connector's members API. */

const TENANT = 'tenant-compact';
const CHANNEL = '19:border@thread.tacv2';
let server: RecordingServer;
let rosters: TeamsRosters;
let reader: ReturnType<typeof createTeamsRosterReader>;

beforeAll(async () => {
  server = await startRecordingServer();
  rosters = serveTeamsRosters(server);
  const adapter = new TeamsCloudAdapter(createTeamsAuthentication({ appType: 'MultiTenant' }));
  const references = new Map<string, Partial<ConversationReference>>([
    [
      CHANNEL,
      {
        channelId: 'msteams',
        serviceUrl: server.teamsServiceUrl,
        bot: { id: '28:compact-bot', name: 'Compact Bot' },
        conversation: { id: `${CHANNEL};messageid=17`, isGroup: true, conversationType: 'channel', tenantId: TENANT, name: '' },
      },
    ],
  ]);
  reader = createTeamsRosterReader({ adapter, appId: '', referenceFor: (id) => Promise.resolve(references.get(id)) });
});
afterAll(async () => {
  await server.close();
});

const address = { platform: 'teams' as const, workspace: TENANT, conversationId: CHANNEL };

describe('Teams roster reader', () => {
  it('reads every page of the channel and maps (tenant, aadObjectId), guests and bots', async () => {
    const people = Array.from({ length: 620 }, (_, i) => ({
      id: `29:user-${i}`,
      aadObjectId: `aad-${i}`,
      tenantId: TENANT,
      userRole: 'user' as const,
    }));
    rosters.set(CHANNEL, [
      ...people,
      { id: '29:guest', aadObjectId: 'aad-guest', tenantId: TENANT, userRole: 'guest' },
      { id: '28:other-bot' },
    ]);
    const roster = await reader.read(address);
    expect(rosters.reads(CHANNEL)).toBe(2);
    expect(roster.members).toHaveLength(622);
    expect(roster.members[0]).toEqual({ platformUserId: 'aad-0', homeWorkspace: TENANT, guest: false, bot: false });
    expect(roster.members.find((m) => m.platformUserId === 'aad-guest')).toMatchObject({ guest: true, bot: false });
    expect(roster.members.at(-1)).toMatchObject({ bot: true, platformUserId: '' });
    expect(roster.externallyShared).toBe(false);
    // The room itself was asked, not the thread the reference was stored from.
    expect(
      server.requests
        .filter((r) => r.path.endsWith('/pagedmembers'))
        .every((r) => r.path === `/v3/conversations/${encodeURIComponent(CHANNEL)}/pagedmembers`),
    ).toBe(true);
  });

  it('says a channel with a member of another tenant is externally shared', async () => {
    rosters.set(CHANNEL, [
      { id: '29:a', aadObjectId: 'aad-a', tenantId: TENANT, userRole: 'user' },
      { id: '29:b', aadObjectId: 'aad-b', tenantId: 'tenant-elsewhere', userRole: 'user' },
    ]);
    const roster = await reader.read(address);
    expect(roster.externallyShared).toBe(true);
    expect(roster.members[1]).toMatchObject({ platformUserId: 'aad-b', homeWorkspace: 'tenant-elsewhere' });
  });

  it('rejects when the Connector refuses, and when the room was never seen', async () => {
    rosters.fail(CHANNEL, 403);
    await expect(reader.read(address)).rejects.toBeDefined();
    await expect(reader.read({ ...address, conversationId: '19:never@thread.tacv2' })).rejects.toThrow(/no conversation reference/);
  });
});
