import type { Activity } from 'botbuilder';
import { isCommandLine } from '../core/conversation/handle-command.js';
import type { ButtonAction, Place, Turn } from '../core/conversation/turn.js';
import { cleanText, roomAddressOf, tenantOf } from './teams-activity.js';

/**
 * Teams activities as conversation turns: pure functions of what Teams sent. A personal chat is a
 * DM; a channel (each thread of it) and a group chat are rooms. The member is `(tenant,
 * aadObjectId)`, never the `29:` id. Undefined: not a turn (a bot's own echo, an unknown invoke).
 */

/** Action.Execute verbs of our cards; their data carries only the core's opaque token. */
export const CARD_VERBS: Record<string, ButtonAction> = {
  postToChannel: 'share',
  summaryApprove: 'approve',
  summaryRegenerate: 'regenerate',
  summaryDiscard: 'discard',
  summaryChooseGroup: 'choose-group',
};
export type CardVerb = keyof typeof CARD_VERBS;

/** The root message of a channel thread: `19:…@thread.tacv2;messageid=<root>`, or the activity itself. */
function threadOf(activity: Partial<Activity>): string | undefined {
  return /;messageid=(.+)$/.exec(activity.conversation?.id ?? '')?.[1] ?? activity.id;
}

export function placeOf(activity: Partial<Activity>): Place {
  const address = roomAddressOf(activity);
  const type = activity.conversation?.conversationType;
  if (type === 'personal') return { kind: 'dm', address };
  if (type === 'channel') {
    const threadId = threadOf(activity);
    return { kind: 'room', address, roomKind: 'channel', ...(threadId ? { threadId } : {}) };
  }
  return { kind: 'room', address, roomKind: 'group-chat' };
}

function speaker(activity: Partial<Activity>) {
  return {
    platform: 'teams' as const,
    workspace: tenantOf(activity) || null,
    // No AAD object id (a bot, an anonymous user): an identity no directory maps.
    userId: activity.from?.aadObjectId ?? '',
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
}

/** A message: a command word first (help, ask, summary, reminders, scope), anything else a question. */
export function messageTurn(activity: Partial<Activity>): Turn {
  const text = cleanText(activity);
  return {
    who: speaker(activity),
    where: placeOf(activity),
    what: isCommandLine(text) ? { kind: 'command', text } : { kind: 'question', text },
  };
}

/** Action.Execute on one of our cards (the `adaptiveCard/action` invoke). */
export function cardActionTurn(activity: Partial<Activity>): Turn | undefined {
  const value = activity.value as { action?: { verb?: string; data?: { token?: unknown } } } | undefined;
  const action = CARD_VERBS[value?.action?.verb ?? ''];
  const token = value?.action?.data?.token;
  if (!action || typeof token !== 'string') return undefined;
  return { who: speaker(activity), where: placeOf(activity), what: { kind: 'button', action, token } };
}

interface FeedbackValue {
  actionName?: string;
  actionValue?: { reaction?: string; feedback?: string };
}

/** Teams' own 👍/👎 (the `message/submitAction` invoke) on the message it names. */
export function feedbackTurn(activity: Partial<Activity>): Turn | undefined {
  const value = activity.value as FeedbackValue | undefined;
  const reaction = value?.actionValue?.reaction;
  const rating = reaction === 'like' ? 'up' : reaction === 'dislike' ? 'down' : undefined;
  if (value?.actionName !== 'feedback' || !rating || !activity.replyToId) return undefined;
  const comment = feedbackText(value.actionValue?.feedback);
  return {
    who: speaker(activity),
    where: placeOf(activity),
    what: { kind: 'feedback', messageId: activity.replyToId, rating, ...(comment ? { comment } : {}) },
  };
}

function feedbackText(raw: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(raw ?? '{}') as { feedbackText?: unknown };
    return typeof parsed.feedbackText === 'string' && parsed.feedbackText ? parsed.feedbackText : undefined;
  } catch {
    return undefined;
  }
}
