import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../src/core/messages/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import {
  BOT_USER,
  CHANNELS,
  TEAM,
  USERS,
  blockText,
  bodyBlocks,
  eventEnvelope,
  nextTs,
  postEvent,
  seedSlackFixture,
  seedSlackRosters,
  startSlackTestApp,
  waitFor,
  waitForRow,
  type SlackTestApp,
} from './slack-harness.js';

/** With a chat model: answers stream into the thread (chat.startStream/stopStream), then become the checked, rendered answer. */
describe('Slack streaming with a language model', () => {
  let database: TestDatabase;
  let server: RecordingServer;
  let model: FakeOpenAiServer;
  let app: SlackTestApp;
  /** A second replica on the same database: Slack may deliver the Stop to it. */
  let other: SlackTestApp;
  let streamCounter = 0;
  let failStarts = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedSlackFixture(database.db);
    server = await startRecordingServer();
    // The room is the audience: the mention's channel has exactly the group's members in it.
    seedSlackRosters(server);
    // A started stream is a message Slack holds: chat.update must find it afterwards.
    server.route('POST', '/api/chat.startStream', (request, recording) => {
      if (failStarts > 0) {
        failStarts -= 1;
        return { status: 200, body: { ok: false, error: 'streaming_unavailable' } };
      }
      streamCounter += 1;
      const ts = `${Math.floor(Date.now() / 1000)}.9${String(streamCounter).padStart(5, '0')}`;
      recording.slackMessages.push({
        channel: String(request.body.channel),
        ts,
        text: '',
        threadTs: String(request.body.thread_ts),
        postedAt: Date.now(),
      });
      return { status: 200, body: { ok: true, channel: request.body.channel, ts } };
    });
    model = await startFakeOpenAiServer();
    model.setDefault({
      content: 'Valdoria has 23 official land border crossing points, of which only 9 are connected to INTERPOL I-24/7 [1]. '
        .repeat(4)
        .trim(),
    });
    app = await startSlackTestApp(database.db, server, {
      OPENAI_BASE_URL: model.baseUrl,
      LLM_MODEL: 'fake-chat',
      LLM_MAX_RETRIES: '0',
      // doc-assess is restricted: only an internal endpoint may see it.
      LLM_EGRESS: 'internal',
      LLM_QUERY_REWRITE: 'false',
    });
    other = await startSlackTestApp(database.db, server, {
      OPENAI_BASE_URL: model.baseUrl,
      LLM_MODEL: 'fake-chat',
      LLM_MAX_RETRIES: '0',
      LLM_EGRESS: 'internal',
      LLM_QUERY_REWRITE: 'false',
    });
  });
  afterAll(async () => {
    await other?.close();
    await app?.close();
    await model?.close();
    await server?.close();
    await database?.drop();
  });

  const question = 'How many official land border crossing points does Valdoria have?';

  /** The member's question in a DM: top-level (its ts starts the thread), or in the thread `threadTs`. */
  const dmQuestion = (channel: string, ts: string, threadTs?: string) =>
    eventEnvelope({
      type: 'message',
      channel,
      channel_type: 'im',
      user: USERS.member,
      text: question,
      ts,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      team: TEAM,
    });

  const streamedText = (channel: string) =>
    decodeURIComponent(
      [...server.requestsTo('/api/chat.appendStream'), ...server.requestsTo('/api/chat.startStream')]
        .filter((r) => r.body.channel === channel)
        .map((r) => r.rawBody)
        .join(' ')
        .replace(/\+/g, ' '),
    );

  /** The stream's stop: the checked answer's sources and feedback as blocks, and no extra update. */
  async function expectClosedWithTrailer(channel: string, threadTs: string) {
    // The first answer of the file also warms the model path up: give a loaded machine time.
    const stop = await waitFor(() => server.requestsTo('/api/chat.stopStream').find((r) => r.body.channel === channel), 30_000);
    const start = server.requestsTo('/api/chat.startStream').find((r) => r.body.channel === channel)!;
    expect(start.body).toMatchObject({ thread_ts: threadTs, recipient_user_id: USERS.member, recipient_team_id: TEAM });
    expect(streamedText(channel)).toContain('23 official land border crossing points');
    const blocks = blockText(bodyBlocks(stop));
    expect(blocks).toContain('Title of doc-assess');
    expect(blocks).toContain('context_actions');
    expect(blocks).not.toContain(message('answer.extractive_notice', 'en'));
    expect(server.requestsTo('/api/chat.update').filter((r) => r.body.channel === channel)).toHaveLength(0);
    expect(server.requestsTo('/api/chat.postMessage').filter((r) => r.body.channel === channel)).toHaveLength(0);
    await waitForRow(database.db, `SELECT 1 FROM posted_messages WHERE conversation_id = $1 AND message_id = $2`, [channel, stop.body.ts]);
    return stop;
  }

  it(
    'streams an assistant-thread answer to the asker; the stream’s stop carries the sources and feedback',
    { timeout: 40_000 },
    async () => {
      const channel = 'D0STREAM01';
      const threadTs = nextTs();
      await postEvent(app.url, dmQuestion(channel, nextTs(), threadTs));
      await expectClosedWithTrailer(channel, threadTs);
    },
  );

  it('answers a top-level DM (the agent view’s Messages tab) in its own thread: status line, session, stream', async () => {
    const channel = 'D0STREAMTOP';
    const ts = nextTs();
    await postEvent(app.url, dmQuestion(channel, ts));
    await expectClosedWithTrailer(channel, ts);
    const status = server.requestsTo('/api/assistant.threads.setStatus').find((r) => r.body.channel_id === channel);
    expect(status?.body).toMatchObject({ thread_ts: ts, status: message('chat.searching', 'en') });
    const session = server.requestsTo('/api/agents.sessions.setStatus').find((r) => r.body.channel_id === channel);
    expect(session?.body).toMatchObject({ thread_ts: ts, status: 'processing', initiator_user_id: USERS.member });
  });

  it('streams a mention in a working group’s channel with the recipient user and team, under the status line', async () => {
    const ts = nextTs();
    await postEvent(
      app.url,
      eventEnvelope({
        type: 'app_mention',
        channel: CHANNELS.border,
        user: USERS.member,
        text: `<@${BOT_USER}> ${question}`,
        ts,
        team: TEAM,
      }),
    );
    await expectClosedWithTrailer(CHANNELS.border, ts);
    const status = server.requestsTo('/api/assistant.threads.setStatus').find((r) => r.body.channel_id === CHANNELS.border);
    expect(status?.body).toMatchObject({ thread_ts: ts, status: message('chat.searching', 'en') });
  });

  const stopEvent = (channel: string, threadTs: string) =>
    eventEnvelope({
      type: 'agent_session_stopped',
      channel,
      thread_ts: threadTs,
      user: USERS.member,
      streaming_message_ts: [],
      event_ts: nextTs(),
    });

  /** The latest Slack answer's audit row once it is written. */
  const stoppedAuditRow = (after: number) =>
    waitForRow<{ id: string; outcome: string }>(
      database.db,
      `SELECT id, outcome FROM audit_log WHERE platform = 'slack' AND id > $1 AND answer_text IS NOT NULL ORDER BY id DESC LIMIT 1`,
      [after],
      20_000,
    );
  const lastAuditId = async () =>
    Number((await database.db.query<{ id: string | null }>(`SELECT max(id)::text AS id FROM audit_log`)).rows[0]?.id ?? 0);

  for (const replica of ['the same replica', 'another replica'] as const) {
    it(
      `Stop (agent_session_stopped) delivered to ${replica} aborts the model request, leaves what was said, asks no feedback and audits it stopped`,
      {
        timeout: 40_000,
      },
      async () => {
        const channel = replica === 'the same replica' ? 'D0STREAMSTOP' : 'D0STREAMSTOPB';
        const ts = nextTs();
        const long = 'Valdoria has 23 official land border crossing points, of which only 9 are connected to INTERPOL I-24/7 [1]. '.repeat(
          8,
        );
        model.enqueue({ content: long, pieceDelayMs: 40 });
        const before = model.chatRequests().length;
        const auditBefore = await lastAuditId();
        await postEvent(app.url, dmQuestion(channel, ts));
        await waitFor(() => server.requestsTo('/api/chat.startStream').find((r) => r.body.channel === channel), 30_000);
        const stopAt = Date.now();
        await postEvent((replica === 'the same replica' ? app : other).url, stopEvent(channel, ts));
        const stop = await waitFor(() => server.requestsTo('/api/chat.stopStream').find((r) => r.body.channel === channel));
        const request = model.chatRequests()[before]!;
        await waitFor(() => (request.closedBeforeEnd ? request : undefined));
        // Honoured promptly: the writer polls the recorded stop every few hundred milliseconds.
        expect(Date.now() - stopAt).toBeLessThan(5_000);
        expect(blockText(bodyBlocks(stop))).not.toContain('context_actions');
        expect(server.requestsTo('/api/chat.update').filter((r) => r.body.channel === channel)).toHaveLength(0);
        expect(streamedText(channel)).toContain('23 official land border crossing points');
        expect(streamedText(channel).length).toBeLessThan(long.length);
        expect((await stoppedAuditRow(auditBefore)).outcome).toBe('stopped');
      },
    );
  }

  it(
    'a Stop recorded (by another replica) before the answer started stops it before the model is called',
    { timeout: 40_000 },
    async () => {
      const channel = 'D0STREAMSTOPC';
      const ts = nextTs();
      const before = model.chatRequests().length;
      const auditBefore = await lastAuditId();
      // The member pressed Stop while the question was waiting: the stop reaches the other replica first.
      await postEvent(other.url, stopEvent(channel, ts));
      await waitForRow(database.db, `SELECT 1 FROM answer_stops WHERE conversation_id = $1`, [channel]);
      await postEvent(app.url, dmQuestion(channel, ts));
      expect((await stoppedAuditRow(auditBefore)).outcome).toBe('stopped');
      expect(model.chatRequests().length).toBe(before);
      // Nothing was streamed, no feedback asked; the session is back to active.
      expect(server.requestsTo('/api/chat.startStream').filter((r) => r.body.channel === channel)).toHaveLength(0);
      expect(server.requestsTo('/api/chat.postMessage').filter((r) => r.body.channel === channel)).toHaveLength(0);

      // The next question in the same thread is not stopped by the earlier Stop.
      await postEvent(app.url, dmQuestion(channel, nextTs(), ts));
      await waitFor(() => server.requestsTo('/api/chat.stopStream').find((r) => r.body.channel === channel), 30_000);
      expect(model.chatRequests().length).toBe(before + 1);
    },
  );

  it('falls back to posting the answer when streaming fails', async () => {
    const channel = 'D0STREAM02';
    const threadTs = nextTs();
    failStarts = 1;
    await postEvent(app.url, dmQuestion(channel, nextTs(), threadTs));
    const post = await waitFor(() => server.requestsTo('/api/chat.postMessage').find((r) => r.body.channel === channel));
    expect(post.body.thread_ts).toBe(threadTs);
    expect(blockText(bodyBlocks(post))).toContain('23 official land border crossing points');
    expect(blockText(bodyBlocks(post))).toContain('Title of doc-assess');
    // The failed stream was abandoned, not restarted with the next tokens.
    expect(server.requestsTo('/api/chat.startStream').filter((r) => r.body.channel === channel)).toHaveLength(1);
  });
});
