import type { TurnContext } from 'botbuilder';
import { message } from '../../core/messages/index.js';
import { findMemberProfile } from '../../db/queries/directory.js';
import { listReminders } from '../../db/queries/reminders.js';
import { teamsChannelData } from '../teams-activity.js';
import type { Asker, TeamsBotDeps } from '../teams-bot-deps.js';

/** `reminders`: those posted in this channel or for one of the asker's working groups. */
export async function remindersCommand(deps: TeamsBotDeps, context: TurnContext, asker: Asker): Promise<void> {
  const { channelId } = teamsChannelData(context.activity);
  const profile = asker.memberId ? await findMemberProfile(deps.db, asker.memberId) : undefined;
  const groups = new Set(profile?.workingGroups.map((g) => g.id) ?? []);
  const relevant = (await listReminders(deps.db)).filter(
    (r) => r.targets.teams.some((t) => t.channelId === channelId) || (r.workingGroupId !== null && groups.has(r.workingGroupId)),
  );
  await context.sendActivity(
    relevant.length === 0
      ? message('chat.no_reminders', asker.language)
      : relevant.map((r) => `• ${r.title} (${r.cron}, ${r.timezone})`).join('\n'),
  );
}
