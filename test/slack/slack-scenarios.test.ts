import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  checkOutcome,
  SCENARIOS,
  type Button,
  type Person,
  type RoomSetup,
  type Step,
  type StepOutcome,
} from '../helpers/conversation-scenarios.js';
import { startRecordingServer, type RecordedRequest, type RecordingServer } from '../helpers/recording-server.js';
import { revokeConsent } from '../helpers/scope-fixture.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import {
  BOT_USER,
  CHANNELS,
  SLACK_USERS,
  TEAM,
  USERS,
  blockAction,
  blockText,
  command,
  eventEnvelope,
  nextTs,
  postEvent,
  postForm,
  seedSlackFixture,
  startSlackTestApp,
  type SlackTestApp,
} from './slack-harness.js';

/**
 * The scenario table (test/helpers/conversation-scenarios.ts) through Slack: signed HTTP to the real
 * Bolt app, Web API calls (rosters included) answered by the recording server.
 */
const SLACK_ID: Record<Person, string> = {
  chair: USERS.chair,
  cochair: USERS.cochair,
  member: USERS.member,
  other: USERS.other,
  guest: 'U0GUEST001',
  external: 'U0EXTERN01',
  stranger: USERS.stranger,
};
const dmOf = (person: Person) => `D0DM${person.toUpperCase().slice(0, 6)}`;
const ACTION_ID: Record<Button, string> = {
  share: 'compact_post_to_channel',
  'feedback-up': 'compact_feedback',
  'feedback-down': 'compact_feedback',
  approve: 'compact_summary_approve',
};

describe('conversation scenarios through Slack', () => {
  let database: TestDatabase;
  let server: RecordingServer;
  let app: SlackTestApp;
  const responses = new Map<string, Record<string, unknown>[]>();
  /** The buttons of each person's private replies, newest last. */
  const buttons = new Map<Person, { actionId: string; value: string }[]>();

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedSlackFixture(database.db);
    server = await startRecordingServer();
    server.setSlackUsers([
      ...SLACK_USERS,
      { id: SLACK_ID.guest, teamId: TEAM, guest: true },
      { id: SLACK_ID.external, teamId: 'T0EXTERNAL' },
    ]);
    server.route('POST', /^\/respond\//, (request) => {
      responses.set(request.path, [...(responses.get(request.path) ?? []), request.body]);
      return { status: 200, body: { ok: true } };
    });
    app = await startSlackTestApp(database.db, server);
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
    await database?.drop();
  });

  async function setRoom(room: RoomSetup) {
    // A new scenario is a new room: the shared roster cache must not carry the last one's.
    await database.db.query('DELETE FROM room_rosters');
    server.setSlackRoster(
      CHANNELS.border,
      room.unreadable
        ? { error: 'missing_scope' }
        : { members: [...room.readers.map((p) => SLACK_ID[p]), BOT_USER], externallyShared: room.externallyShared },
    );
  }

  /** Waits until the app has nothing left to do for this step. */
  async function settle() {
    for (let i = 0; i < 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      await app.slack.idle();
    }
  }

  const textOf = (request: RecordedRequest | Record<string, unknown>) => {
    const body: Record<string, unknown> =
      'rawBody' in request && typeof request.body === 'object'
        ? (request.body as Record<string, unknown>)
        : (request as Record<string, unknown>);
    const blocks = typeof body.blocks === 'string' ? JSON.parse(body.blocks) : body.blocks;
    return `${String(body.text ?? '')}\n${blockText(blocks)}`;
  };

  function remember(person: Person, blocksOwner: Record<string, unknown>) {
    const blocks = (typeof blocksOwner.blocks === 'string' ? JSON.parse(blocksOwner.blocks) : blocksOwner.blocks) as
      | { elements?: { action_id?: string; value?: string; positive_button?: { value: string }; negative_button?: { value: string } }[] }[]
      | undefined;
    for (const element of (blocks ?? []).flatMap((b) => b.elements ?? [])) {
      const list = buttons.get(person) ?? [];
      if (element.action_id === 'compact_feedback' && element.positive_button && element.negative_button) {
        list.push(
          { actionId: 'feedback-up', value: element.positive_button.value },
          { actionId: 'feedback-down', value: element.negative_button.value },
        );
      } else if (element.action_id && element.value) list.push({ actionId: element.action_id, value: element.value });
      buttons.set(person, list);
    }
  }

  async function perform(step: Step): Promise<StepOutcome> {
    if (step.do === 'revoke') {
      await revokeConsent(database.db, step.document);
      return { room: [], actor: [] };
    }
    const before = server.requests.length;
    const user = SLACK_ID[step.as];
    const channel = step.in === 'dm' ? dmOf(step.as) : CHANNELS.border;
    let responsePath: string | undefined;
    if (step.do === 'ask') {
      const event =
        step.in === 'dm'
          ? { type: 'message', channel, channel_type: 'im', user, text: step.text, ts: nextTs(), team: TEAM }
          : { type: 'app_mention', channel, user, text: `<@${BOT_USER}> ${step.text}`, ts: nextTs(), team: TEAM };
      await postEvent(app.url, eventEnvelope(event));
    } else if (step.do === 'command') {
      const { fields, response } = command(server, user, channel, step.text);
      responsePath = response.path;
      await postForm(app.url, fields);
    } else {
      const wanted = step.button === 'share' || step.button === 'approve' ? ACTION_ID[step.button] : step.button;
      const button = [...(buttons.get(step.from ?? step.as) ?? [])].reverse().find((b) => b.actionId === wanted);
      if (!button) throw new Error(`no ${step.button} button to click`);
      const click = blockAction(server, user, channel, {
        action_id: ACTION_ID[step.button],
        value: button.value,
        ...(step.button.startsWith('feedback') ? { type: 'feedback_buttons' } : {}),
      });
      responsePath = click.response.path;
      await postForm(app.url, click.fields);
    }
    await settle();
    const requests = server.requests.slice(before);
    const room = requests.filter((r) => r.path === '/api/chat.postMessage' && r.body.channel === CHANNELS.border).map(textOf);
    const privately = [
      ...requests.filter((r) => r.path === '/api/chat.postEphemeral' && r.body.user === user).map((r) => r.body),
      ...requests.filter((r) => r.path === '/api/chat.postMessage' && r.body.channel === channel && step.in === 'dm').map((r) => r.body),
      ...requests.filter((r) => r.path === '/api/chat.update' && r.body.channel === channel && step.in === 'dm').map((r) => r.body),
      ...(responsePath ? (responses.get(responsePath) ?? []) : []),
    ];
    for (const body of privately) remember(step.as, body);
    return { room, actor: privately.map(textOf) };
  }

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
