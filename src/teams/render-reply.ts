import { ActivityTypes, type Activity } from 'botbuilder';
import type { CoreAnswer, ReplyBody } from '../core/conversation/turn.js';
import { message } from '../core/messages/index.js';
import { renderAnswer, type RenderedAnswer } from './render-answer.js';
import { asAttachment, groupChoiceCard, noticeCard, postToChannelCard, summaryDraftCard } from './render-cards.js';
import { renderApprovedSummary, renderSharedAnswer } from './render-stored.js';

/**
 * One reply of the conversation core as a Teams activity: answers, shared answers and approved
 * summaries as the text with `[n]` markers and the one root Message entity (AI label, citations,
 * sensitivity labels) with Teams' feedback switch; drafts and choices as Adaptive Cards whose
 * buttons carry only the core's token.
 */

export function answerActivity(rendered: RenderedAnswer, options: { card?: Record<string, unknown>; feedback?: boolean } = {}) {
  return {
    type: ActivityTypes.Message,
    text: rendered.text,
    textFormat: 'markdown',
    entities: [rendered.entity as unknown as NonNullable<Activity['entities']>[number]],
    // Teams' own 👍/👎 only where the core would take a rating.
    ...(options.feedback === false ? {} : { channelData: rendered.channelData }),
    ...(options.card ? { attachments: [asAttachment(options.card)] } : {}),
  } satisfies Partial<Activity>;
}

export function renderCoreAnswer(answer: CoreAnswer, note?: string): RenderedAnswer {
  return renderAnswer(answer, {
    extractive: answer.answerable && (answer.model === null || answer.model === 'extractive'),
    ...(note ? { prefix: note } : {}),
  });
}

const textActivity = (text: string): Partial<Activity> => ({ type: ActivityTypes.Message, text });
const cardActivity = (card: Record<string, unknown>): Partial<Activity> => ({
  type: ActivityTypes.Message,
  attachments: [asAttachment(card)],
});

/** The card a reply is when it takes the place of the card that was clicked (the invoke's response). */
export function replyCard(body: ReplyBody): Record<string, unknown> {
  if (body.kind === 'draft') return draftCard(body);
  if (body.kind === 'group-choice') return groupChoiceCard(message('slack.choose_group', body.language), body.groups);
  return noticeCard(plainText(body));
}

function draftCard(body: Extract<ReplyBody, { kind: 'draft' }>) {
  return summaryDraftCard(body.draft, message('slack.draft_heading', body.language, body.names), body.language, body.token);
}

/** The bot's own words of a reply (lines, listings), as text. */
export function plainText(body: ReplyBody): string {
  switch (body.kind) {
    case 'line':
      return body.text;
    case 'reminders':
      return body.items.length
        ? body.items.map((r) => `• ${r.title}: ${r.sendAt} (${r.eventAt})`).join('\n')
        : message('chat.no_reminders', body.language);
    case 'scope':
      return body.documents.length
        ? [
            message('room.scope_intro', body.language, { count: body.documents.length }),
            ...body.documents.map((d) => `• ${d.title} (${[d.memberStateName, d.kind].filter(Boolean).join(' · ')})`),
          ].join('\n')
        : message('room.scope_none', body.language);
    default:
      return '';
  }
}

export function renderReply(body: ReplyBody): Partial<Activity> {
  switch (body.kind) {
    case 'answer': {
      const card = body.shareToken ? postToChannelCard(body.shareToken, body.answer.language) : undefined;
      return answerActivity(renderCoreAnswer(body.answer, body.note), { ...(card ? { card } : {}), feedback: Boolean(body.feedbackToken) });
    }
    case 'shared-answer':
      return answerActivity(renderSharedAnswer(body, body.language));
    case 'summary':
      return answerActivity(renderApprovedSummary(body.draft, body.sources));
    case 'draft':
      return cardActivity(draftCard(body));
    case 'group-choice':
      return cardActivity(replyCard(body));
    default:
      return textActivity(plainText(body));
  }
}
