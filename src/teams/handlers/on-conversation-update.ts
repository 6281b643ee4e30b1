import type { TurnContext } from 'botbuilder';
import { findMemberProfile } from '../../db/queries/directory.js';
import { asAttachment, welcomeCard } from '../render-cards.js';
import { roomAddressOf } from '../teams-activity.js';
import type { TeamsBotDeps } from '../teams-bot-deps.js';
import { identify } from '../teams-identity.js';

/**
 * Members came or went. In a room, its readers changed: the core drops the cached roster at once
 * (and withdraws earlier posts a newcomer may not read). In a 1:1 chat the bot was installed: the
 * welcome card.
 */
export async function onConversationUpdate(deps: TeamsBotDeps, context: TurnContext): Promise<void> {
  const activity = context.activity;
  const added = activity.membersAdded ?? [];
  const removed = activity.membersRemoved ?? [];
  if (activity.conversation?.conversationType !== 'personal') {
    const address = roomAddressOf(activity);
    if (added.length > 0) await deps.rooms.roomChanged(address, 'joined');
    if (removed.length > 0) await deps.rooms.roomChanged(address, 'left');
    return;
  }
  if (!added.some((m) => m.id === activity.recipient?.id)) return;
  const asker = await identify(deps, activity);
  const profile = asker.memberId ? await findMemberProfile(deps.db, asker.memberId) : undefined;
  const who = profile
    ? { name: profile.name, entity: profile.entityAcronym, groups: profile.workingGroups.map((g) => `${g.name} (${g.role})`) }
    : null;
  await context.sendActivity({ attachments: [asAttachment(welcomeCard(who, asker.language))] });
}
