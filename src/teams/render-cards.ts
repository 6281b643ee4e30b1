import type { Attachment } from 'botbuilder';
import { message } from '../core/messages/index.js';
import type { CardVerb } from './teams-turns.js';

/**
 * Adaptive Cards the Teams bot sends: the welcome card, the "Post to channel" offer on private
 * answers and the summary draft under review. Buttons are `Action.Execute`, which Teams delivers as
 * the `adaptiveCard/action` invoke; the bot answers with the card that replaces the clicked one.
 */

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

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

/** A button: its data is the core's opaque token, nothing the click could be trusted for. */
function execute(verb: CardVerb, title: string, token: string, style?: 'positive' | 'destructive') {
  return { type: 'Action.Execute', verb, title, data: { verb, token }, ...(style ? { style } : {}) };
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

/** The offer under a private answer asked in a working group's channel. */
export function postToChannelCard(token: string, language: string) {
  return card([], [execute('postToChannel', message('chat.post_to_channel', language), token)]);
}

/** A one-line card replacing a clicked one (posted, refused, discarded…). */
export function noticeCard(text: string): Record<string, unknown> {
  return card([textBlock(text)]);
}

/** A consultation-summary draft under review, with Approve / Regenerate / Discard. */
export function summaryDraftCard(
  draft: { draftId: string; version: number; text: string; status: string },
  heading: string,
  language: string,
  token: string,
): Record<string, unknown> {
  return card(
    [
      textBlock(heading, { weight: 'Bolder' }),
      textBlock(draft.text),
      textBlock(`${draft.draftId} · v${draft.version} · ${draft.status}`, { isSubtle: true, size: 'Small' }),
    ],
    draft.status === 'draft'
      ? [
          execute('summaryApprove', message('chat.approve', language), token, 'positive'),
          execute('summaryRegenerate', message('chat.regenerate', language), token),
          execute('summaryDiscard', message('chat.discard', language), token, 'destructive'),
        ]
      : [],
  );
}

/** The chair's groups, when a summary asked outside any group's channel could mean several. */
export function groupChoiceCard(prompt: string, groups: { name: string; token: string }[]): Record<string, unknown> {
  return card(
    [textBlock(prompt)],
    groups.slice(0, 20).map((group) => execute('summaryChooseGroup', group.name.slice(0, 75), group.token)),
  );
}
