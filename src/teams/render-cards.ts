import type { Attachment } from 'botbuilder';
import { message } from '../core/messages/index.js';

/**
 * Adaptive Cards the Teams bot sends: the welcome card, the "Post to channel" offer on private
 * answers and the summary draft under review. Buttons are `Action.Execute`, which Teams delivers as
 * the `adaptiveCard/action` invoke; the bot answers with the card that replaces the clicked one.
 */

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export type CardVerb = 'postToChannel' | 'summaryApprove' | 'summaryRegenerate' | 'summaryDiscard';

function card(body: unknown[], actions: unknown[] = []): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
  };
}

export function asAttachment(content: Record<string, unknown>): Attachment {
  return { contentType: CARD_CONTENT_TYPE, content };
}

const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });

function execute(verb: CardVerb, title: string, data: Record<string, unknown>, style?: 'positive' | 'destructive') {
  return { type: 'Action.Execute', verb, title, data: { verb, ...data }, ...(style ? { style } : {}) };
}

/** Who the bot thinks you are, on install in 1:1. */
export function welcomeCard(who: { name: string; entity: string; groups: string[] } | null, language: string): Record<string, unknown> {
  if (!who) return card([textBlock('Compact Bot', { weight: 'Bolder', size: 'Medium' }), textBlock(message('answer.no_access', language))]);
  return card([
    textBlock('Compact Bot', { weight: 'Bolder', size: 'Medium' }),
    textBlock(message('chat.who_you_are', language, { name: who.name, entity: who.entity })),
    ...(who.groups.length ? [textBlock(who.groups.join(' · '), { isSubtle: true })] : []),
    textBlock(message('chat.help', language)),
  ]);
}

/** The offer under a private answer that came from a working group's channel. */
export function postToChannelCard(auditId: number, origin: { conversationId: string; workingGroupId: string }, language: string) {
  return card(
    [],
    [
      execute('postToChannel', message('chat.post_to_channel', language), {
        auditId,
        conversationId: origin.conversationId,
        workingGroupId: origin.workingGroupId,
      }),
    ],
  );
}

/** A one-line card replacing a clicked one (posted, refused, discarded…). */
export function noticeCard(text: string): Record<string, unknown> {
  return card([textBlock(text)]);
}

/** A consultation-summary draft under review, with Approve / Regenerate / Discard. */
export function summaryDraftCard(
  draft: { draftId: string; version: number; text: string; status: string },
  language: string,
  note?: string,
): Record<string, unknown> {
  const reviewable = draft.status === 'draft';
  return card(
    [
      ...(note ? [textBlock(note, { weight: 'Bolder' })] : []),
      textBlock(draft.text),
      textBlock(`${draft.draftId} · v${draft.version} · ${draft.status}`, { isSubtle: true, size: 'Small' }),
    ],
    reviewable
      ? [
          execute('summaryApprove', message('chat.approve', language), { draftId: draft.draftId }, 'positive'),
          execute('summaryRegenerate', message('chat.regenerate', language), { draftId: draft.draftId }),
          execute('summaryDiscard', message('chat.discard', language), { draftId: draft.draftId }, 'destructive'),
        ]
      : [],
  );
}
