import { ActivityTypes, type TurnContext } from 'botbuilder';
import { message } from '../../core/messages/index.js';
import { languageOf } from '../teams-activity.js';
import type { TeamsBotDeps } from '../teams-bot-deps.js';
import { describeError, isDatabaseError } from '../teams-errors.js';
import { cardResponse, invokeResponse } from '../teams-replies.js';
import { noticeCard } from '../render-cards.js';

/** A turn that failed: the detail in the log, a short apology in the member's language where they are. */
export async function friendlyError(deps: Pick<TeamsBotDeps, 'logger'>, context: TurnContext, error: unknown): Promise<void> {
  const activity = context.activity;
  deps.logger.error(
    { err: describeError(error), activityType: activity.type, conversationType: activity.conversation?.conversationType },
    'teams turn failed',
  );
  const text = message(isDatabaseError(error) ? 'chat.error_database' : 'chat.error_generic', languageOf(activity));
  try {
    if (activity.type === ActivityTypes.Invoke) {
      if (activity.name === 'adaptiveCard/action') await invokeResponse(context, 200, cardResponse(noticeCard(text)));
      else await invokeResponse(context, 200);
    } else if (activity.type === ActivityTypes.Message) {
      await context.sendActivity(text);
    }
  } catch (sendError) {
    deps.logger.warn({ err: describeError(sendError) }, 'could not tell the user about the failure');
  }
}
