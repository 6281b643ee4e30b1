import { TurnContext, type Activity } from 'botbuilder';
import { languageFromLocale } from '../core/messages/index.js';
import type { ConversationAddress } from '../core/conversation/roster-reader.js';

/** Reading an inbound Teams activity: where it came from and what the member typed. */

export function tenantOf(activity: Partial<Activity>): string {
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  return activity.conversation?.tenantId ?? channelData?.tenant?.id ?? '';
}

/** The team (its AAD group id when Teams sends it) and channel of a channel activity. */
export function teamsChannelData(activity: Partial<Activity>): { teamId?: string; channelId?: string } {
  const data = activity.channelData as { team?: { id?: string; aadGroupId?: string }; channel?: { id?: string } } | undefined;
  return { teamId: data?.team?.aadGroupId ?? data?.team?.id, channelId: data?.channel?.id };
}

/** The team's thread id (19:…@thread…), which the roster API wants, never its AAD group id. */
export function teamThreadIdOf(activity: Partial<Activity>): string | undefined {
  return (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
}

export function languageOf(activity: Partial<Activity>): string {
  return languageFromLocale(activity.locale) ?? 'en';
}

/** The text a member typed, without the bot's @mention and Teams' markup around it. */
export function cleanText(activity: Partial<Activity>): string {
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return text
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The room an activity happened in, as the conversation core names it: a channel by its channel id
 * (every thread of it has the same readers), a chat by its conversation id.
 */
export function roomAddressOf(activity: Partial<Activity>): ConversationAddress {
  const { channelId } = teamsChannelData(activity);
  const conversationId = (activity.conversation?.conversationType === 'channel' && channelId) || (activity.conversation?.id ?? '');
  return { platform: 'teams', workspace: tenantOf(activity) || null, conversationId: conversationId.split(';')[0] ?? '' };
}
