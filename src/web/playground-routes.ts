import { readFileSync } from 'node:fs';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AnswerService } from '../app/create-answer-service.js';
import type { SummaryService } from '../app/create-summary-service.js';
import { message } from '../core/messages/index.js';
import { previewReminder } from '../core/reminders/preview-reminder.js';
import type { AskContext } from '../core/types.js';
import { formatContext } from '../core/types.js';
import type { Database } from '../db/database.js';
import { listScopedDocuments } from '../db/queries/access-scope.js';
import { recordFeedback } from '../db/queries/answer-feedback.js';
import { listPostedSummaries } from '../db/queries/channel-posts.js';
import { memberExists } from '../db/queries/directory.js';
import { loadDirectoryOverview, workingGroupExists } from '../db/queries/directory-overview.js';
import { recordPostedMessage } from '../db/queries/posted-messages.js';
import { listReminders } from '../db/queries/reminders.js';
import { isAppError, toUserMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { metrics } from '../observability/metrics.js';
import { playgroundGuard } from './playground-guard.js';

export interface PlaygroundDeps {
  db: Database;
  answer: AnswerService;
  summaries: SummaryService;
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
  feedback: z.object({ memberId, auditId: z.number().int().positive(), rating: z.enum(['up', 'down']) }),
  summary: z.object({
    memberId,
    workingGroupId: z.string().min(1).max(200),
    memberStateId: z.string().min(1).max(200),
    language: z.enum(['en', 'fr', 'es', 'ru', 'ar', 'zh']).optional(),
  }),
  review: z.object({ memberId, draftId: z.string().min(1).max(200) }),
  channel: z.object({ workingGroupId: z.string().min(1).max(200) }),
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
async function contextOf(db: Database, group: string | null | undefined): Promise<AskContext> {
  if (!group) return { kind: 'dm' };
  if (!(await workingGroupExists(db, group))) throw new BadRequest(`No working group with id '${group}'.`);
  return { kind: 'channel', workingGroupId: group };
}

/**
 * The local playground: act as any directory member, in a DM or a working-group channel, through
 * the same services as Slack and Teams (answers with citations and an audit row, access check,
 * summaries with review, feedback, reminder previews). It impersonates members, so main.ts mounts it
 * only when decidePlayground() allows, and every route sits behind playgroundGuard().
 */
export function playgroundRouter(deps: PlaygroundDeps): Router {
  const { db, logger } = deps;
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
    const overview = await loadDirectoryOverview(db);
    response.json({ ...overview, model: deps.model, extractiveNotice: deps.model ? null : message('answer.extractive_notice', 'en') });
  });

  route('ask', async (request, response) => {
    const asked = parse(schemas.ask, request, 'Send JSON with memberId, question and optionally channel (a working-group id).');
    const context = await contextOf(db, asked.channel);
    const stream = asked.stream === true;
    if (stream) {
      // NDJSON: {"type":"token","text"} while a model streams, then one {"type":"answer", …}.
      response.status(200).type('application/x-ndjson');
      response.flushHeaders();
    }
    let result;
    try {
      result = await deps.answer({
        memberId: asked.memberId,
        context,
        question: asked.question,
        platform: 'web',
        onToken: stream ? (text) => response.write(`${JSON.stringify({ type: 'token', text })}\n`) : undefined,
      });
    } catch (error) {
      if (!stream) throw error;
      logger.error({ err: error, route: 'ask' }, 'playground question failed');
      response.end(`${JSON.stringify({ type: 'error', error: toUserMessage(error) })}\n`);
      return;
    }
    const payload = {
      answerable: result.answerable,
      answer: result.answer,
      body: result.body,
      citations: result.citations,
      sources: result.sources,
      auditId: result.auditId,
      context: result.context,
      language: result.language,
      model: result.model,
      notice: result.answerable && deps.model === null ? message('answer.extractive_notice', result.language) : null,
    };
    if (stream) response.end(`${JSON.stringify({ type: 'answer', ...payload })}\n`);
    else response.json(payload);
  });

  route('scope', async (request, response) => {
    const asked = parse(schemas.scope, request, 'Send JSON with memberId and optionally channel (a working-group id).');
    const context = await contextOf(db, asked.channel);
    const documents = (await memberExists(db, asked.memberId)) ? await listScopedDocuments(db, { memberId: asked.memberId, context }) : [];
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
      count: documents.length,
      memberStates: [...byState.values()],
    });
  });

  route('feedback', async (request, response) => {
    const vote = parse(schemas.feedback, request, 'Send JSON with memberId, auditId and rating (up or down).');
    const stored = await recordFeedback(db, { auditId: vote.auditId, platform: 'web', memberId: vote.memberId, rating: vote.rating });
    if (!stored) {
      response.status(404).json({ error: 'No such answer.' });
      return;
    }
    metrics.feedback.inc({ platform: 'web', rating: vote.rating });
    response.json({ stored: true, message: message('chat.feedback_thanks', 'en') });
  });

  route('summary', async (request, response) => {
    const asked = parse(schemas.summary, request, 'Send JSON with memberId, workingGroupId and memberStateId.');
    const outcome = await deps.summaries.request({ ...asked, platform: 'web' });
    response.json(outcome);
  });

  route('summary/approve', async (request, response) => {
    const asked = parse(schemas.review, request, 'Send JSON with memberId and draftId.');
    const reviewer = { kind: 'member' as const, memberId: asked.memberId };
    const approved = await deps.summaries.approve(asked.draftId, reviewer);
    if (!approved.ok) {
      response.json(approved);
      return;
    }
    // "Post" to the group's playground channel: recorded like a Slack or Teams post, so revocation reaches it.
    const draft = approved.draft;
    await recordPostedMessage(db, {
      platform: 'web',
      conversationId: draft.workingGroupId,
      messageId: draft.draftId,
      draftId: draft.draftId,
      documentIds: draft.citedDocumentIds,
      language: draft.language,
    });
    response.json(await deps.summaries.markPosted(draft.draftId, reviewer, `web:${draft.workingGroupId}`));
  });

  route('summary/discard', async (request, response) => {
    const asked = parse(schemas.review, request, 'Send JSON with memberId and draftId.');
    response.json(await deps.summaries.discard(asked.draftId, { kind: 'member', memberId: asked.memberId }));
  });

  route('channel', async (request, response) => {
    const asked = parse(schemas.channel, request, 'Send JSON with workingGroupId.');
    if (!(await workingGroupExists(db, asked.workingGroupId))) throw new BadRequest(`No working group with id '${asked.workingGroupId}'.`);
    response.json({ workingGroupId: asked.workingGroupId, posts: await listPostedSummaries(db, 'web', asked.workingGroupId) });
  });

  route('reminders', async (_request, response) => {
    const at = now();
    const reminders = await listReminders(db, { includePaused: true });
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

/** What `/` says when the playground is not mounted, and why (PLAYGROUND=on overrides). */
export function playgroundDisabledRouter(reason: string): Router {
  const router = Router();
  router.get('/', (_request, response) => {
    response.status(404).type('text/plain').send(`The Compact Bot playground is disabled: ${reason}\n`);
  });
  return router;
}
