import type { TurnContext } from 'botbuilder';
import { recordFeedback } from '../../db/queries/answer-feedback.js';
import { findPostedMessage } from '../../db/queries/posted-messages.js';
import { metrics } from '../../observability/metrics.js';
import type { TeamsBotDeps } from '../teams-bot-deps.js';
import { identify } from '../teams-identity.js';
import { invokeResponse } from '../teams-replies.js';

interface FeedbackValue {
  actionName?: string;
  actionValue?: { reaction?: string; feedback?: string };
}

/** The `message/submitAction` invoke of Teams' own 👍/👎 buttons, stored against the answer's audit row. */
export async function onFeedback(deps: TeamsBotDeps, context: TurnContext): Promise<void> {
  const value = context.activity.value as FeedbackValue | undefined;
  const reaction = value?.actionValue?.reaction;
  const rating = reaction === 'like' ? 'up' : reaction === 'dislike' ? 'down' : undefined;
  const replyToId = context.activity.replyToId;
  if (value?.actionName === 'feedback' && rating && replyToId) {
    const posted = await findPostedMessage(deps.db, 'teams', context.activity.conversation.id, replyToId);
    if (posted?.auditId) {
      const asker = await identify(deps, context.activity);
      const comment = feedbackText(value.actionValue?.feedback);
      if (await recordFeedback(deps.db, { auditId: posted.auditId, platform: 'teams', memberId: asker.memberId, rating, comment })) {
        metrics.feedback.inc({ platform: 'teams', rating });
      }
    }
  }
  // Teams expects 200 with an empty body; we answer so even for a button we cannot place.
  await invokeResponse(context, 200);
}

function feedbackText(raw: string | undefined): string | null {
  try {
    const parsed = JSON.parse(raw ?? '{}') as { feedbackText?: unknown };
    return typeof parsed.feedbackText === 'string' && parsed.feedbackText ? parsed.feedbackText : null;
  } catch {
    return null;
  }
}
