import type { TurnContext } from 'botbuilder';
import { findMemberProfile } from '../../db/queries/directory.js';
import { asAttachment, welcomeCard } from '../render-cards.js';
import type { TeamsBotDeps } from '../teams-bot-deps.js';
import { identify } from '../teams-identity.js';

/** Members came or went: the welcome card when the bot itself was added to a 1:1 chat. */
export async function onConversationUpdate(deps: TeamsBotDeps, context: TurnContext): Promise<void> {
  const activity = context.activity;
  const botAdded = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
  if (!botAdded || activity.conversation?.conversationType !== 'personal') return;
  const asker = await identify(deps.db, activity);
  const profile = asker.memberId ? await findMemberProfile(deps.db, asker.memberId) : undefined;
  const who = profile
    ? { name: profile.name, entity: profile.entityAcronym, groups: profile.workingGroups.map((g) => `${g.name} (${g.role})`) }
    : null;
  await context.sendActivity({ attachments: [asAttachment(welcomeCard(who, asker.language))] });
}
