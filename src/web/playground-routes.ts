import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ConversationService } from '../core/conversation/conversation-service.js';
import type { CoreAnswer, Outbox, Reply, Turn } from '../core/conversation/turn.js';
import { message } from '../core/messages/index.js';
import { previewReminder } from '../core/reminders/preview-reminder.js';
import type { AskContext } from '../core/types.js';
import { formatContext } from '../core/types.js';
import { isAppError, toUserMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { playgroundGuard } from './playground-guard.js';
import type { PlaygroundRooms, PlaygroundStore } from './playground-store.js';

export interface PlaygroundDeps {
  store: PlaygroundStore;
  /** The conversation core, reading the playground's rooms (the group's members, and any guest the page added). */
  conversation: ConversationService;
  rooms: PlaygroundRooms;
  /** The chat model's name, or null: answers are extractive and say so. */
  model: string | null;
  logger: Logger;
  /** Listening on loopback: the Host header must then name a loopback address and this port. */
  loopbackOnly: boolean;
  now?: () => Date;
}

const PAGE = readFileSync(new URL('./playground.html', import.meta.url), 'utf8');

const memberId = z.string().min(1).max(200);
const channel = z.string().min(1).max(200).nullish();
const schemas = {
  ask: z.object({ memberId, channel, question: z.string().trim().min(1).max(2_000), stream: z.boolean().optional() }),
  scope: z.object({ memberId, channel }),
  feedback: z.object({ memberId, channel, token: z.string().min(1).max(100), rating: z.enum(['up', 'down']) }),
  channel: z.object({ workingGroupId: z.string().min(1).max(200) }),
  guest: z.object({ workingGroupId: z.string().min(1).max(200), present: z.boolean() }),
  turn: z.object({
    memberId,
    channel,
    what: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('question'), text: z.string().trim().min(1).max(2_000) }),
      z.object({ kind: z.literal('command'), text: z.string().max(2_000) }),
      z.object({
        kind: z.literal('button'),
        action: z.enum(['share', 'feedback-up', 'feedback-down', 'approve', 'regenerate', 'discard', 'choose-group']),
        token: z.string().min(1).max(100),
      }),
    ]),
  }),
  reminders: z.object({ memberId: memberId.optional() }),
};

