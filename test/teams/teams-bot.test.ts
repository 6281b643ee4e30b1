import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../src/core/messages/index.js';
import { metrics } from '../../src/observability/metrics.js';
import { requestWithdrawalOfDocument } from '../../src/db/queries/posted-messages.js';
import type { TeamsActivity } from '../helpers/recording-server.js';
import {
  BORDER_CHANNEL,
  CHAIR,
  LOBBY_CHANNEL,
  MEMBER,
  STRANGER,
  channelMessage,
  groupChatMessage,
  invoke,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
} from './teams-harness.js';

/** Real botbuilder over HTTP: activities POSTed to /api/messages, replies land on the recording Bot Connector. */

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(async () => {
  await h.close();
});

const QUESTION = 'How many border crossing points are connected to INTERPOL I-24/7 in Valdoria?';

type Entity = Record<string, unknown> & { citation?: { position: number; appearance: Record<string, unknown> }[] };
const entitiesOf = (a: TeamsActivity | undefined) => ((a?.activity.entities ?? []) as Entity[]) ?? [];
const messages = () => h.server.teamsActivities.filter((a) => a.kind !== 'update' && (a.activity.type ?? 'message') === 'message');
const since = (n: number) => h.server.teamsActivities.slice(n);

/** What every answer posted where others read it carries: one root entity (AI label, citations on its [n]), feedback on. */
function expectAnswerEntities(posted: TeamsActivity | undefined) {
  const text = String(posted?.activity.text);
  const roots = entitiesOf(posted).filter((e) => e.type === 'https://schema.org/Message');
  expect(roots).toHaveLength(1);
  expect(roots[0]).toMatchObject({ '@type': 'Message', additionalType: ['AIGeneratedContent'] });
  expect(roots[0]!.citation?.length).toBeGreaterThan(0);
  for (const citation of roots[0]!.citation ?? []) {
    expect(text).toContain(`[${citation.position}]`);
    expect(citation.appearance).toMatchObject({ '@type': 'DigitalDocument' });
  }
  expect(posted?.activity.channelData).toMatchObject({ feedbackLoop: { type: 'default' }, feedbackLoopEnabled: true });
  return roots[0]!;
}

/** The draft the chair asked for last. */
async function newestDraft(): Promise<string> {
  const { rows } = await h.app.db.query<{ id: string }>(`SELECT id FROM summary_drafts ORDER BY created_at DESC, id DESC LIMIT 1`);
  return rows[0]!.id;
}

async function personalAnswer() {
  const before = h.server.teamsActivities.length;
  const activity = personalMessage(h.server, CHAIR, QUESTION);
  const response = await h.post(activity);
  return { response, activity, sent: since(before) };
}

