import { DateTime } from 'luxon';
import type { ConversationAddress } from '../core/conversation/roster-reader.js';
import { upcomingSends } from '../core/reminders/reminder-schedule.js';
import type { ReminderDefinition } from '../core/reminders/reminder-definition.js';
import type { Queryable } from '../db/database.js';
import { listReminders } from '../db/queries/reminders.js';

export interface NextReminder {
  title: string;
  sendAt: string;
  eventAt: string;
}

const format = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat("d LLL yyyy, HH:mm '('ZZZZ')'");

/** Whether a reminder posts to a conversation (the playground's "channel" is its working group). */
function postsTo(reminder: ReminderDefinition, address: ConversationAddress): boolean {
  if (address.platform === 'slack') return reminder.targets.slack.some((t) => t.channelId === address.conversationId);
  if (address.platform === 'teams') return reminder.targets.teams.some((t) => address.conversationId.startsWith(t.channelId));
  return reminder.workingGroupId === address.conversationId;
}

/**
 * The next send of each active reminder that posts to `address` or belongs to one of `groupIds`,
 * soonest first (App Home and the reminder listing on every surface).
 */
export async function nextReminders(
  db: Queryable,
  filter: { address?: ConversationAddress; groupIds?: string[] },
  now: Date,
  limit = 10,
): Promise<NextReminder[]> {
  const reminders = (await listReminders(db, { includePaused: false })).filter(
    (r) =>
      (filter.address !== undefined && postsTo(r, filter.address)) ||
      (filter.groupIds !== undefined && r.workingGroupId !== null && filter.groupIds.includes(r.workingGroupId)),
  );
  const next = reminders.flatMap((r) => {
    const send = upcomingSends(r, now, 1)[0];
    return send ? [{ reminder: r, send }] : [];
  });
  next.sort((a, b) => a.send.sendAt.getTime() - b.send.sendAt.getTime());
  return next.slice(0, limit).map(({ reminder, send }) => ({
    title: reminder.title,
    sendAt: format(send.sendAt, reminder.timezone),
    eventAt: format(send.eventAt, reminder.timezone),
  }));
}
