import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../src/core/messages/index.js';
import {
  checkOutcome,
  MEMBER_IDS,
  SCENARIOS,
  type Button,
  type Person,
  type RoomSetup,
  type Step,
  type StepOutcome,
} from '../helpers/conversation-scenarios.js';
import type { TeamsActivity } from '../helpers/recording-server.js';
import { revokeConsent, seedScopeFixture } from '../helpers/scope-fixture.js';
import type { TeamsMember } from '../helpers/teams-rosters.js';
import {
  BORDER_CHANNEL,
  BOT,
  TEAM_AAD,
  TENANT,
  channelMessage,
  invoke,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
} from './teams-harness.js';

/**
 * The scenario table (test/helpers/conversation-scenarios.ts) through Teams: activities POSTed to the
 * real CloudAdapter, every outbound Connector call (rosters included) answered by the recording
 * server. Teams has no private message in a room: what the asker alone sees goes to their 1:1 chat
 * (or, after a click, is the card that replaces the clicked one), and the room gets only the short
 * "sent to you privately" pointer, which carries no document text and is not counted as a room post.
 */
const ACCOUNT: Record<Person, TeamsMember & { id: string; name: string; aadObjectId: string }> = {
  chair: { id: '29:chair', name: 'Chair', aadObjectId: '00000000-0000-4000-8000-0000000000c1' },
  cochair: { id: '29:cochair', name: 'Co-chair', aadObjectId: '00000000-0000-4000-8000-0000000000c2' },
  member: { id: '29:member', name: 'Member', aadObjectId: '00000000-0000-4000-8000-0000000000c3' },
  other: { id: '29:other', name: 'Other', aadObjectId: '00000000-0000-4000-8000-0000000000c4' },
  guest: { id: '29:guest', name: 'Guest', aadObjectId: '00000000-0000-4000-8000-0000000000c5', userRole: 'guest' },
  external: { id: '29:external', name: 'External', aadObjectId: '00000000-0000-4000-8000-0000000000c6', tenantId: 'tenant-elsewhere' },
  stranger: { id: '29:stranger', name: 'Stranger', aadObjectId: '00000000-0000-4000-8000-0000000000c7' },
};
const VERB: Record<Exclude<Button, 'feedback-up' | 'feedback-down'>, string> = { share: 'postToChannel', approve: 'summaryApprove' };

async function seed(db: Parameters<typeof seedScopeFixture>[0]) {
  await seedScopeFixture(db);
  const identities = (['chair', 'cochair', 'member', 'other'] as const)
    .map((p) => `('teams', '${TENANT}', '${ACCOUNT[p].aadObjectId}', '${MEMBER_IDS[p]}')`)
    .join(', ');
  await db.exec(`
    INSERT INTO chat_identities (platform, workspace_id, external_id, member_id) VALUES ${identities};
    INSERT INTO channels (id, purpose, working_group_id, teams_team_id, teams_channel_id, teams_name) VALUES
      ('ch-border', 'working_group', 'wg-border', '${TEAM_AAD}', '${BORDER_CHANNEL}', 'Border');
    INSERT INTO memberships (member_id, working_group_id, role) VALUES ('mbr-chair', 'wg-other', 'co-chair');
    INSERT INTO reminders (id, title, working_group_id, cron, timezone, duration_minutes, lead_times, message, targets)
    VALUES ('rem-border', 'Border WG meeting', 'wg-border', '0 15 * * 4', 'UTC', 60, ARRAY['1d'], 'Meeting {event_date}',
            '{"slack":[],"teams":[{"teamId":"${TEAM_AAD}","channelId":"${BORDER_CHANNEL}"}]}'::jsonb);
  `);
}

/** A button a person was shown: where, and what clicking it sends. */
interface Shown {
  kind: 'card' | 'feedback';
  conversationId: string;
  verb?: string;
  data?: Record<string, unknown>;
  activityId?: string;
}

