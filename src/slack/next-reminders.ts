import { DateTime } from 'luxon';
import { upcomingSends } from '../core/reminders/reminder-schedule.js';
import type { Queryable } from '../db/database.js';
import { listReminders } from '../db/queries/reminders.js';
import type { HomeReminder } from './render-home.js';

const format = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat("d LLL yyyy, HH:mm '('ZZZZ')'");

/**
 * The next send of each active reminder that posts to `slackChannelId` or belongs to one of
 * `groupIds`, soonest first (App Home and `/compact reminders`).
 */
export async function nextReminders(
  db: Queryable,
  filter: { slackChannelId?: string; groupIds?: string[] },
  now: Date,
  limit = 10,
): Promise<HomeReminder[]> {
  const reminders = (await listReminders(db, { includePaused: false })).filter(
    (r) =>
      (filter.slackChannelId !== undefined && r.targets.slack.some((t) => t.channelId === filter.slackChannelId)) ||
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
