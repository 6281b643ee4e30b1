import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../src/core/messages/index.js';
import {
  BORDER_CHANNEL,
  BORDER_READERS,
  CHAIR,
  MEMBER,
  STRANGER,
  TENANT,
  asMember,
  channelMessage,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
} from './teams-harness.js';

/** The room is the audience in Teams too: the roster the Connector lists decides what goes to the channel. */

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(async () => {
  await h.close();
});

const QUESTION = 'How many border crossing points are connected to INTERPOL I-24/7 in Valdoria?';
const since = (n: number) => h.server.teamsActivities.slice(n);
const inChannel = (n: number) => since(n).filter((a) => a.conversationId.startsWith(BORDER_CHANNEL));
/** What went anywhere but the channel: the asker's 1:1 chat (stored or created for the answer). */
const privately = (n: number) => since(n).filter((a) => !a.conversationId.startsWith(BORDER_CHANNEL) && a.kind !== 'create-conversation');
const dropCache = () => h.app.db.query(`DELETE FROM room_rosters`);

async function askInChannel(readers: Parameters<TeamsHarness['rosters']['set']>[1] | number) {
  await dropCache();
  if (typeof readers === 'number') h.rosters.fail(BORDER_CHANNEL, readers);
  else h.rosters.set(BORDER_CHANNEL, readers);
  const before = h.server.teamsActivities.length;
  await h.post(channelMessage(h.server, MEMBER, BORDER_CHANNEL, QUESTION));
  return before;
}

describe('Teams: the room decides', () => {
  it('answers in the channel when every reader is a directory member', async () => {
    const before = await askInChannel(BORDER_READERS);
    const posted = inChannel(before);
    expect(posted).toHaveLength(1);
    expect(String(posted[0]?.activity.text)).toContain('[1]');
    expect(h.rosters.reads(BORDER_CHANNEL)).toBeGreaterThan(0);
  });

  it('a guest in the channel: nothing from any document goes there; the asker gets it privately with the reason', async () => {
    const guest = {
      id: '29:guest',
      name: 'Guest',
      aadObjectId: 'cccccccc-0000-4000-8000-00000000000c',
      tenantId: TENANT,
      userRole: 'guest' as const,
    };
    const before = await askInChannel([...BORDER_READERS, guest]);
    const posted = inChannel(before);
    expect(posted.map((a) => a.activity.text)).toEqual([message('chat.sent_privately', 'en', { name: MEMBER.name })]);
    expect(posted[0]?.activity.entities ?? []).toEqual([]);
    const answer = privately(before).find((a) => a.activity.type === 'message');
    expect(String(answer?.activity.text)).toContain(message('room.private_outsiders', 'en'));
    expect(String(answer?.activity.text)).toContain('[1]');
  });

  it('a member of another tenant, or an unknown person, in the channel: private, with the reason', async () => {
    for (const outsider of [asMember(CHAIR, { tenantId: 'tenant-elsewhere' }), asMember(STRANGER)]) {
      const before = await askInChannel([asMember(MEMBER), outsider]);
      expect(inChannel(before).map((a) => a.activity.text)).toEqual([message('chat.sent_privately', 'en', { name: MEMBER.name })]);
      expect(String(privately(before).find((a) => a.activity.type === 'message')?.activity.text)).toContain(
        message('room.private_outsiders', 'en'),
      );
    }
  });

  it('a roster the Connector refuses: private, with the reason', async () => {
    const before = await askInChannel(403);
    expect(inChannel(before).map((a) => a.activity.text)).toEqual([message('chat.sent_privately', 'en', { name: MEMBER.name })]);
    expect(String(privately(before).find((a) => a.activity.type === 'message')?.activity.text)).toContain(
      message('room.private_unreadable', 'en'),
    );
  });

  it('drops the cached roster at once when members join, and withdraws earlier channel posts a newcomer may not read', async () => {
    await askInChannel(BORDER_READERS);
    const cachedRoster = async () =>
      (
        await h.app.db.query<{ roster: { members: { platformUserId: string }[] } }>(
          `SELECT roster FROM room_rosters WHERE conversation_id = $1`,
          [BORDER_CHANNEL],
        )
      ).rows[0]?.roster;
    expect(await cachedRoster()).toBeDefined();
    // Someone the directory does not know joins: the cached roster must not hide them.
    const newcomer = {
      id: '29:newcomer',
      aadObjectId: 'dddddddd-0000-4000-8000-00000000000d',
      tenantId: TENANT,
      userRole: 'user' as const,
    };
    h.rosters.set(BORDER_CHANNEL, [...BORDER_READERS, newcomer]);
    const update = {
      ...channelMessage(h.server, CHAIR, BORDER_CHANNEL, ''),
      type: 'conversationUpdate',
      text: undefined,
      entities: undefined,
      membersAdded: [{ id: newcomer.id, aadObjectId: newcomer.aadObjectId }],
    };
    expect((await h.post(update)).status).toBe(200);
    // Read again at once (the earlier cache is gone), and the channel's earlier answers are withdrawn.
    expect((await cachedRoster())?.members.map((m) => m.platformUserId)).toContain(newcomer.aadObjectId);
    const live = await h.app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM posted_messages WHERE conversation_id = $1 AND withdraw_requested_at IS NULL`,
      [BORDER_CHANNEL],
    );
    expect(live.rows[0]?.n).toBe(0);
  });

  it('a team-level membership change drops the cached roster of every channel of the team', async () => {
    await askInChannel(BORDER_READERS);
    await h.app.db.query(
      `INSERT INTO room_rosters (platform, conversation_id, roster, read_at) SELECT platform, '19:lobby@thread.tacv2', roster, read_at FROM room_rosters WHERE conversation_id = $1`,
      [BORDER_CHANNEL],
    );
    const cached = async () => (await h.app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM room_rosters`)).rows[0]?.n;
    expect(await cached()).toBe(2);
    const base = channelMessage(h.server, CHAIR, BORDER_CHANNEL, '');
    // teamMemberRemoved: the team's own conversation, no channel named.
    const update = {
      ...base,
      type: 'conversationUpdate',
      text: undefined,
      entities: undefined,
      conversation: { id: '19:team-general@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId: TENANT },
      channelData: { team: base.channelData.team, tenant: { id: TENANT }, eventType: 'teamMemberRemoved' },
      membersRemoved: [{ id: '29:leaver', aadObjectId: 'eeeeeeee-0000-4000-8000-00000000000e' }],
    };
    expect((await h.post(update)).status).toBe(200);
    expect(await cached()).toBe(0);
  });

  it('binds identities to the configured tenants', async () => {
    const other = await startTeamsHarness({ TEAMS_TENANT_IDS: 'tenant-somewhere-else' });
    try {
      const before = other.server.teamsActivities.length;
      await other.post(personalMessage(other.server, CHAIR, QUESTION));
      const reply = other.server.teamsActivities.slice(before).find((a) => a.activity.type === 'message');
      expect(reply?.activity.text).toBe(message('answer.no_access', 'en'));
    } finally {
      await other.close();
    }
  }, 90_000); // a second app with its own database: slow to start on a busy machine
});
