import type { TurnContext } from 'botbuilder';
import type { ConversationAddress } from '../../core/conversation/roster-reader.js';
import { asAttachment, welcomeCard } from '../render-cards.js';
import { languageOf, roomAddressOf, teamsChannelData, teamThreadIdOf, tenantOf } from '../teams-activity.js';
import type { TeamsBotDeps } from '../teams-bot-deps.js';

/**
 * Members came or went. In a room, its readers changed: the core drops the cached roster at once
 * (and withdraws earlier posts a newcomer may not read). A team-level change (no channel named) is
 * a change of every standard channel's readers: each channel of the team the bot knows. In a 1:1
 * chat the bot was installed: the welcome card.
 */
export async function onConversationUpdate(deps: TeamsBotDeps, context: TurnContext): Promise<void> {
  const activity = context.activity;
  const added = activity.membersAdded ?? [];
  const removed = activity.membersRemoved ?? [];
  if (activity.conversation?.conversationType !== 'personal') {
    for (const address of await roomsOf(deps, context)) {
      if (added.length > 0) await deps.conversation.roomChanged(address, 'joined');
      if (removed.length > 0) await deps.conversation.roomChanged(address, 'left');
    }
    return;
  }
  if (!added.some((m) => m.id === activity.recipient?.id)) return;
  const address = roomAddressOf(activity);
  const profile = await deps.conversation.whoIs(
    { platform: 'teams', workspace: tenantOf(activity) || null, userId: activity.from?.aadObjectId ?? '' },
    address,
  );
  const who = profile
    ? { name: profile.name, entity: profile.entityAcronym, groups: profile.workingGroups.map((g) => `${g.name} (${g.role})`) }
    : null;
  await context.sendActivity({ attachments: [asAttachment(welcomeCard(who, languageOf(activity)))] });
}

/** The rooms whose readers a membership change touches: its channel, or every channel of its team. */
async function roomsOf(deps: TeamsBotDeps, context: TurnContext): Promise<ConversationAddress[]> {
  const activity = context.activity;
  const own = roomAddressOf(activity);
  const { teamId, channelId } = teamsChannelData(activity);
  if (channelId || !teamId) return [own];
  const teamIds = [teamId, teamThreadIdOf(activity)].filter((id): id is string => Boolean(id));
  const channels = await deps.references.channelsOfTeam(teamIds);
  const ids = new Set([own.conversationId, ...channels]);
  return [...ids].map((conversationId) => ({ ...own, conversationId }));
}