describe('conversation scenarios through Teams', () => {
  let h: TeamsHarness;
  const shown = new Map<Person, Shown[]>();

  beforeAll(async () => {
    h = await startTeamsHarness({}, seed);
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  async function setRoom(room: RoomSetup) {
    // A new scenario is a new room: the shared roster cache must not carry the last one's.
    await h.app.db.query('DELETE FROM room_rosters');
    if (room.unreadable) h.rosters.fail(BORDER_CHANNEL, 403);
    else
      h.rosters.set(BORDER_CHANNEL, [
        ...room.readers.map((p) => ({ tenantId: TENANT, userRole: 'user' as const, ...ACCOUNT[p] })),
        { id: BOT.id, name: BOT.name },
      ]);
  }

  const textOf = (a: TeamsActivity | { activity: Record<string, unknown> }) =>
    [a.activity.text, JSON.stringify(a.activity.entities ?? []), JSON.stringify(a.activity.attachments ?? [])].join('\n');

  function remember(person: Person, conversationId: string, activity: Record<string, unknown>, activityId?: string) {
    const list = shown.get(person) ?? [];
    const cards =
      (activity.attachments as { content?: { actions?: { verb?: string; data?: Record<string, unknown> }[] } }[] | undefined) ?? [];
    for (const action of cards.flatMap((c) => c.content?.actions ?? []))
      list.push({
        kind: 'card',
        conversationId,
        ...(action.verb ? { verb: action.verb } : {}),
        ...(action.data ? { data: action.data } : {}),
      });
    const feedbackOn = (activity.channelData as { feedbackLoop?: unknown } | undefined)?.feedbackLoop !== undefined;
    if (feedbackOn && activityId) list.push({ kind: 'feedback', conversationId, activityId });
    shown.set(person, list);
  }

  const feedbackRows = async (person: Person) =>
    (await h.app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM answer_feedback WHERE member_id = $1`, [MEMBER_IDS[person] ?? '']))
      .rows[0]!.n;

  async function click(step: Extract<Step, { do: 'click' }>): Promise<string[]> {
    const feedback = step.button === 'feedback-up' || step.button === 'feedback-down';
    const button = [...(shown.get(step.from ?? step.as) ?? [])]
      .reverse()
      .find((b) => (feedback ? b.kind === 'feedback' : b.verb === VERB[step.button as keyof typeof VERB]));
    if (!button) throw new Error(`no ${step.button} button to click`);
    const who = ACCOUNT[step.as];
    // Buttons are shown in 1:1 chats (stored, or created for a private reply): the click comes from there.
    const chat = { conversation: { id: button.conversationId, conversationType: 'personal', tenantId: TENANT } };
    if (!feedback) {
      const response = await h.post(
        invoke(
          h.server,
          who,
          button.conversationId,
          'adaptiveCard/action',
          {
            action: { type: 'Action.Execute', verb: button.verb, data: button.data },
          },
          chat,
        ),
      );
      expect(response.status).toBe(200);
      const card = (JSON.parse(response.body) as { value: Record<string, unknown> }).value;
      remember(step.as, button.conversationId, { attachments: [{ content: card }] });
      return [JSON.stringify(card)];
    }
    // Teams' own 👍/👎: Teams shows its own thanks and wants an empty 200, so the decision is read
    // from what was stored: a rating kept (thanks) or none (refused).
    const before = await feedbackRows(step.as);
    const response = await h.post(
      invoke(
        h.server,
        who,
        button.conversationId,
        'message/submitAction',
        { actionName: 'feedback', actionValue: { reaction: step.button === 'feedback-up' ? 'like' : 'dislike', feedback: '{}' } },
        { replyToId: button.activityId, ...chat },
      ),
    );
    expect(response).toEqual({ status: 200, body: '' });
    const stored = (await feedbackRows(step.as)) > before;
    return [message(stored ? 'chat.feedback_thanks' : 'room.feedback_refused', 'en')];
  }

  async function perform(step: Step): Promise<StepOutcome> {
    if (step.do === 'revoke') {
      await revokeConsent(h.app.db, step.document);
      return { room: [], actor: [] };
    }
    const before = h.server.teamsActivities.length;
    let actor: string[] = [];
    if (step.do === 'click') actor = await click(step);
    else {
      const who = ACCOUNT[step.as];
      await h.post(step.in === 'dm' ? personalMessage(h.server, who, step.text) : channelMessage(h.server, who, BORDER_CHANNEL, step.text));
    }
    const sent = h.server.teamsActivities.slice(before).filter((a) => a.kind !== 'update' && (a.activity.type ?? 'message') === 'message');
    const pointer = message('chat.sent_privately', 'en', { name: ACCOUNT[step.as].name });
    const inRoom = sent.filter((a) => (a.channelId ?? a.conversationId).startsWith(BORDER_CHANNEL));
    const room = inRoom.filter((a) => a.activity.text !== pointer).map(textOf);
    const privately = sent.filter((a) => !inRoom.includes(a) && a.kind !== 'create-conversation');
    for (const a of privately) remember(step.as, a.conversationId, a.activity, a.activityId);
    return { room, actor: [...actor, ...privately.map(textOf)] };
  }

  // Before the table: its last scenario revokes consent for the rest of the file.
  it('a co-chair who discards the chair’s draft: the chair is told in their 1:1 chat', async () => {
    await setRoom({ readers: ['chair', 'cochair', 'member'] });
    await perform({ do: 'command', as: 'chair', in: 'room', text: 'summary Valdoria' });
    const draft = [...(shown.get('chair') ?? [])].reverse().find((b) => b.verb === 'summaryDiscard');
    if (!draft) throw new Error('no draft card shown to the chair');
    const before = h.server.teamsActivities.length;
    const click = await h.post(
      invoke(
        h.server,
        ACCOUNT.cochair,
        'a-personal-cochair',
        'adaptiveCard/action',
        {
          action: { type: 'Action.Execute', verb: 'summaryDiscard', data: draft.data },
        },
        { conversation: { id: 'a-personal-cochair', conversationType: 'personal', tenantId: TENANT } },
      ),
    );
    expect(click.body).toContain(message('slack.summary_discarded', 'en'));
    const told = h.server.teamsActivities.slice(before).filter((a) => a.conversationId === draft.conversationId);
    expect(told.map((a) => String(a.activity.text)).join('\n')).toContain('Co Chair discarded');
  });

  it('a chair with no 1:1 chat with the bot is still told: a new one is opened with their AAD object id', async () => {
    await setRoom({ readers: ['chair', 'cochair', 'member'] });
    await perform({ do: 'command', as: 'chair', in: 'room', text: 'summary Valdoria' });
    const draft = [...(shown.get('chair') ?? [])].reverse().find((b) => b.verb === 'summaryDiscard');
    if (!draft) throw new Error('no draft card shown to the chair');
    await h.app.db.query(`DELETE FROM teams_conversation_references WHERE aad_object_id = $1`, [ACCOUNT.chair.aadObjectId]);
    const before = h.server.teamsActivities.length;
    await h.post(
      invoke(
        h.server,
        ACCOUNT.cochair,
        'a-personal-cochair',
        'adaptiveCard/action',
        { action: { type: 'Action.Execute', verb: 'summaryDiscard', data: draft.data } },
        { conversation: { id: 'a-personal-cochair', conversationType: 'personal', tenantId: TENANT } },
      ),
    );
    const sent = h.server.teamsActivities.slice(before);
    const created = sent.find((a) => a.kind === 'create-conversation');
    const body = h.server.requestsTo('/v3/conversations').at(-1)?.body as { members: { id: string }[]; tenantId?: string };
    expect(body.members.map((m) => m.id)).toEqual([ACCOUNT.chair.aadObjectId]);
    expect(body.tenantId).toBe(TENANT);
    const told = sent.filter((a) => a.kind === 'send' && a.conversationId === created?.conversationId);
    expect(told.map((a) => String(a.activity.text)).join('\n')).toContain('Co Chair discarded');
  });

  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      await setRoom(scenario.room);
      for (const [index, { step, room, actor }] of scenario.steps.entries()) {
        const outcome = await perform(step);
        checkOutcome(scenario.name, index, outcome, { ...(room ? { room } : {}), ...(actor ? { actor } : {}) });
      }
    });
  }
});
