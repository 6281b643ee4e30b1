import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../src/core/messages/index.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import {
  BORDER_CHANNEL,
  BORDER_READERS,
  CHAIR,
  MEMBER,
  TENANT,
  channelMessage,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
} from './teams-harness.js';

/**
 * With a streaming model, 1:1 answers stream the way Teams expects: an informative typing update,
 * cumulative streaming updates, then a final message carrying the citations, the AI label and the
 * feedback switch together (botbuilder-js #4880: citations with streaming are the risky path).
 */

let h: TeamsHarness;
let model: FakeOpenAiServer;
beforeAll(async () => {
  model = await startFakeOpenAiServer();
  model.setDefault({ content: 'Valdoria has 23 official land border crossing points, and only 9 are connected to INTERPOL I-24/7 [1].' });
  h = await startTeamsHarness({ OPENAI_BASE_URL: model.baseUrl, LLM_MODEL: 'fake-chat', LLM_QUERY_REWRITE: 'false', LLM_MAX_RETRIES: '0' });
});
afterAll(async () => {
  await h.close();
  await model.close();
});

type StreamInfo = { type: string; streamType?: string; streamSequence?: number; streamId?: string };

describe('Teams streaming in 1:1', () => {
  it('streams an informative update, then a final message with the stream id, citations, AI label and feedback', async () => {
    const response = await h.post(
      personalMessage(h.server, CHAIR, 'How many border crossing points are connected to INTERPOL in Valdoria?'),
    );
    expect(response.status).toBe(200);
    const sent = h.server.teamsActivities.filter((a) => a.conversationId === 'a-personal-chair-user');
    const streamInfo = (a: (typeof sent)[number]) => ((a.activity.entities ?? []) as StreamInfo[]).find((e) => e.type === 'streaminfo');

    const informative = sent[0];
    expect(informative?.activity.type).toBe('typing');
    expect(streamInfo(informative!)).toMatchObject({ streamType: 'informative', streamSequence: 1 });
    expect(informative?.activity.text).toBe(message('chat.searching', 'en'));
    const streamId = informative!.activityId;

    const updates = sent.filter((a) => a.activity.type === 'typing' && streamInfo(a)?.streamType === 'streaming');
    let previous = '';
    let sequence = 1;
    for (const update of updates) {
      const info = streamInfo(update)!;
      expect(info.streamId).toBe(streamId);
      expect(info.streamSequence).toBeGreaterThan(sequence);
      sequence = info.streamSequence!;
      expect(String(update.activity.text).startsWith(previous)).toBe(true); // cumulative
      previous = String(update.activity.text);
    }

    const final = sent.at(-1)!;
    expect(final.activity.type).toBe('message');
    const entities = final.activity.entities as (StreamInfo & Record<string, unknown>)[];
    expect(entities.find((e) => e.type === 'streaminfo')).toMatchObject({ streamType: 'final', streamId });
    const root = entities.filter((e) => e.type === 'https://schema.org/Message');
    expect(root).toHaveLength(1);
    expect(root[0]).toMatchObject({
      additionalType: ['AIGeneratedContent'],
      citation: expect.arrayContaining([expect.objectContaining({ '@type': 'Claim', position: 1 })]),
    });
    expect(String(final.activity.text)).toContain('[1]');
    expect(String(final.activity.text)).not.toContain(message('answer.extractive_notice', 'en'));
    expect(final.activity.channelData).toMatchObject({ feedbackLoop: { type: 'default' } });
    expect(model.chatRequests().some((r) => r.body.stream === true)).toBe(true);
  });

  it('Stop (ContentStreamNotAllowed on a streaming update) aborts the model request, sends no final message and audits it stopped', async () => {
    const long = 'Valdoria has 23 official land border crossing points, and only 9 are connected to INTERPOL I-24/7 [1]. '.repeat(10);
    model.enqueue({ content: long, pieceDelayMs: 60 });
    const before = model.chatRequests().length;
    const activity = personalMessage(h.server, CHAIR, 'How many border crossing points are connected to INTERPOL in Valdoria, once more?');
    // The member presses Stop: Teams refuses the first streaming update after it.
    let refused = false;
    h.server.onRequest((request) => {
      const entities = ((request.body as { entities?: StreamInfo[] }).entities ?? []) as StreamInfo[];
      if (!refused && entities.some((e) => e.type === 'streaminfo' && e.streamType === 'streaming')) {
        refused = true;
        h.server.failNext(request.path, 1, {
          status: 403,
          body: { error: { code: 'ContentStreamNotAllowed', message: 'Content stream is not allowed on a stopped stream' } },
        });
      }
    });
    const seen = h.server.teamsActivities.length;
    const response = await h.post(activity);
    expect(response.status).toBe(200);
    expect(refused).toBe(true);
    const request = model.chatRequests()[before]!;
    expect(request.closedBeforeEnd).toBe(true);
    const sent = h.server.teamsActivities.slice(seen).filter((a) => a.conversationId === 'a-personal-chair-user');
    // No final message (so no feedback switch), nothing more streamed after the refusal.
    expect(sent.filter((a) => a.activity.type === 'message')).toEqual([]);
    expect(sent.filter((a) => ((a.activity.entities ?? []) as StreamInfo[]).some((e) => e.streamType === 'streaming'))).toEqual([]);
    const { rows } = await h.app.db.query<{ outcome: string }>(
      `SELECT outcome FROM audit_log WHERE platform = 'teams' AND question LIKE '%once more?' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]?.outcome).toBe('stopped');
  });

  it('streams a channel question’s private answer in the asker’s 1:1 chat, with the reason, the room getting only the pointer', async () => {
    const guest = {
      id: '29:guest',
      name: 'Guest',
      aadObjectId: 'cccccccc-0000-4000-8000-00000000000c',
      tenantId: TENANT,
      userRole: 'guest' as const,
    };
    h.rosters.set(BORDER_CHANNEL, [...BORDER_READERS, guest]);
    await h.app.db.query(`DELETE FROM room_rosters`);
    const seen = h.server.teamsActivities.length;
    const response = await h.post(channelMessage(h.server, MEMBER, BORDER_CHANNEL, 'How many border crossing points does Valdoria have?'));
    expect(response.status).toBe(200);
    const sent = h.server.teamsActivities.slice(seen).filter((a) => a.kind !== 'create-conversation');
    const inRoom = sent.filter((a) => a.conversationId.startsWith(BORDER_CHANNEL));
    expect(inRoom.map((a) => a.activity.text)).toEqual([message('chat.sent_privately', 'en', { name: MEMBER.name })]);
    const privately = sent.filter((a) => !a.conversationId.startsWith(BORDER_CHANNEL));
    expect(new Set(privately.map((a) => a.conversationId)).size).toBe(1);
    const streamInfo = (a: (typeof sent)[number]) => ((a.activity.entities ?? []) as StreamInfo[]).find((e) => e.type === 'streaminfo');
    expect(privately[0]?.activity.type).toBe('typing');
    expect(streamInfo(privately[0]!)).toMatchObject({ streamType: 'informative' });
    const final = privately.at(-1)!;
    expect(final.activity.type).toBe('message');
    expect(streamInfo(final)).toMatchObject({ streamType: 'final', streamId: privately[0]!.activityId });
    expect(String(final.activity.text)).toContain(message('room.private_outsiders', 'en'));
    expect(String(final.activity.text)).toContain('[1]');
    // Recorded where it stays (the 1:1 chat), for withdrawal and feedback.
    const posted = await h.app.db.query<{ conversation_id: string }>(`SELECT conversation_id FROM posted_messages WHERE message_id = $1`, [
      final.activityId,
    ]);
    expect(posted.rows).toEqual([{ conversation_id: final.conversationId }]);
  });
});