class BadRequest extends Error {
  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

function parse<T extends z.ZodType>(schema: T, request: Request, hint: string): z.infer<T> {
  const parsed = schema.safeParse(request.body);
  if (!parsed.success) throw new BadRequest(hint);
  return parsed.data;
}

/** The channel (a working-group id) as an ask context; an unknown group is refused as `ask --channel` refuses it. */
async function contextOf(store: PlaygroundStore, group: string | null | undefined): Promise<AskContext> {
  if (!group) return { kind: 'dm' };
  if (!(await store.workingGroupExists(group))) throw new BadRequest(`No working group with id '${group}'.`);
  return { kind: 'channel', workingGroupId: group };
}

/** A playground request as a turn: the member played, in their DM or in a group's channel. */
function turnOf(memberId: string, channel: string | null | undefined, what: Turn['what']): Turn {
  const who = { platform: 'playground' as const, workspace: null, userId: memberId };
  const where: Turn['where'] = channel
    ? { kind: 'room', roomKind: 'channel', address: { platform: 'playground', workspace: null, conversationId: channel } }
    : { kind: 'dm', address: { platform: 'playground', workspace: null, conversationId: `dm:${memberId}` } };
  return { who, where, what };
}

/**
 * The playground's outbox: nothing leaves the process (the route returns the replies), but a post
 * to a room or a group's channel gets a message id, so the core records it as it records a Slack or
 * Teams post: the channel view lists approved summaries from there, and a guest joining withdraws
 * what they may not see.
 */
function playgroundOutbox(stream?: (token: string) => void): Outbox {
  return {
    send: async (reply) => (reply.to.kind === 'room' || reply.to.kind === 'channel' ? { messageId: `web-${randomUUID()}` } : undefined),
    ...(stream ? { stream: () => ({ onToken: stream }) } : {}),
  };
}

/** An answer as the page shows it. */
function answerPayload(
  answer: CoreAnswer,
  extras: { audience: 'room' | 'private'; note?: string; feedbackToken?: string; model: string | null },
) {
  return {
    answerable: answer.answerable,
    answer: answer.answer,
    body: answer.body,
    citations: answer.citations,
    sources: answer.sources,
    auditId: answer.auditId,
    context: answer.context,
    language: answer.language,
    model: answer.model,
    audience: extras.audience,
    note: extras.note ?? null,
    feedbackToken: extras.feedbackToken ?? null,
    notice: answer.answerable && extras.model === null ? message('answer.extractive_notice', answer.language) : null,
  };
}

/**
 * The local playground: act as any directory member, in a DM or a working-group channel, through
 * the same services as Slack and Teams (answers with citations and an audit row, access check,
 * summaries with review, feedback, reminder previews). It impersonates members, so main.ts mounts it
 * only when decidePlayground() allows, and every route sits behind playgroundGuard().
 */
export function playgroundRouter(deps: PlaygroundDeps): Router {
  const { store, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const router = Router();
  // Per route, not router.use('/'): that would also guard every router mounted after this one.
  const guard = playgroundGuard({ loopbackOnly: deps.loopbackOnly });
  const json = express.json({ limit: '64kb' });

  const route = (path: string, handler: (request: Request, response: Response) => Promise<void>) => {
    router.post(`/playground/${path}`, guard, json, async (request, response) => {
      try {
        await handler(request, response);
      } catch (error) {
        // Bad input (including a question that is only control characters) is the client's, not ours.
        if (error instanceof BadRequest || (isAppError(error) && error.code === 'input.invalid')) {
          response.status(400).json({ error: error.userMessage });
          return;
        }
        logger.error({ err: error, route: path }, 'playground request failed');
        if (response.headersSent) response.end();
        else response.status(500).json({ error: toUserMessage(error) });
      }
    });
  };

  router.get('/', guard, (_request, response) => {
    response.type('html').send(PAGE);
  });

  route('directory', async (_request, response) => {
    const overview = await store.directory();
    response.json({ ...overview, model: deps.model, extractiveNotice: deps.model ? null : message('answer.extractive_notice', 'en') });
  });

  route('ask', async (request, response) => {
    const asked = parse(schemas.ask, request, 'Send JSON with memberId, question and optionally channel (a working-group id).');
    await contextOf(store, asked.channel);
    const stream = asked.stream === true;
    if (stream) {
      // NDJSON: {"type":"token","text"} while a model streams, then one {"type":"answer", …}.
      response.status(200).type('application/x-ndjson');
      response.flushHeaders();
    }
    let replies: Reply[];
    try {
      const sink = stream ? (text: string) => void response.write(`${JSON.stringify({ type: 'token', text })}\n`) : undefined;
      replies = await deps.conversation.handle(
        turnOf(asked.memberId, asked.channel, { kind: 'question', text: asked.question }),
        playgroundOutbox(sink),
      );
    } catch (error) {
      if (!stream) throw error;
      logger.error({ err: error, route: 'ask' }, 'playground question failed');
      response.end(`${JSON.stringify({ type: 'error', error: toUserMessage(error) })}\n`);
      return;
    }
    const payload = playgroundAnswer(replies, deps.model);
    if (stream) response.end(`${JSON.stringify({ type: 'answer', ...payload })}\n`);
    else response.json(payload);
  });

  // Any turn, as Slack and Teams send them (a question, a command in the one grammar, a click), and
  // the core's replies as JSON: to whom, what they say, and the tokens of their buttons. The page's
  // summaries go through here too (`summary <Member State> <group>`, then Approve / Regenerate /
  // Discard by the draft's token), so the core re-reads the room at Approve as on Slack and Teams.
  route('turn', async (request, response) => {
    const asked = parse(schemas.turn, request, 'Send JSON with memberId, optionally channel, and what: a question, a command or a button.');
    await contextOf(store, asked.channel);
    const replies = await deps.conversation.handle(turnOf(asked.memberId, asked.channel, asked.what), playgroundOutbox());
    response.json({ replies: replies.map(replyJson) });
  });

  // "What can I see here?": the core's `scope` command decides which documents (the room's scope, or
  // the asker's own when the room may have none, as with a guest); the store adds consent notes.
  route('scope', async (request, response) => {
    const asked = parse(schemas.scope, request, 'Send JSON with memberId and optionally channel (a working-group id).');
    const context = await contextOf(store, asked.channel);
    const known = await store.memberExists(asked.memberId);
    const replies = known
      ? await deps.conversation.handle(turnOf(asked.memberId, asked.channel, { kind: 'command', text: 'scope' }), playgroundOutbox())
      : [];
    const listed = new Set(replies.flatMap((reply) => (reply.body.kind === 'scope' ? reply.body.documents.map((d) => d.documentId) : [])));
    const documents = known
      ? (await store.scopedDocuments({ memberId: asked.memberId, context: { kind: 'dm' } })).filter((d) => listed.has(d.documentId))
      : [];
    const byState = new Map<string, { memberState: string; documents: typeof documents }>();
    for (const document of documents) {
      const key = document.memberStateName ?? '(no Member State)';
      const group = byState.get(key) ?? { memberState: key, documents: [] };
      group.documents.push(document);
      byState.set(key, group);
    }
    response.json({
      memberId: asked.memberId,
      context: formatContext(context),
      guest: asked.channel ? deps.rooms.hasGuest(asked.channel) : false,
      count: documents.length,
      memberStates: [...byState.values()],
    });
  });

  route('feedback', async (request, response) => {
    const vote = parse(
      schemas.feedback,
      request,
      'Send JSON with memberId, token (the answer’s feedbackToken), rating (up or down) and the channel it was shown in.',
    );
    const action = vote.rating === 'up' ? 'feedback-up' : 'feedback-down';
    const replies = await deps.conversation.handle(
      turnOf(vote.memberId, vote.channel, { kind: 'button', action, token: vote.token }),
      playgroundOutbox(),
    );
    const line = replies.find((reply) => reply.body.kind === 'line');
    const text = line?.body.kind === 'line' ? line.body.text : '';
    if (text !== message('chat.feedback_thanks', line?.body.kind === 'line' ? line.body.language : 'en')) {
      response.status(403).json({ error: text || 'No such answer.' });
      return;
    }
    response.json({ stored: true, message: text });
  });

  route('channel', async (request, response) => {
    const asked = parse(schemas.channel, request, 'Send JSON with workingGroupId.');
    if (!(await store.workingGroupExists(asked.workingGroupId)))
      throw new BadRequest(`No working group with id '${asked.workingGroupId}'.`);
    const readers = await store.membersOfWorkingGroup(asked.workingGroupId);
    response.json({
      workingGroupId: asked.workingGroupId,
      posts: await store.channelPosts(asked.workingGroupId),
      roster: { members: readers, guest: deps.rooms.hasGuest(asked.workingGroupId) },
    });
  });

  // The channel view's roster is the group's members; the page can add a guest (someone outside the
  // directory) so the room rule shows: answers there then go privately to the asker, with the reason.
  route('channel/guest', async (request, response) => {
    const asked = parse(schemas.guest, request, 'Send JSON with workingGroupId and present (true or false).');
    if (!(await store.workingGroupExists(asked.workingGroupId)))
      throw new BadRequest(`No working group with id '${asked.workingGroupId}'.`);
    deps.rooms.setGuest(asked.workingGroupId, asked.present);
    const address = { platform: 'playground' as const, workspace: null, conversationId: asked.workingGroupId };
    const { withdrawn } = await deps.conversation.roomChanged(address, asked.present ? 'joined' : 'left');
    response.json({ workingGroupId: asked.workingGroupId, guest: asked.present, withdrawn });
  });

  route('reminders', async (_request, response) => {
    const at = now();
    const reminders = await store.reminders();
    response.json({
      reminders: reminders.map((reminder) => ({
        id: reminder.id,
        title: reminder.title,
        workingGroupId: reminder.workingGroupId,
        cron: reminder.cron,
        timezone: reminder.timezone,
        next: previewReminder(reminder, at),
      })),
    });
  });

  return router;
}

/** The reply the page shows: the room's answer or the private one, and a fuller private answer beside a room's. */
function playgroundAnswer(replies: Reply[], model: string | null) {
  const answers = replies.flatMap((reply) =>
    reply.body.kind === 'answer'
      ? [{ audience: reply.to.kind === 'room' ? ('room' as const) : ('private' as const), body: reply.body }]
      : [],
  );
  const [first, second] = answers;
  if (!first) {
    const line = replies.find((reply) => reply.body.kind === 'line');
    const text = line?.body.kind === 'line' ? line.body.text : '';
    return {
      answerable: false,
      answer: text,
      body: text,
      citations: [],
      sources: [],
      auditId: null,
      audience: 'private',
      note: null,
      feedbackToken: null,
      notice: null,
    };
  }
  const payload = (a: NonNullable<typeof first>) =>
    answerPayload(a.body.answer, {
      audience: a.audience,
      model,
      ...(a.body.note ? { note: a.body.note } : {}),
      ...(a.body.feedbackToken ? { feedbackToken: a.body.feedbackToken } : {}),
    });
  return { ...payload(first), privately: second ? payload(second) : null };
}

/** One reply of the core as plain JSON: its audience, its text (sources and notes included) and its buttons' tokens. */
function replyJson(reply: Reply) {
  return { ...replyContent(reply), replacesOrigin: reply.replacesOrigin ?? false };
}

function replyContent(reply: Reply) {
  const to = reply.to.kind === 'asker' ? 'private' : reply.to.kind;
  const body = reply.body;
  switch (body.kind) {
    case 'line':
      return { to, kind: body.kind, text: body.text, buttons: {} };
    case 'answer': {
      const sources = body.answer.sources.map((source) => `[${source.n}] ${source.title}`).join('\n');
      const text = [body.note, body.answer.body, sources].filter(Boolean).join('\n\n');
      return { to, kind: body.kind, text, buttons: { feedback: body.feedbackToken ?? null, share: body.shareToken ?? null } };
    }
    case 'shared-answer':
      return { to, kind: body.kind, text: body.text, buttons: { feedback: body.feedbackToken } };
    case 'draft': {
      const heading = message('slack.draft_heading', body.language, body.names);
      const citations = body.draft.citations.map((c) => `[${c.n}] ${c.title}`).join('\n');
      // One token serves the draft's three buttons; the click's action says which.
      const buttons = { approve: body.token, regenerate: body.token, discard: body.token };
      return {
        to,
        kind: body.kind,
        text: [heading, body.draft.text, citations].join('\n\n'),
        draftId: body.draft.draftId,
        draftText: body.draft.text,
        buttons,
      };
    }
    case 'group-choice':
      return { to, kind: body.kind, text: body.groups.map((g) => g.name).join('\n'), buttons: { groups: body.groups.map((g) => g.token) } };
    case 'summary':
      return { to, kind: body.kind, text: body.draft.text, draftId: body.draft.draftId, buttons: {} };
    case 'reminders':
      return {
        to,
        kind: body.kind,
        text: body.items.map((r) => `${r.title}: ${r.sendAt} (${r.eventAt})`).join('\n') || message('chat.no_reminders', body.language),
        buttons: {},
      };
    case 'scope':
      return { to, kind: body.kind, text: body.documents.map((d) => d.title).join('\n'), buttons: {} };
  }
}

/** What `/` says when the playground is not mounted, and why (PLAYGROUND=on overrides). */
export function playgroundDisabledRouter(reason: string): Router {
  const router = Router();
  router.get('/', (_request, response) => {
    response.status(404).type('text/plain').send(`The Compact Bot playground is disabled: ${reason}\n`);
  });
  return router;
}
