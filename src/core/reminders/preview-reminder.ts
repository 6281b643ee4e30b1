import type { ReminderDefinition } from './reminder-definition.js';
import { targetsOf, upcomingSends } from './reminder-schedule.js';
import { isoInZone, renderReminderMessage } from './render-reminder-message.js';

/** The next send of a reminder and the exact text it will post: what `reminders preview` and the playground show. */
export interface ReminderPreview {
  id: string;
  paused: boolean;
  leadTime: string;
  eventLocal: string;
  eventUtc: string;
  sendLocal: string;
  sendUtc: string;
  targets: { platform: 'slack' | 'teams'; channelId: string; teamId?: string }[];
  text: string;
}

/** Null when the reminder has no upcoming send. */
export function previewReminder(reminder: ReminderDefinition & { paused: boolean }, now: Date): ReminderPreview | null {
  const next = upcomingSends(reminder, now, 1)[0];
  if (!next) return null;
  return {
    id: reminder.id,
    paused: reminder.paused,
    leadTime: next.leadTime,
    eventLocal: isoInZone(next.eventAt, reminder.timezone),
    eventUtc: isoInZone(next.eventAt, 'UTC'),
    sendLocal: isoInZone(next.sendAt, reminder.timezone),
    sendUtc: isoInZone(next.sendAt, 'UTC'),
    targets: targetsOf(reminder).map((t) => ({ platform: t.platform, channelId: t.channelId, ...(t.teamId ? { teamId: t.teamId } : {}) })),
    text: renderReminderMessage(reminder, next.eventAt, next.leadTime),
  };
}
