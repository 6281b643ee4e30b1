import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../src/core/messages/index.js';
import { createLogger } from '../../src/logger.js';
import { startWithdrawalDispatcher } from '../../src/scheduler/withdrawal-dispatcher.js';
import { createSlackWithdrawer } from '../../src/slack/slack-withdrawer.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import {
  BOT_USER,
  CHANNELS,
  TEAM,
  USERS,
  blockAction,
  bodyBlocks,
  blockText,
  command,
  eventEnvelope,
  nextTs,
  postEvent,
  postForm,
  seedSlackFixture,
  seedSlackRosters,
  startSlackTestApp,
  waitFor,
  waitForRow,
  type SlackTestApp,
} from './slack-harness.js';

/** The hostile-input probe's findings (issue 19.5) and history (19.2), through the real Bolt app. */
describe('Slack room guards', () => {
  let database: TestDatabase;
  let server: RecordingServer;
  let app: SlackTestApp;
  const responses = new Map<string, Record<string, unknown>[]>();
  const OTHER_CHANNEL = 'C0OTHERWG1';

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedSlackFixture(database.db);
    await database.db.query(
      `INSERT INTO channels (id, purpose, working_group_id, slack_channel_id, slack_name) VALUES ('ch-other', 'working_group', 'wg-other', $1, 'wg-other')`,
      [OTHER_CHANNEL],
    );
    server = await startRecordingServer();
    seedSlackRosters(server);
    server.setSlackRoster(OTHER_CHANNEL, { members: [USERS.other, USERS.member, BOT_USER] });
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

  const posts = (channel: string) => server.requestsTo('/api/chat.postMessage').filter((r) => r.body.channel === channel);
  const responded = (path: string) => responses.get(path);
  const shareButton = (body: Record<string, unknown>) =>
    (body.blocks as { elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'compact_post_to_channel')!.value!;

  it('posts to the conversation the button was shown in, never to one a changed value or payload names', async () => {
    const ask = command(server, USERS.member, CHANNELS.border, 'ask How many official land border crossing points does Valdoria have?');
    await postForm(app.url, ask.fields);
    const token = shareButton(await waitFor(() => responded(ask.response.path)?.[0]));
    // The same token clicked from another working group's channel the member is in: refused, nothing posted there.
    const elsewhere = blockAction(server, USERS.member, OTHER_CHANNEL, { action_id: 'compact_post_to_channel', value: token });
    await postForm(app.url, elsewhere.fields);
    expect((await waitFor(() => responded(elsewhere.response.path)?.[0])).text).toBe(message('room.share_not_yours', 'en'));
    // A value forged the old way (an audit id and a channel) is no token at all.
    const forged = blockAction(server, USERS.member, CHANNELS.border, {
      action_id: 'compact_post_to_channel',
      value: JSON.stringify({ auditId: 1, channelId: OTHER_CHANNEL }),
    });
    await postForm(app.url, forged.fields);
    expect((await waitFor(() => responded(forged.response.path)?.[0])).text).toBe(message('room.share_not_yours', 'en'));
    expect(posts(OTHER_CHANNEL)).toHaveLength(0);
    // Clicked twice where it was shown: one post.
    for (let i = 0; i < 2; i += 1) {
      const click = blockAction(server, USERS.member, CHANNELS.border, { action_id: 'compact_post_to_channel', value: token });
      await postForm(app.url, click.fields);
      await waitFor(() => responded(click.response.path)?.[0]);
    }
    const shared = posts(CHANNELS.border).filter((r) => String(r.body.text).includes('23 official land border crossing points'));
    expect(shared).toHaveLength(1);
  });

  it('refuses a share when the asker is no longer a reader of the room (read again at the click)', async () => {
    const ask = command(server, USERS.member, CHANNELS.border, 'ask How many official land border crossing points does Valdoria have?');
    await postForm(app.url, ask.fields);
    const token = shareButton(await waitFor(() => responded(ask.response.path)?.[0]));
    server.setSlackRoster(CHANNELS.border, { members: [USERS.chair, USERS.cochair, BOT_USER] });
    try {
      const click = blockAction(server, USERS.member, CHANNELS.border, { action_id: 'compact_post_to_channel', value: token });
      await postForm(app.url, click.fields);
      expect((await waitFor(() => responded(click.response.path)?.[0])).text).toBe(message('room.share_not_yours', 'en'));
    } finally {
      seedSlackRosters(server);
      await database.db.query('DELETE FROM room_rosters');
    }
  });

  it('binds identities to the deployment’s workspaces: a directory id from another workspace gets the access line', async () => {
    // The co-chair's directory identity names no workspace; a user with that id in another workspace is not them.
    const channel = 'D0FOREIGN1';
    await postEvent(
      app.url,
      eventEnvelope({
        type: 'message',
        channel,
        channel_type: 'im',
        user: USERS.cochair,
        user_team: 'T0ELSEWHERE',
        team: 'T0ELSEWHERE',
        text: 'How many official land border crossing points does Valdoria have?',
        ts: nextTs(),
      }),
    );
    const reply = await waitFor(() => posts(channel)[0]);
    expect(String(reply.body.text)).toBe(message('answer.no_access', 'en'));
    expect(blockText(bodyBlocks(reply))).not.toContain('23 official');
  });

  it('tells the chair in their DM when the co-chair discards the chair’s draft', async () => {
    const ask = command(server, USERS.chair, CHANNELS.border, 'summary Valdoria');
    await postForm(app.url, ask.fields);
    const draft = await waitFor(() => responded(ask.response.path)?.[0]);
    const token = (draft.blocks as { elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'compact_summary_discard')!.value!;
    const discard = blockAction(server, USERS.cochair, CHANNELS.border, { action_id: 'compact_summary_discard', value: token });
    await postForm(app.url, discard.fields);
    expect((await waitFor(() => responded(discard.response.path)?.[0])).text).toBe(message('slack.summary_discarded', 'en'));
    const told = await waitFor(() => posts(USERS.chair)[0]);
    expect(String(told.body.text)).toContain('Co Chair discarded the summary draft');
  });

  it('withdraws an earlier answer in the room when someone joins who may not see what it quotes', async () => {
    const ts = nextTs();
    await postEvent(
      app.url,
      eventEnvelope({
        type: 'app_mention',
        channel: CHANNELS.border,
        user: USERS.member,
        text: `<@${BOT_USER}> What are the priority needs of Valdoria for a Passenger Information Unit?`,
        ts,
        team: TEAM,
      }),
    );
    const row = await waitForRow<{ id: string; document_ids: string[] }>(
      database.db,
      `SELECT id, document_ids FROM posted_messages WHERE conversation_id = $1 AND thread_id = $2`,
      [CHANNELS.border, ts],
    );
    expect(row.document_ids).toContain('doc-ta');
    // mbr-other (UNODC, wg-other) may not see doc-ta (shared with wg-border only): they join.
    server.setSlackRoster(CHANNELS.border, { members: [USERS.chair, USERS.cochair, USERS.member, USERS.other, BOT_USER] });
    await postEvent(
      app.url,
      eventEnvelope({ type: 'member_joined_channel', channel: CHANNELS.border, user: USERS.other, team: TEAM, channel_type: 'C' }),
    );
    await waitForRow(database.db, `SELECT 1 FROM posted_messages WHERE id = $1 AND withdraw_reason = 'room_audience'`, [row.id]);
    const dispatcher = startWithdrawalDispatcher({
      db: database.db,
      logger: createLogger({ level: 'silent' }),
      withdrawers: { slack: createSlackWithdrawer(app.slack.client) },
      tickIntervalMs: 3_600_000,
    });
    try {
      expect(await dispatcher.runOnce()).toBeGreaterThan(0);
    } finally {
      await dispatcher.stop();
    }
    const update = server.requestsTo('/api/chat.update').find((r) => r.body.channel === CHANNELS.border);
    expect(String(update?.body.text)).toBe(message('room.source_not_for_room', 'en'));
    expect(blockText(bodyBlocks(update!))).not.toContain('Passenger Information Unit');
  });
});
