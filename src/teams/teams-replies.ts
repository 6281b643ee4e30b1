import { ActivityTypes, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import type { AnsweredQuestion } from '../app/create-answer-service.js';
import { recordPostedMessage } from '../db/queries/posted-messages.js';
import type { Database } from '../db/database.js';
import { asAttachment } from './render-cards.js';
import { renderAnswer, type RenderedAnswer } from './render-answer.js';

/** Turning answers into Teams activities, and recording what was posted (for revocation and feedback). */

export function answerActivity(rendered: RenderedAnswer, card?: Record<string, unknown>): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    text: rendered.text,
    textFormat: 'markdown',
    entities: [rendered.entity as unknown as NonNullable<Activity['entities']>[number]],
    channelData: rendered.channelData,
    ...(card ? { attachments: [asAttachment(card)] } : {}),
  };
}

export function renderResult(result: AnsweredQuestion, prefix?: string): RenderedAnswer {
  return renderAnswer(result, {
    extractive: result.answerable && (result.model === null || result.model === 'extractive'),
    ...(prefix ? { prefix } : {}),
  });
}

export async function recordPosted(
  db: Database,
  conversationId: string,
  response: ResourceResponse | undefined,
  result: AnsweredQuestion,
  threadId?: string,
): Promise<void> {
  if (!response?.id) return;
  await recordPostedMessage(db, {
    platform: 'teams',
    conversationId,
    messageId: response.id,
    auditId: result.auditId,
    documentIds: [...new Set(result.sources.map((s) => s.documentId))],
    language: result.language,
    ...(threadId ? { threadId } : {}),
  });
}

/** Posts an answer once in `target`, records it for revocation and feedback. */
export async function postAnswer(
  db: Database,
  target: TurnContext,
  result: AnsweredQuestion,
  rendered: RenderedAnswer,
  card?: Record<string, unknown>,
): Promise<ResourceResponse | undefined> {
  const response = await target.sendActivity(answerActivity(rendered, card));
  await recordPosted(db, target.activity.conversation.id, response, result);
  return response;
}

export async function invokeResponse(context: TurnContext, status: number, body?: unknown): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, ...(body === undefined ? {} : { body }) } });
}

/** The body of an adaptiveCard/action response that replaces the clicked card. */
export function cardResponse(card: Record<string, unknown>) {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
}
