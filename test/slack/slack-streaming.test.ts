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
  });
  afterAll(async () => {
    await app?.close();
    await model?.close();
    await server?.close();
    await database?.drop();
  });

  const question = 'How many official land border crossing points does Valdoria have?';

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
      await expectClosedWithTrailer(channel, threadTs);
    },
  );

  it('answers a top-level DM (the agent view’s Messages tab) in its own thread: status line, session, stream', async () => {
    const channel = 'D0STREAMTOP';
    const ts = nextTs();
    await postEvent(
      app.url,
      eventEnvelope({ type: 'message', channel, channel_type: 'im', user: USERS.member, text: question, ts, team: TEAM }),
    );
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

  it('Stop (agent_session_stopped) aborts the model request, leaves what was said, asks no feedback and audits it stopped', async () => {
    const channel = 'D0STREAMSTOP';
    const ts = nextTs();
    const long = 'Valdoria has 23 official land border crossing points, of which only 9 are connected to INTERPOL I-24/7 [1]. '.repeat(8);
    model.enqueue({ content: long, pieceDelayMs: 40 });
    const before = model.chatRequests().length;
    await postEvent(
      app.url,
      eventEnvelope({ type: 'message', channel, channel_type: 'im', user: USERS.member, text: question, ts, team: TEAM }),
    );
    await waitFor(() => server.requestsTo('/api/chat.startStream').find((r) => r.body.channel === channel));
    await postEvent(
      app.url,
      eventEnvelope({
        type: 'agent_session_stopped',
        channel,
        thread_ts: ts,
        user: USERS.member,
        streaming_message_ts: [],
        event_ts: nextTs(),
      }),
    );
    const stop = await waitFor(() => server.requestsTo('/api/chat.stopStream').find((r) => r.body.channel === channel));
    const request = model.chatRequests()[before]!;
    await waitFor(() => (request.closedBeforeEnd ? request : undefined));
    expect(blockText(bodyBlocks(stop))).not.toContain('context_actions');
    expect(server.requestsTo('/api/chat.update').filter((r) => r.body.channel === channel)).toHaveLength(0);
    expect(streamedText(channel).length).toBeLessThan(long.length);
    const row = await waitForRow(
      database.db,
      `SELECT outcome FROM audit_log WHERE platform = 'slack' AND outcome = 'stopped' AND answer_text IS NOT NULL ORDER BY id DESC LIMIT 1`,
      [],
    );
    expect(row).toBeDefined();
  });

  it('falls back to posting the answer when streaming fails', async () => {
    const channel = 'D0STREAM02';
    const threadTs = nextTs();
    failStarts = 1;
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
    const post = await waitFor(() => server.requestsTo('/api/chat.postMessage').find((r) => r.body.channel === channel));
    expect(post.body.thread_ts).toBe(threadTs);
    expect(blockText(bodyBlocks(post))).toContain('23 official land border crossing points');
    expect(blockText(bodyBlocks(post))).toContain('Title of doc-assess');
    // The failed stream was abandoned, not restarted with the next tokens.
    expect(server.requestsTo('/api/chat.startStream').filter((r) => r.body.channel === channel)).toHaveLength(1);
  });
});