describe('Teams bot over HTTP', () => {
  it('answers in 1:1 with one root Message entity (AI label, citations) and feedback switched on, intact on the wire', async () => {
    const { response, sent } = await personalAnswer();
    expect(response.status).toBe(200);
    const reply = sent.find((a) => a.activity.type === 'message');
    expect(reply?.conversationId).toBe('a-personal-chair-user');
    const text = String(reply?.activity.text);
    expect(text).toContain('[1]');
    expect(text).toContain(message('answer.extractive_notice', 'en'));
    const roots = entitiesOf(reply).filter((e) => e.type === 'https://schema.org/Message');
    expect(roots).toHaveLength(1);
    const root = roots[0]!;
    expect(root).toMatchObject({ '@type': 'Message', '@context': 'https://schema.org', additionalType: ['AIGeneratedContent'] });
    expect(root.citation?.length).toBeGreaterThan(0);
    for (const citation of root.citation ?? []) {
      expect(text).toContain(`[${citation.position}]`);
      expect(citation).toMatchObject({ '@type': 'Claim', appearance: { '@type': 'DigitalDocument' } });
      expect(String(citation.appearance.name).length).toBeLessThanOrEqual(80);
      expect(String(citation.appearance.abstract).length).toBeLessThanOrEqual(160);
      expect((citation.appearance.keywords as string[]).length).toBeLessThanOrEqual(3);
    }
    // The assessment is restricted: the sensitivity label names the Member State.
    expect(root.usageInfo).toMatchObject({ description: 'Restricted — shared with the consent of Republic of Valdoria' });
    expect(reply?.activity.channelData).toMatchObject({ feedbackLoop: { type: 'default' }, feedbackLoopEnabled: true });
    const posted = await h.app.db.query<{ audit_id: string; document_ids: string[] }>(
      `SELECT audit_id, document_ids FROM posted_messages WHERE platform = 'teams' AND message_id = $1`,
      [reply?.activityId],
    );
    expect(posted.rows[0]?.audit_id).toBeTruthy();
  });

  it('stores feedback from the message/submitAction invoke against the answer audit row and answers 200 with an empty body', async () => {
    const { sent } = await personalAnswer();
    const reply = sent.find((a) => a.activity.type === 'message')!;
    const response = await h.post(
      invoke(
        h.server,
        CHAIR,
        reply.conversationId,
        'message/submitAction',
        { actionName: 'feedback', actionValue: { reaction: 'dislike', feedback: JSON.stringify({ feedbackText: 'too short' }) } },
        { replyToId: reply.activityId },
      ),
    );
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    const rows = await h.app.db.query<{ rating: string; comment: string; member_id: string }>(
      `SELECT f.rating, f.comment, f.member_id FROM answer_feedback f
         JOIN posted_messages p ON p.audit_id = f.audit_id WHERE p.message_id = $1`,
      [reply.activityId],
    );
    expect(rows.rows).toEqual([{ rating: 'down', comment: 'too short', member_id: 'mbr-chair' }]);
  });

  it('answers a working group channel from the channel scope in the thread, and continues in 1:1 with what only the asker may see', async () => {
    const before = h.server.teamsActivities.length;
    const response = await h.post(
      channelMessage(h.server, CHAIR, BORDER_CHANNEL, 'How many remaining border crossing points should Valdoria connect?'),
    );
    expect(response.status).toBe(200);
    const sent = since(before);
    const inThread = sent.find((a) => a.conversationId.startsWith(BORDER_CHANNEL));
    expect(inThread?.kind).toBe('reply');
    const channelText = String(inThread?.activity.text);
    // doc-val-recs is CTED-only: the plain member of the group may not see it, so the channel may not either.
    expect(channelText).not.toContain('14 remaining');
    expect(JSON.stringify(inThread?.activity.entities)).not.toContain('Recommendations to Valdoria');
    // The core's "more in a DM": the fuller answer in 1:1 with its note (no Post to channel: it rests on what the room may not see).
    const privateAnswer = sent.find((a) => a.conversationId === 'a-personal-chair-user' && a.activity.type === 'message');
    expect(String(privateAnswer?.activity.text)).toContain('14 remaining');
    expect(String(privateAnswer?.activity.text)).toContain(message('room.more_privately', 'en'));
    expect(privateAnswer?.activity.attachments).toBeUndefined();
  });

  it('Post to channel from the 1:1 card goes to the thread the question was asked in, re-checked at click time, once', async () => {
    const before = h.server.teamsActivities.length;
    const ask = channelMessage(h.server, CHAIR, BORDER_CHANNEL, 'ask How many remaining border crossing points should Valdoria connect?');
    await h.post(ask);
    const privateAnswer = since(before).find((a) => a.conversationId === 'a-personal-chair-user' && a.activity.type === 'message');
    expect(String(privateAnswer?.activity.text)).toContain('14 remaining');
    const action = (
      privateAnswer?.activity.attachments as { content: { actions: { verb: string; data: Record<string, unknown> }[] } }[]
    )[0]!.content.actions[0]!;
    expect(action.verb).toBe('postToChannel');
    // The button carries the core's opaque token only: no audit id, no conversation to trust.
    expect(Object.keys(action.data).sort()).toEqual(['token', 'verb']);
    const click = () =>
      h.post(
        invoke(h.server, CHAIR, 'a-personal-chair-user', 'adaptiveCard/action', {
          action: { type: 'Action.Execute', verb: 'postToChannel', data: action.data },
        }),
      );
    // It cites the CTED-only document, which a reader of the channel may not see: refused.
    const refused = await click();
    expect(refused.status).toBe(200);
    expect(refused.body).toContain(message('room.share_refused', 'en'));
    expect(since(before).filter((a) => a.conversationId.startsWith(BORDER_CHANNEL) && a.activity.type === 'message')).toHaveLength(1);

    // Once the owner shares the document with the whole Compact, the same click posts into the thread.
    await h.app.db.query(
      `UPDATE consents SET audience_kind = 'compact', audience_ids = '{}', version = version + 1 WHERE document_id = 'doc-val-recs'`,
    );
    try {
      const again = await click();
      expect(again.body).toContain(message('chat.posted', 'en'));
      const inChannel = since(before).filter((a) => a.conversationId === ask.conversation.id && a.activity.type === 'message');
      expect(inChannel).toHaveLength(2);
      expect(String(inChannel[1]?.activity.text)).toContain('14 remaining');
      // doc-val-recs is internal: no sensitivity label.
      expect(expectAnswerEntities(inChannel[1]).usageInfo).toBeUndefined();
      expect(String(inChannel[1]?.activity.text)).not.toContain(`${message('answer.sources', 'en')}:`);
      const posted = await h.app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posted_messages WHERE message_id = $1`, [
        inChannel[1]?.activityId,
      ]);
      expect(posted.rows[0]?.n).toBe(1);

      // The same click again: shared once per answer and room.
      const twice = await click();
      expect(twice.body).toContain(message('room.share_already', 'en'));
      expect(since(before).filter((a) => a.conversationId === ask.conversation.id && a.activity.type === 'message')).toHaveLength(2);
    } finally {
      await h.app.db.query(
        `UPDATE consents SET audience_kind = 'entities', audience_ids = '{CTED}', version = version + 1 WHERE document_id = 'doc-val-recs'`,
      );
    }
  });

  it('answers a member who sees nothing beyond the channel scope only in the thread', async () => {
    const before = h.server.teamsActivities.length;
    const audits = await h.app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE member_id = 'mbr-member'`);
    await h.post(channelMessage(h.server, MEMBER, BORDER_CHANNEL, QUESTION));
    const sent = since(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.kind).toBe('reply');
    const after = await h.app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE member_id = 'mbr-member'`);
    expect(after.rows[0]!.n - audits.rows[0]!.n).toBe(1);
  });

  it('answers a group chat privately: a short public note, the answer in the 1:1 chat (proactive, from the stored reference)', async () => {
    const before = h.server.teamsActivities.length;
    const response = await h.post(groupChatMessage(h.server, CHAIR, QUESTION));
    expect(response.status).toBe(200);
    const sent = since(before);
    const publicNote = sent.find((a) => a.conversationId === '19:groupchat-1@thread.v2');
    expect(String(publicNote?.activity.text)).toBe(message('chat.sent_privately', 'en', { name: CHAIR.name }));
    expect(publicNote?.activity.entities ?? []).toEqual([]);
    const privateAnswer = sent.find((a) => a.conversationId === 'a-personal-chair-user');
    expect(privateAnswer?.kind).toBe('send');
    expect(String(privateAnswer?.activity.text)).toContain('[1]');
    // The note follows the delivered answer: the first message marks a durable turn replied, so a note
    // sent first, and a replica lost before the answer, would leave the asker with nothing.
    expect(sent.indexOf(privateAnswer!)).toBeLessThan(sent.indexOf(publicNote!));
  });

  it('creates the 1:1 chat when none is stored (unregistered channel, member never wrote to the bot)', async () => {
    const before = h.server.teamsActivities.length;
    await h.post(channelMessage(h.server, MEMBER, LOBBY_CHANNEL, QUESTION));
    const sent = since(before);
    expect(sent.find((a) => a.kind === 'reply')?.activity.text).toBe(message('chat.sent_privately', 'en', { name: MEMBER.name }));
    const created = sent.find((a) => a.kind === 'create-conversation');
    expect(created).toBeDefined();
    const body = h.server.requestsTo('/v3/conversations').at(-1)?.body as { members: { id: string }[] };
    expect(body.members[0]?.id).toBe(MEMBER.id);
    expect(sent.find((a) => a.kind === 'send' && a.conversationId === created?.conversationId)?.activity.text).toContain('[1]');
  });

  it('tells an unknown user how to get access, nothing else, and audits the attempt', async () => {
    const before = h.server.teamsActivities.length;
    await h.post(personalMessage(h.server, STRANGER, QUESTION));
    const reply = since(before).find((a) => a.activity.type === 'message');
    expect(reply?.activity.text).toBe(message('answer.no_access', 'en'));
    const audit = await h.app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE platform = 'teams' AND member_id IS NULL AND kind = 'access_denied'`,
    );
    expect(audit.rows[0]?.n).toBeGreaterThanOrEqual(1);
  });

  it('answers a redelivered activity id once', async () => {
    // The counter is the process's (other test files may share it): compare with its value now.
    const deduplicatedSoFar = async () =>
      (await metrics.eventsDeduplicated.get()).values.find((v) => v.labels.platform === 'teams')?.value ?? 0;
    const deduplicatedBefore = await deduplicatedSoFar();
    const activity = personalMessage(h.server, CHAIR, 'help');
    const before = h.server.teamsActivities.length;
    expect((await h.post(activity)).status).toBe(200);
    expect((await h.post(activity)).status).toBe(200);
    const replies = since(before).filter((a) => a.activity.text === message('chat.help', 'en'));
    expect(replies).toHaveLength(1);
    const reminders = personalMessage(h.server, CHAIR, 'reminders');
    const remindersBefore = h.server.teamsActivities.length;
    await h.post(reminders);
    expect(since(remindersBefore).map((a) => a.activity.text)).toEqual([message('chat.no_reminders', 'en')]);
    expect(await deduplicatedSoFar()).toBe(deduplicatedBefore + 1);
  });

  it('waits out a 429 with Retry-After and then delivers', async () => {
    const activity = personalMessage(h.server, CHAIR, 'help');
    h.server.failNext(`/v3/conversations/a-personal-chair-user/activities/${activity.id}`, 1, {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'Throttled', message: 'slow down' } },
    });
    const rateLimitedBefore = h.server.rateLimited();
    const before = h.server.teamsActivities.length;
    expect((await h.post(activity)).status).toBe(200);
    expect(h.server.rateLimited()).toBe(rateLimitedBefore + 1);
    expect(since(before).filter((a) => a.activity.text === message('chat.help', 'en'))).toHaveLength(1);
  });

  it('drafts a summary for a chair in 1:1 as a card; Approve posts a new thread in the group channel', async () => {
    const before = h.server.teamsActivities.length;
    await h.post(personalMessage(h.server, CHAIR, 'summary Valdoria'));
    const cardMessage = since(before).find((a) => a.conversationId === 'a-personal-chair-user' && a.activity.attachments);
    const card = (cardMessage?.activity.attachments as { content: { actions: { verb: string; data: { token: string } }[] } }[])[0]!.content;
    expect(card.actions.map((a) => a.verb)).toEqual(['summaryApprove', 'summaryRegenerate', 'summaryDiscard']);
    const draftId = await newestDraft();

    const click = await h.post(
      invoke(h.server, CHAIR, 'a-personal-chair-user', 'adaptiveCard/action', {
        action: { type: 'Action.Execute', verb: 'summaryApprove', data: card.actions[0]!.data },
      }),
    );
    expect(click.status).toBe(200);
    const updated = JSON.parse(click.body) as { statusCode: number; type: string; value: unknown };
    expect(updated).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(updated.value)).toContain('posted');
    const thread = h.server.teamsActivities.find((a) => a.kind === 'create-conversation' && a.channelId === BORDER_CHANNEL);
    expect(String(thread?.activity.text)).toContain('Valdoria');
    // The draft quotes the restricted assessment: the sensitivity label says whose consent it rests on.
    expect(expectAnswerEntities(thread).usageInfo).toMatchObject({
      description: 'Restricted — shared with the consent of Republic of Valdoria',
    });
    // Feedback on the posted summary is stored against the draft's audit row.
    const vote = await h.post(
      invoke(
        h.server,
        MEMBER,
        `${BORDER_CHANNEL};messageid=${thread!.activityId}`,
        'message/submitAction',
        { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{}' } },
        { replyToId: thread!.activityId },
      ),
    );
    expect(vote.status).toBe(200);
    const votes = await h.app.db.query<{ rating: string; kind: string }>(
      `SELECT f.rating, a.kind FROM answer_feedback f JOIN audit_log a ON a.id = f.audit_id WHERE a.details->>'draftId' = $1`,
      [draftId],
    );
    expect(votes.rows).toEqual([{ rating: 'up', kind: 'summary' }]);
    const rows = await h.app.db.query<{ status: string }>(`SELECT status FROM summary_drafts WHERE id = $1`, [draftId]);
    expect(rows.rows[0]?.status).toBe('posted');
    const posted = await h.app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posted_messages WHERE draft_id = $1`, [draftId]);
    expect(posted.rows[0]?.n).toBe(1);
  });

  it('regenerates and discards a draft in place, and refuses a non-chair politely', async () => {
    const before = h.server.teamsActivities.length;
    await h.post(personalMessage(h.server, CHAIR, 'summary Republic of Valdoria Border'));
    const cardMessage = since(before).find((a) => a.activity.attachments);
    const firstToken = (cardMessage?.activity.attachments as { content: { actions: { data: { token: string } }[] } }[])[0]!.content
      .actions[0]!.data.token;
    const firstDraftId = await newestDraft();
    // Regenerate replaces the card with a new draft (the old one is set aside); Discard ends it.
    const regenerated = await h.post(
      invoke(h.server, CHAIR, 'a-personal-chair-user', 'adaptiveCard/action', {
        action: { type: 'Action.Execute', verb: 'summaryRegenerate', data: { verb: 'summaryRegenerate', token: firstToken } },
      }),
    );
    const newCard = (JSON.parse(regenerated.body) as { value: { actions: { data: { token: string } }[] } }).value;
    const newToken = newCard.actions[0]!.data.token;
    const draftId = await newestDraft();
    expect(draftId).not.toBe(firstDraftId);
    const old = await h.app.db.query<{ status: string }>(`SELECT status FROM summary_drafts WHERE id = $1`, [firstDraftId]);
    expect(old.rows[0]?.status).toBe('discarded');
    const click = await h.post(
      invoke(h.server, CHAIR, 'a-personal-chair-user', 'adaptiveCard/action', {
        action: { type: 'Action.Execute', verb: 'summaryDiscard', data: { verb: 'summaryDiscard', token: newToken } },
      }),
    );
    expect(click.body).toContain(message('slack.summary_discarded', 'en'));
    const discarded = await h.app.db.query<{ status: string }>(`SELECT status FROM summary_drafts WHERE id = $1`, [draftId]);
    expect(discarded.rows[0]?.status).toBe('discarded');
    expect(h.server.teamsActivities.filter((a) => a.kind === 'create-conversation' && a.channelId === BORDER_CHANNEL)).toHaveLength(1);

    const refusedBefore = h.server.teamsActivities.length;
    await h.post(personalMessage(h.server, MEMBER, 'summary Valdoria Border'));
    const refusal = since(refusedBefore).find((a) => a.activity.type === 'message');
    expect(String(refusal?.activity.text)).toContain('Only the chair or a co-chair');
    expect(refusal?.activity.attachments).toBeUndefined();
  });

  it('withdraws posted answers that cited a document whose consent was revoked (updateActivity via the stored reference)', async () => {
    const { sent } = await personalAnswer();
    const reply = sent.find((a) => a.activity.type === 'message')!;
    await requestWithdrawalOfDocument(h.app.db, 'doc-val-assess', 'consent revoked');
    expect(await h.app.withdrawals?.runOnce()).toBeGreaterThan(0);
    const update = h.server.teamsActivities.find((a) => a.kind === 'update' && a.activityId === reply.activityId);
    expect(update?.conversationId).toBe('a-personal-chair-user');
    expect(update?.activity.text).toBe(message('chat.source_withdrawn', 'en'));
    expect(update?.activity.entities).toEqual([]);
  });

  it('marks a 1:1 reference stale on 403 (user blocked the bot) and stops using it', async () => {
    await h.post(personalMessage(h.server, MEMBER, 'help')); // the member's own 1:1 chat, now the newest reference
    h.server.route('POST', /^\/v3\/conversations\/a-personal-member-user\/activities/, () => ({
      status: 403,
      body: { error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } },
    }));
    const before = h.server.teamsActivities.length;
    await h.post(groupChatMessage(h.server, MEMBER, QUESTION));
    const inGroup = since(before)
      .filter((a) => a.conversationId === '19:groupchat-1@thread.v2')
      .map((a) => a.activity.text);
    // The room is told only what happened: no "I sent you the answer privately" for an answer that never arrived.
    expect(inGroup).toEqual([message('chat.error_generic', 'en')]);
    const stale = await h.app.db.query<{ stale_reason: string }>(
      `SELECT stale_reason FROM teams_conversation_references WHERE conversation_id = 'a-personal-member-user' AND stale_at IS NOT NULL`,
    );
    expect(stale.rows).toEqual([{ stale_reason: 'ConversationBlockedByUser' }]);
    // The next private answer no longer tries the blocked chat.
    const attempts = h.server.requests.filter((r) => r.path.startsWith('/v3/conversations/a-personal-member-user/')).length;
    await h.post(groupChatMessage(h.server, MEMBER, QUESTION));
    expect(h.server.requests.filter((r) => r.path.startsWith('/v3/conversations/a-personal-member-user/')).length).toBe(attempts);
  });

  it('sends the welcome card on install in 1:1 saying who the bot thinks you are', async () => {
    const before = h.server.teamsActivities.length;
    const install = {
      ...personalMessage(h.server, CHAIR, ''),
      type: 'conversationUpdate',
      membersAdded: [{ id: '28:compact-bot' }],
      text: undefined,
    };
    expect((await h.post(install)).status).toBe(200);
    const welcome = since(before).find((a) => a.activity.attachments);
    expect(JSON.stringify(welcome?.activity.attachments)).toContain(
      message('chat.who_you_are', 'en', { name: 'Chair Person', entity: 'CTED' }),
    );
    expect(messages().length).toBeGreaterThan(0);
  });
});
