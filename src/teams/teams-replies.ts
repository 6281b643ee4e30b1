import { ActivityTypes, type TurnContext } from 'botbuilder';

/** Answers to invokes: the status (and body) Teams waits for. */

export async function invokeResponse(context: TurnContext, status: number, body?: unknown): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, ...(body === undefined ? {} : { body }) } });
}

/** The body of an adaptiveCard/action response that replaces the clicked card. */
export function cardResponse(card: Record<string, unknown>) {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
}
