import type { TurnContext } from 'botbuilder';
import type { Turn } from '../../core/conversation/turn.js';
import type { TeamsBotDeps } from '../teams-bot-deps.js';
import { createTeamsOutbox, type TeamsTurnKind } from '../teams-outbox.js';
import { cardResponse, invokeResponse } from '../teams-replies.js';
import { cardActionTurn, feedbackTurn, messageTurn } from '../teams-turns.js';

/** One turn through the conversation core, its replies rendered by the Teams outbox. */
async function handleTurn(deps: TeamsBotDeps, context: TurnContext, turn: Turn, kind: TeamsTurnKind) {
  const outbox = createTeamsOutbox(deps, context, turn, kind);
  try {
    await deps.conversation.handle(turn, outbox);
  } catch (error) {
    outbox.abort();
    throw error;
  } finally {
    await outbox.close();
  }
  return outbox;
}

/** A message in a personal chat, a channel (a mention) or a group chat. */
export async function onMessage(deps: TeamsBotDeps, context: TurnContext): Promise<void> {
  await handleTurn(deps, context, messageTurn(context.activity), 'message');
}

/** The `adaptiveCard/action` invoke (Action.Execute): answered with the card that replaces the clicked one. */
export async function onCardAction(deps: TeamsBotDeps, context: TurnContext): Promise<void> {
  const turn = cardActionTurn(context.activity);
  if (!turn) return invokeResponse(context, 400);
  const outbox = await handleTurn(deps, context, turn, 'card-action');
  const card = outbox.responseCard();
  await invokeResponse(context, 200, card ? cardResponse(card) : undefined);
}

/** The `message/submitAction` invoke of Teams' own 👍/👎: Teams expects 200 with an empty body, even for a message we cannot place. */
export async function onFeedback(deps: TeamsBotDeps, context: TurnContext): Promise<void> {
  const turn = feedbackTurn(context.activity);
  if (turn) await handleTurn(deps, context, turn, 'feedback');
  await invokeResponse(context, 200);
}
