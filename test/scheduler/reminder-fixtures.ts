import type { Database } from '../../src/db/database.js';
import type { ReminderDefinition } from '../../src/core/reminders/reminder-definition.js';
import { saveConversationReference } from '../../src/db/queries/teams-conversation-references.js';
import type { RecordingServer } from '../helpers/recording-server.js';

/** Shared fixtures for the dispatcher tests and the child-process dispatcher. */

export const TENANT = '11111111-2222-3333-4444-555555555555';

export function teamsChannel(n: number): { teamId: string; channelId: string } {
  const hex = n.toString(16).padStart(4, '0');
  return { teamId: `0000${hex}-0000-4000-8000-000000000000`, channelId: `19:${hex.repeat(8)}@thread.tacv2` };
}

export function slackChannel(n: number): string {
  return `C0TEST${n.toString(36).toUpperCase().padStart(5, '0')}`;
}

export function shortReminder(overrides: Partial<ReminderDefinition> = {}): ReminderDefinition {
  return {
    id: 'rem-short',
    title: 'Short test schedule',
    workingGroupId: null,
    cron: '*/2 * * * *',
    timezone: 'America/New_York',
    durationMinutes: 1,
    leadTimes: ['2m', '1m', '0m'],
    message: 'Meeting on {event_date} at {event_time} ({timezone}), in {lead_time}.',
    targets: { slack: [{ channelId: slackChannel(1) }, { channelId: slackChannel(2) }], teams: [teamsChannel(1)] },
    ...overrides,
  };
}

/** Stores a conversation reference for each Teams target, pointing at the recording server. */
export async function storeTeamsReferences(
  db: Database,
  server: RecordingServer,
  targets: { teamId: string; channelId: string }[],
): Promise<void> {
  for (const target of targets) {
    await saveConversationReference(db, {
      conversationId: target.channelId,
      tenantId: TENANT,
      teamId: target.teamId,
      channelId: target.channelId,
      reference: {
        channelId: 'msteams',
        serviceUrl: server.teamsServiceUrl,
        conversation: { id: target.channelId, isGroup: true, conversationType: 'channel', tenantId: TENANT },
        bot: { id: '28:compact-bot', name: 'Compact Bot' },
      },
    });
  }
}

/** Slack posts per delivery key (from message metadata). */
export function slackPostsByKey(server: RecordingServer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of server.slackMessages) {
    const key = message.metadata?.event_payload.delivery_key;
    if (typeof key === 'string') counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Teams posts per (channel, text): the text names the event time and lead, so it identifies the delivery. */
export function teamsPostsByChannelAndText(server: RecordingServer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const activity of server.teamsActivities) {
    const key = `${activity.channelId ?? activity.conversationId}|${String(activity.activity.text)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
