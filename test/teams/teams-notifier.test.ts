import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsNotifier } from '../../src/teams/teams-notifier.js';
import { createTeamsReferenceStore } from '../../src/app/create-teams-reference-store.js';
import { saveConversationReference } from '../../src/db/queries/teams-conversation-references.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';

const TEAM = 'cdf87121-8023-4c70-85d2-cc27a4fcc8db';
const CHANNEL = '19:6973de3fb9abed68403941514316396e@thread.tacv2';
const REMOVED_CHANNEL = '19:removed00000000000000000000000@thread.tacv2';
const TENANT = '11111111-2222-3333-4444-555555555555';

describe('teams notifier (proactive channel thread)', () => {
  let server: RecordingServer;
  const testDb = useTestDatabase();
  beforeAll(async () => {
    server = await startRecordingServer({ teamsChannelErrors: { [REMOVED_CHANNEL]: 403 } });
    await saveConversationReference(testDb.db, {
      conversationId: `${CHANNEL}`,
      tenantId: TENANT,
      teamId: TEAM,
      channelId: CHANNEL,
      reference: {
        channelId: 'msteams',
        serviceUrl: server.teamsServiceUrl,
        conversation: { id: CHANNEL, isGroup: true, conversationType: 'channel', tenantId: TENANT },
        bot: { id: '28:bot', name: 'Compact Bot' },
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('starts a new thread in the channel through the stored reference and returns the activity id', async () => {
    const notifier = createTeamsNotifier({
      references: createTeamsReferenceStore(testDb.db),
      teams: { appType: 'MultiTenant' },
      perChannelIntervalMs: 0,
    });
    const result = await notifier.send({ deliveryKey: 'k', teamId: TEAM, channelId: CHANNEL, text: 'Reminder: heads meeting' });
    expect(result).toEqual({ ok: true, messageId: server.teamsActivities[0]?.activityId });
    const request = server.requestsTo('/v3/conversations')[0];
    expect(request?.body).toMatchObject({
      isGroup: true,
      channelData: { channel: { id: CHANNEL }, tenant: { id: TENANT } },
      activity: { type: 'message', text: 'Reminder: heads meeting' },
    });
  });

  it('reports a removed bot (403) as a permanent failure instead of throwing', async () => {
    await saveConversationReference(testDb.db, {
      conversationId: REMOVED_CHANNEL,
      teamId: 'team-removed',
      channelId: REMOVED_CHANNEL,
      reference: { channelId: 'msteams', serviceUrl: server.teamsServiceUrl, conversation: { id: REMOVED_CHANNEL } },
    });
    const notifier = createTeamsNotifier({
      references: createTeamsReferenceStore(testDb.db),
      teams: { appType: 'MultiTenant' },
      perChannelIntervalMs: 0,
    });
    const result = await notifier.send({ deliveryKey: 'k2', teamId: 'team-removed', channelId: REMOVED_CHANNEL, text: 'x' });
    expect(result).toMatchObject({ ok: false, permanent: true });
    expect(result.ok ? '' : result.error).toContain('403');
  });

  it('fails permanently, naming the team, when no reference is stored', async () => {
    const notifier = createTeamsNotifier({ references: createTeamsReferenceStore(testDb.db), teams: { appType: 'MultiTenant' } });
    const result = await notifier.send({ deliveryKey: 'k3', teamId: 'unknown-team', channelId: '19:none@thread.tacv2', text: 'x' });
    expect(result).toMatchObject({ ok: false, permanent: true });
    expect(result.ok ? '' : result.error).toContain('unknown-team');
  });
});
