import type { TurnContext } from 'botbuilder';
import { message } from '../../core/messages/index.js';
import { noticeCard, type CardVerb } from '../render-cards.js';
import type { TeamsBotDeps } from '../teams-bot-deps.js';
import { identify } from '../teams-identity.js';
import { cardResponse, invokeResponse } from '../teams-replies.js';
import { postToChannel } from './post-to-channel.js';
import { approveSummary, discardSummary, regenerateSummary } from './summary-card-actions.js';

/** The `adaptiveCard/action` invoke (Action.Execute): answered with the card that replaces the clicked one. */
export async function onCardAction(deps: TeamsBotDeps, context: TurnContext): Promise<void> {
  const value = context.activity.value as { action?: { verb?: string; data?: Record<string, unknown> } } | undefined;
  const verb = value?.action?.verb as CardVerb | undefined;
  const data = value?.action?.data ?? {};
  const asker = await identify(deps, context.activity);
  const reply = (card: Record<string, unknown>) => invokeResponse(context, 200, cardResponse(card));
  if (asker.memberId === null) return reply(noticeCard(message('answer.no_access', asker.language)));
  const member = { ...asker, memberId: asker.memberId };
  const draftId = typeof data.draftId === 'string' ? data.draftId : '';
  switch (verb) {
    case 'postToChannel':
      return reply(await postToChannel(deps, member, data));
    case 'summaryApprove':
      return reply(await approveSummary(deps, context, member, draftId));
    case 'summaryRegenerate':
      return reply(await regenerateSummary(deps, member, draftId));
    case 'summaryDiscard':
      return reply(await discardSummary(deps, member, draftId));
    default:
      return invokeResponse(context, 400);
  }
}
