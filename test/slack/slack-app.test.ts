import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { CANARIES } from '../helpers/scope-fixture.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { startWithdrawalDispatcher } from '../../src/scheduler/withdrawal-dispatcher.js';
import { createSlackWithdrawer } from '../../src/slack/slack-withdrawer.js';
import { requestWithdrawalOfDocument } from '../../src/db/queries/posted-messages.js';
import { revokeConsent } from '../helpers/scope-fixture.js';
import { createLogger } from '../../src/logger.js';
import { message } from '../../src/core/messages/index.js';
import {
  BOT_USER,
  CHANNELS,
  TEAM,
  USERS,
  blockAction,
  blockText,
  bodyBlocks,
  command,
  eventEnvelope,
  nextTs,
  postEvent,
  postForm,
  seedSlackFixture,
  seedSlackRosters,
  signedHeaders,
  startSlackTestApp,
  waitFor,
  waitForRow,
  type SlackTestApp,
} from './slack-harness.js';

/**
 * The real Bolt app over HTTP on 127.0.0.1: signed requests in, Web API calls out to the recording
 * server. One database and one app for the file; every test uses its own channel/ts so calls are
 * told apart.
 */
describe('Slack app over HTTP', () => {
  let database: TestDatabase;
  let server: RecordingServer;
  let app: SlackTestApp;
  const responses = new Map<string, Record<string, unknown>[]>();

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedSlackFixture(database.db);
    server = await startRecordingServer();
    seedSlackRosters(server);
    server.route('POST', /^\/respond\//, (request) => {
      const list = responses.get(request.path) ?? [];
      list.push(request.body);
      responses.set(request.path, list);
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
  const ephemerals = (channel: string) => server.requestsTo('/api/chat.postEphemeral').filter((r) => r.body.channel === channel);
  const responded = (path: string) => responses.get(path);
  /** What a button token stands for (the core's grant), as stored. */
  const grantOf = async (token: string) =>
    (await database.db.query<{ grant_data: Record<string, unknown> }>(`SELECT grant_data FROM button_tokens WHERE token = $1`, [token]))
      .rows[0]?.grant_data;

  describe('transport', () => {
    it('answers url_verification and rejects a forged signature, a stale and a future timestamp with 401', async () => {
      const challenge = await postEvent(app.url, { type: 'url_verification', challenge: 'c-123', token: 'x' });
      expect(challenge.status).toBe(200);
      expect(await challenge.text()).toContain('c-123');

      const body = JSON.stringify({ type: 'url_verification', challenge: 'c-1' });
      const forged = await fetch(`${app.url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(body, undefined, 'wrong-secret') },
        body,
      });
      expect(forged.status).toBe(401);
      for (const skew of [-6 * 60, 6 * 60]) {
        const response = await fetch(`${app.url}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...signedHeaders(body, Math.floor(Date.now() / 1000) + skew) },
          body,
        });
        expect(response.status, `skew ${skew}s`).toBe(401);
      }
      // Four minutes ahead is inside the window.
      const near = await fetch(`${app.url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(body, Math.floor(Date.now() / 1000) + 4 * 60) },
        body,
      });
      expect(near.status).toBe(200);
    });
  });

  describe('direct messages', () => {
    it('answers a DM with [n] markers, a sources context block, the extractive notice and feedback; records the post', async () => {
      const channel = 'D0DM000001';
      const ts = nextTs();
      const response = await postEvent(
        app.url,
        eventEnvelope({
          type: 'message',
          channel,
          channel_type: 'im',
          user: USERS.member,
          text: 'How many official land border crossing points does Valdoria have?',
          ts,
          team: TEAM,
        }),
      );
      expect(response.status).toBe(200);
      const post = await waitFor(() => posts(channel)[0]);
      const blocks = bodyBlocks(post) as { type: string }[];
      const text = blockText(blocks);
      expect(text).toContain('[1]');
      expect(text).toContain('23 official land border crossing points');
      const context = blocks.find((b) => b.type === 'context');
      expect(blockText(context)).toContain('Title of doc-assess');
      expect(blockText(context)).toContain('Republic of Valdoria');
      expect(text).toContain(message('answer.extractive_notice', 'en'));
      expect(blocks.some((b) => b.type === 'context_actions')).toBe(true);
      const row = await waitForRow<{ audit_id: string; document_ids: string[] }>(
        database.db,
        `SELECT audit_id, document_ids FROM posted_messages WHERE conversation_id = $1`,
        [channel],
      );
      expect(row.document_ids).toContain('doc-assess');
      expect(row.audit_id).not.toBeNull();
    });

    it('tells an unknown Slack user how to get access, once, and audits it', async () => {
      const channel = 'D0DM000002';
      await postEvent(
        app.url,
        eventEnvelope({
          type: 'message',
          channel,
          channel_type: 'im',
          user: USERS.stranger,
          text: 'What are the Valdoria border needs?',
          ts: nextTs(),
        }),
      );
      const post = await waitFor(() => posts(channel)[0]);
      expect(String(post.body.text)).toBe(message('answer.no_access', 'en'));
      expect(blockText(bodyBlocks(post))).not.toContain('CANARY');
      const audit = await database.db.query(`SELECT 1 FROM audit_log WHERE kind = 'access_denied' AND platform = 'slack'`);
      expect(audit.rowCount).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(posts(channel)).toHaveLength(1);
    });

    it('ignores its own and other bots’ messages', async () => {
      const channel = 'D0DM000003';
      await postEvent(
        app.url,
        eventEnvelope({ type: 'message', channel, channel_type: 'im', user: BOT_USER, bot_id: 'B0BOT00001', text: 'hi', ts: nextTs() }),
      );
      await postEvent(
        app.url,
        eventEnvelope({
          type: 'message',
          channel,
          channel_type: 'im',
          subtype: 'bot_message',
          bot_id: 'B0OTHER',
          text: 'hi',
          ts: nextTs(),
        }),
      );
      // A real question after them is answered: the two before were dropped, not queued.
      await postEvent(
        app.url,
        eventEnvelope({
          type: 'message',
          channel,
          channel_type: 'im',
          user: USERS.member,
          text: 'How many official land border crossing points does Valdoria have?',
          ts: nextTs(),
        }),
      );
      await waitFor(() => posts(channel)[0]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(posts(channel)).toHaveLength(1);
    });

    it('answers an event delivered three times (Slack retries) once', async () => {
      const channel = 'D0DM000004';
      const payload = eventEnvelope({
        type: 'message',
        channel,
        channel_type: 'im',
        user: USERS.member,
        text: 'How many official land border crossing points does Valdoria have?',
        ts: nextTs(),
      });
      await postEvent(app.url, payload);
      await postEvent(app.url, payload, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
      await postEvent(app.url, payload, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
      await waitFor(() => posts(channel)[0]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(posts(channel)).toHaveLength(1);
    });

    it('answers one event delivered to two app instances on one database once', async () => {
      const second = await startSlackTestApp(database.db, server);
      try {
        const channel = 'D0DM000005';
        const payload = eventEnvelope({
          type: 'message',
          channel,
          channel_type: 'im',
          user: USERS.member,
          text: 'How many official land border crossing points does Valdoria have?',
          ts: nextTs(),
        });
        await Promise.all([postEvent(app.url, payload), postEvent(second.url, payload)]);
        await waitFor(() => posts(channel)[0]);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(posts(channel)).toHaveLength(1);
      } finally {
        await second.close();
      }
    });

    it('retries a chat.postMessage answered 429 after its Retry-After', async () => {
      const channel = 'D0DM000006';
      server.failNext('/api/chat.postMessage', 1, {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { ok: false, error: 'ratelimited' },
      });
      await postEvent(
        app.url,
        eventEnvelope({
          type: 'message',
          channel,
          channel_type: 'im',
          user: USERS.member,
          text: 'How many official land border crossing points does Valdoria have?',
          ts: nextTs(),
        }),
      );
      await waitFor(() => posts(channel).find((r) => r.status === 200));
      const attempts = posts(channel);
      expect(attempts.map((r) => r.status)).toEqual([429, 200]);
      expect(attempts[1]!.receivedAt - attempts[0]!.receivedAt).toBeGreaterThanOrEqual(900);
    });
  });

  describe('working-group channels', () => {
    it('answers a mention in the thread from the channel scope only, and tells the asker privately there is more in a DM', async () => {
      const ts = nextTs();
      // The chair (CTED) may see doc-recs; the group's plain member (UNODC) may not: the channel answer must not use it.
      await postEvent(
        app.url,
        eventEnvelope({
          type: 'app_mention',
          channel: CHANNELS.border,
          user: USERS.chair,
          text: `<@${BOT_USER}> What should Valdoria adopt about the border decree?`,
          ts,
          team: TEAM,
        }),
      );
      const reply = await waitFor(() => posts(CHANNELS.border).find((r) => r.body.thread_ts === ts));
      const publicText = `${String(reply.body.text)} ${blockText(bodyBlocks(reply))}`;
      expect(publicText).not.toContain(CANARIES.recs);
      expect(publicText).not.toContain('border decree within 12 months');
      expect(publicText).not.toContain('Title of doc-recs');
      // The fuller answer from the chair's own scope goes to the chair alone (ephemeral), saying why.
      const note = await waitFor(() => ephemerals(CHANNELS.border).find((r) => r.body.user === USERS.chair && r.body.thread_ts === ts));
      expect(String(note.body.text)).toContain(message('room.more_privately', 'en'));
      expect(blockText(bodyBlocks(note))).toContain('border decree within 12 months');

      // A follow-up in that thread (no mention) keeps the channel's scope and is answered in the thread.
      await postEvent(
        app.url,
        eventEnvelope({
          type: 'message',
          channel: CHANNELS.border,
          channel_type: 'channel',
          user: USERS.chair,
          text: 'And how many border crossing points are connected to I-24/7?',
          ts: nextTs(),
          thread_ts: ts,
          team: TEAM,
        }),
      );
      const followUps = await waitFor(() => {
        const list = posts(CHANNELS.border).filter((r) => r.body.thread_ts === ts);
        return list.length >= 2 ? list : undefined;
      });
      expect(blockText(bodyBlocks(followUps[1]!))).toContain('I-24/7');
      expect(blockText(bodyBlocks(followUps[1]!))).not.toContain(CANARIES.recs);
    });

    it('adds no “more in a DM” note when the asker’s own documents hold nothing beyond the channel’s', async () => {
      const ts = nextTs();
      await postEvent(
        app.url,
        eventEnvelope({
          type: 'app_mention',
          channel: CHANNELS.border,
          user: USERS.member,
          text: `<@${BOT_USER}> How many official land border crossing points does Valdoria have?`,
          ts,
          team: TEAM,
        }),
      );
      const reply = await waitFor(() => posts(CHANNELS.border).find((r) => r.body.thread_ts === ts));
      expect(blockText(bodyBlocks(reply))).toContain('23 official land border crossing points');
      await waitForRow(database.db, `SELECT 1 FROM slack_threads WHERE channel_id = $1 AND thread_ts = $2`, [CHANNELS.border, ts]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ephemerals(CHANNELS.border).filter((r) => r.body.thread_ts === ts)).toHaveLength(0);
    });

    it('answers a mention in a channel of no working group privately (ephemeral) only', async () => {
      const ts = nextTs();
      await postEvent(
        app.url,
        eventEnvelope({
          type: 'app_mention',
          channel: CHANNELS.lounge,
          user: USERS.chair,
          text: `<@${BOT_USER}> the border decree`,
          ts,
          team: TEAM,
        }),
      );
      const reply = await waitFor(() => ephemerals(CHANNELS.lounge).find((r) => r.body.user === USERS.chair));
      expect(blockText(bodyBlocks(reply))).toContain('border decree');
      expect(posts(CHANNELS.lounge)).toHaveLength(0);
    });
  });

  describe('assistant surfaces and App Home', () => {
    it('sets suggested prompts when an assistant thread starts, then sets title and status and answers in the thread', async () => {
      const channel = 'D0ASSIST01';
      const threadTs = nextTs();
      await postEvent(
        app.url,
        eventEnvelope({
          type: 'assistant_thread_started',
          assistant_thread: {
            user_id: USERS.member,
            context: { channel_id: CHANNELS.border, team_id: TEAM },
            channel_id: channel,
            thread_ts: threadTs,
          },
          event_ts: threadTs,
        }),
      );
      const prompts = await waitFor(() =>
        server.requestsTo('/api/assistant.threads.setSuggestedPrompts').find((r) => r.body.channel_id === channel),
      );
      expect(String(prompts.body.prompts)).toContain('What can you do?');
      const stored = await database.db.query(`SELECT context FROM slack_threads WHERE channel_id = $1 AND thread_ts = $2`, [
        channel,
        threadTs,
      ]);
      expect(stored.rows[0]).toMatchObject({ context: { channel_id: CHANNELS.border } });

      const question = 'How many land border crossing points does Valdoria have?';
      await postEvent(
        app.url,
        eventEnvelope({
          type: 'message',
          channel,
          channel_type: 'im',
          user: USERS.member,
          text: question,
          ts: nextTs(),
          thread_ts: threadTs,
          team: TEAM,
        }),
      );
      const answer = await waitFor(() => posts(channel).find((r) => r.body.thread_ts === threadTs));
      expect(blockText(bodyBlocks(answer))).toContain('23 official land border crossing points');
      const title = server.requestsTo('/api/assistant.threads.setTitle').find((r) => r.body.channel_id === channel);
      expect(title?.body.title).toBe(question);
      const status = server.requestsTo('/api/assistant.threads.setStatus').find((r) => r.body.channel_id === channel);
      expect(status?.body.status).toBe(message('chat.searching', 'en'));
    });

    it('sets suggested prompts when the agent view’s Messages tab opens', async () => {
      const channel = 'D0AGENT001';
      await postEvent(
        app.url,
        eventEnvelope({ type: 'app_home_opened', user: USERS.member, channel, tab: 'messages', event_ts: nextTs() }),
      );
      const call = await waitFor(() =>
        server.requestsTo('/api/assistant.threads.setSuggestedPrompts').find((r) => r.body.channel_id === channel),
      );
      expect(call.body.thread_ts).toBeUndefined();
    });

    it('serves the Messages tab’s prompts in the language the member last asked in', async () => {
      const channel = 'D0AGENTFR1';
      await database.db.query(`INSERT INTO member_languages (member_id, language) VALUES ('mbr-other', 'fr')`);
      try {
        await postEvent(
          app.url,
          eventEnvelope({ type: 'app_home_opened', user: USERS.other, channel, tab: 'messages', event_ts: nextTs() }),
        );
        const call = await waitFor(() =>
          server.requestsTo('/api/assistant.threads.setSuggestedPrompts').find((r) => r.body.channel_id === channel),
        );
        expect(call.body.title).toBe(message('slack.prompts_title', 'fr'));
        expect(String(call.body.prompts)).toContain(message('slack.prompt_help', 'fr'));
        expect(String(call.body.prompts)).not.toContain('What can you do?');
      } finally {
        await database.db.query(`DELETE FROM member_languages WHERE member_id = 'mbr-other'`);
      }
    });

    it('serves a legacy assistant thread’s prompts in the Slack client’s locale when the member never asked', async () => {
      const channel = 'D0ASSISTZH';
      const threadTs = nextTs();
      server.setSlackUsers([{ id: 'U0LOCALEZH', teamId: TEAM, locale: 'zh-CN' }]);
      await postEvent(
        app.url,
        eventEnvelope({
          type: 'assistant_thread_started',
          assistant_thread: { user_id: 'U0LOCALEZH', context: {}, channel_id: channel, thread_ts: threadTs },
          event_ts: threadTs,
        }),
      );
      const call = await waitFor(() =>
        server.requestsTo('/api/assistant.threads.setSuggestedPrompts').find((r) => r.body.channel_id === channel),
      );
      expect(call.body).toMatchObject({ thread_ts: threadTs, title: message('slack.prompts_title', 'zh') });
      expect(String(call.body.prompts)).toContain(message('slack.prompt_needs', 'zh').slice(0, 10));
    });

    it('publishes App Home with who you are, document counts per Member State (no titles) and next reminders', async () => {
      await postEvent(
        app.url,
        eventEnvelope({ type: 'app_home_opened', user: USERS.member, channel: 'D0HOME0001', tab: 'home', event_ts: nextTs() }),
      );
      const call = await waitFor(() => server.requestsTo('/api/views.publish').find((r) => r.body.user_id === USERS.member));
      const view = JSON.stringify(call.body.view);
      expect(view).toContain('Plain Member');
      expect(view).toContain('UNODC');
      expect(view).toContain('Border Management and Law Enforcement (member)');
      // UNODC may use doc-assess and doc-ta (Valdoria) and doc-ist (Istrana).
      expect(view).toContain('Republic of Valdoria: 2');
      expect(view).toContain('Kingdom of Istrana: 1');
      expect(view).not.toContain('Title of');
      expect(view).toContain('Border WG meeting');
    });
  });

  describe('/compact', () => {
    it('answers help, and unknown subcommands with the help', async () => {
      for (const text of ['help', 'frobnicate', '']) {
        const { fields, response } = command(server, USERS.member, CHANNELS.random, text);
        const ack = await postForm(app.url, fields);
        expect(ack.status).toBe(200);
        const body = await waitFor(() => responded(response.path)?.[0]);
        expect(body.text).toBe(message('chat.help', 'en'));
      }
    });

    it('lists the channel’s next reminders, and the member’s groups’ elsewhere', async () => {
      for (const channel of [CHANNELS.border, CHANNELS.random]) {
        const { fields, response } = command(server, USERS.member, channel, 'reminders');
        await postForm(app.url, fields);
        const body = await waitFor(() => responded(response.path)?.[0]);
        expect(String(body.text)).toContain('Border WG meeting');
      }
      const { fields, response } = command(server, USERS.other, CHANNELS.random, 'reminders');
      await postForm(app.url, fields);
      expect((await waitFor(() => responded(response.path)?.[0])).text).toBe(message('chat.no_reminders', 'en'));
    });

    it('answers `ask` privately with Post to channel, which posts when every cited document is in the channel scope', async () => {
      const { fields, response } = command(
        server,
        USERS.member,
        CHANNELS.border,
        'ask How many official land border crossing points does Valdoria have?',
      );
      await postForm(app.url, fields);
      const body = await waitFor(() => responded(response.path)?.[0]);
      expect(body.response_type).toBe('ephemeral');
      const blocks = body.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[];
      const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'compact_post_to_channel');
      expect(button).toBeDefined();
      const before = posts(CHANNELS.border).length;
      const click = blockAction(server, USERS.member, CHANNELS.border, { action_id: 'compact_post_to_channel', value: button!.value! });
      await postForm(app.url, click.fields);
      const confirmation = await waitFor(() => responded(click.response.path)?.[0]);
      expect(confirmation.text).toBe(message('chat.posted', 'en'));
      const posted = posts(CHANNELS.border)[before]!;
      expect(String(posted.body.text)).toContain('23 official land border crossing points');
      const row = await database.db.query(`SELECT document_ids FROM posted_messages WHERE conversation_id = $1 AND audit_id IS NOT NULL`, [
        CHANNELS.border,
      ]);
      expect(row.rowCount).toBeGreaterThan(0);
    });

    it('refuses Post to channel when a cited document is not in the channel scope, and when another member clicks', async () => {
      const { fields, response } = command(server, USERS.chair, CHANNELS.border, 'ask What should Valdoria adopt about the border decree?');
      await postForm(app.url, fields);
      const body = await waitFor(() => responded(response.path)?.[0]);
      expect(blockText(body.blocks)).toContain('Title of doc-recs');
      const blocks = body.blocks as { elements?: { action_id?: string; value?: string }[] }[];
      const value = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'compact_post_to_channel')!.value!;
      const before = posts(CHANNELS.border).length;
      for (const [user, key] of [
        [USERS.chair, 'room.share_refused'],
        [USERS.cochair, 'room.share_not_yours'],
      ] as const) {
        const click = blockAction(server, user, CHANNELS.border, { action_id: 'compact_post_to_channel', value });
        await postForm(app.url, click.fields);
        const refusal = await waitFor(() => responded(click.response.path)?.[0]);
        expect(refusal.text).toBe(message(key, 'en'));
      }
      expect(posts(CHANNELS.border)).toHaveLength(before);
    });

    it('stores 👍/👎 feedback against the answer’s audit row', async () => {
      const channel = 'D0FEEDBK01';
      await postEvent(
        app.url,
        eventEnvelope({
          type: 'message',
          channel,
          channel_type: 'im',
          user: USERS.member,
          text: 'How many official land border crossing points does Valdoria have?',
          ts: nextTs(),
        }),
      );
      const post = await waitFor(() => posts(channel)[0]);
      const feedback = (bodyBlocks(post) as { type: string; elements?: { negative_button?: { value: string } }[] }[]).find(
        (b) => b.type === 'context_actions',
      )!;
      const value = feedback.elements![0]!.negative_button!.value;
      const click = blockAction(server, USERS.member, channel, { action_id: 'compact_feedback', value, type: 'feedback_buttons' });
      await postForm(app.url, click.fields);
      await waitFor(() => responded(click.response.path)?.[0]);
      // The button carries an opaque token, never the answer's sequential audit id.
      expect(value).toMatch(/^down:[0-9a-f-]{36}$/);
      const grant = await grantOf(value.slice('down:'.length));
      const stored = await database.db.query<{ rating: string; member_id: string }>(
        `SELECT rating, member_id FROM answer_feedback WHERE audit_id = $1`,
        [Number(grant?.auditId)],
      );
      expect(stored.rows).toEqual([{ rating: 'down', member_id: 'mbr-member' }]);
    });
  });

  describe('summaries', () => {
    const buttonValue = (body: Record<string, unknown>, actionId: string) =>
      (body.blocks as { elements?: { action_id?: string; value?: string }[] }[])
        .flatMap((b) => b.elements ?? [])
        .find((e) => e.action_id === actionId)?.value;

    it('tells an unknown user how to get access, and audits it', async () => {
      const { fields, response } = command(server, USERS.stranger, CHANNELS.border, 'summary Valdoria');
      await postForm(app.url, fields);
      expect((await waitFor(() => responded(response.path)?.[0])).text).toBe(message('answer.no_access', 'en'));
      await waitForRow(database.db, `SELECT 1 FROM audit_log WHERE kind = 'access_denied' AND question = 'summary Valdoria'`, []);
    });

    it('refuses a member who is not chair or co-chair', async () => {
      const { fields, response } = command(server, USERS.member, CHANNELS.border, 'summary Valdoria');
      await postForm(app.url, fields);
      const body = await waitFor(() => responded(response.path)?.[0]);
      expect(String(body.text)).toContain('Only the chair or a co-chair');
      expect(buttonValue(body, 'compact_summary_approve')).toBeUndefined();
    });

    it('drafts privately for the chair; Regenerate makes a new version, Discard drops one, Approve posts to the group’s channel', async () => {
      const { fields, response } = command(server, USERS.chair, CHANNELS.border, 'summary Valdoria');
      await postForm(app.url, fields);
      const draft = await waitFor(() => responded(response.path)?.[0]);
      expect(draft.response_type).toBe('ephemeral');
      const first = buttonValue(draft, 'compact_summary_approve')!;
      expect(buttonValue(draft, 'compact_summary_regenerate')).toBe(first);
      expect(blockText(draft.blocks)).not.toContain(CANARIES.recs);

      const regenerate = blockAction(server, USERS.chair, CHANNELS.border, { action_id: 'compact_summary_regenerate', value: first });
      await postForm(app.url, regenerate.fields);
      const second = await waitFor(() => responded(regenerate.response.path)?.[0]);
      expect(second.replace_original).toBe(true);
      const secondId = buttonValue(second, 'compact_summary_approve')!;
      expect(secondId).not.toBe(first);

      const discard = blockAction(server, USERS.chair, CHANNELS.border, { action_id: 'compact_summary_discard', value: first });
      await postForm(app.url, discard.fields);
      // The superseded draft was already discarded by Regenerate: the service says so.
      expect(String((await waitFor(() => responded(discard.response.path)?.[0])).text)).toContain('discarded');

      const before = posts(CHANNELS.border).length;
      const approve = blockAction(server, USERS.chair, CHANNELS.border, { action_id: 'compact_summary_approve', value: secondId });
      await postForm(app.url, approve.fields);
      expect((await waitFor(() => responded(approve.response.path)?.[0])).text).toBe(message('slack.summary_posted', 'en'));
      const posted = posts(CHANNELS.border)[before]!;
      expect(String(posted.body.text)).not.toContain(CANARIES.recs);
      const secondDraft = String((await grantOf(secondId))?.draftId);
      const row = await database.db.query<{ status: string }>(`SELECT status FROM summary_drafts WHERE id = $1`, [secondDraft]);
      expect(row.rows[0]?.status).toBe('posted');
      const postedRow = await database.db.query(`SELECT 1 FROM posted_messages WHERE draft_id = $1`, [secondDraft]);
      expect(postedRow.rowCount).toBe(1);
    });

    it('asks a chair of several groups in a DM which group the summary is for (a select menu), then drafts for it', async () => {
      const { fields, response } = command(server, USERS.chair, 'D0SUMMARY1', 'summary Valdoria');
      await postForm(app.url, fields);
      const menu = await waitFor(() => responded(response.path)?.[0]);
      const select = (menu.blocks as { accessory?: { action_id: string; options: { value: string }[] } }[])[0]!.accessory!;
      expect(select.action_id).toBe('compact_summary_group');
      const choices = await Promise.all(select.options.map(async (o) => (await grantOf(o.value))?.workingGroupId));
      expect(choices).toEqual(['wg-border', 'wg-other']);
      const choose = blockAction(server, USERS.chair, 'D0SUMMARY1', {
        action_id: 'compact_summary_group',
        type: 'static_select',
        selected_option: { value: select.options[0]!.value },
      });
      await postForm(app.url, choose.fields);
      const draft = await waitFor(() => responded(choose.response.path)?.[0]);
      expect(String((await grantOf(buttonValue(draft, 'compact_summary_approve')!))?.draftId)).toMatch(/wg-border-valdoria/);
    });

    it('discards a fresh draft', async () => {
      const { fields, response } = command(server, USERS.cochair, CHANNELS.border, 'summary Valdoria');
      await postForm(app.url, fields);
      const id = buttonValue(await waitFor(() => responded(response.path)?.[0]), 'compact_summary_discard')!;
      const discard = blockAction(server, USERS.cochair, CHANNELS.border, { action_id: 'compact_summary_discard', value: id });
      await postForm(app.url, discard.fields);
      expect((await waitFor(() => responded(discard.response.path)?.[0])).text).toBe(message('slack.summary_discarded', 'en'));
    });
  });

  describe('revocation', () => {
    it('edits a posted answer citing a revoked document to say the source was withdrawn, with none of its text left', async () => {
      const channel = 'D0REVOKE01';
      await postEvent(
        app.url,
        eventEnvelope({
          type: 'message',
          channel,
          channel_type: 'im',
          user: USERS.member,
          text: 'How many official land border crossing points does Valdoria have?',
          ts: nextTs(),
        }),
      );
      const post = await waitFor(() => posts(channel)[0]);
      expect(blockText(bodyBlocks(post))).toContain('doc-assess');
      await waitForRow(database.db, `SELECT 1 FROM posted_messages WHERE conversation_id = $1`, [channel]);
      // What `compact-bot consent revoke` does: the consent change, then withdrawal requests in one go.
      await revokeConsent(database.db, 'doc-assess');
      expect(await requestWithdrawalOfDocument(database.db, 'doc-assess', 'revoked')).toBeGreaterThan(0);
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
      const update = server.requestsTo('/api/chat.update').find((r) => r.body.channel === channel);
      expect(update).toBeDefined();
      const edited = server.slackMessages.find((m) => m.channel === channel)!;
      expect(edited.text).toBe(message('chat.source_withdrawn', 'en'));
      expect(JSON.stringify(edited.blocks)).not.toContain('23 official');
      expect(JSON.stringify(edited.blocks)).not.toContain('doc-assess');
    });
  });
});
