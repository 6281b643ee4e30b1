import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import { maxLeadMs, minLeadMs, parseLeadTime, subtractLeadTime, type LeadTime } from './lead-time.js';
import type { ReminderDefinition } from './reminder-definition.js';

/**
 * Occurrences and deliveries of reminders, as pure functions of the definitions and "now". The cron
 * expression is evaluated by cron-parser in the reminder's IANA zone, so a 10:00 New York meeting is
 * 10:00 local in winter and summer; lead times are subtracted with luxon in the same zone.
 */

export type ReminderPlatform = 'slack' | 'teams';

export interface DeliveryTarget {
  platform: ReminderPlatform;
  /** Slack: the channel id. Teams: "<team id>/<channel id>". Part of the unique delivery key. */
  targetKey: string;
  channelId: string;
  teamId?: string;
}

export interface PlannedDelivery {
  reminderId: string;
  eventAt: Date;
  leadTime: string;
  sendAt: Date;
  target: DeliveryTarget;
  /** send: due now; skip: recorded as skipped with `reason`. */
  action: 'send' | 'skip';
  reason?: string;
}

/** How late a delivery may still go out once its event has started (ticks are not instantaneous). */
export const DEFAULT_GRACE_MS = 5 * 60_000;

/** Cron iteration is cheap, but a "* * * * *" schedule over a long window must not run away. */
const MAX_OCCURRENCES = 5_000;

export function targetsOf(definition: ReminderDefinition): DeliveryTarget[] {
  return [
    ...definition.targets.slack.map((t) => ({ platform: 'slack' as const, targetKey: t.channelId, channelId: t.channelId })),
    ...definition.targets.teams.map((t) => ({
      platform: 'teams' as const,
      targetKey: `${t.teamId}/${t.channelId}`,
      channelId: t.channelId,
      teamId: t.teamId,
    })),
  ];
}

/** The stable identity of one delivery, also written into Slack message metadata for idempotency. */
export function deliveryKey(d: {
  reminderId: string;
  eventAt: Date;
  leadTime: string;
  target: { platform: string; targetKey: string };
}): string {
  return `${d.reminderId}|${d.eventAt.toISOString()}|${d.leadTime}|${d.target.platform}|${d.target.targetKey}`;
}

export function leadTimesOf(definition: ReminderDefinition): LeadTime[] {
  return definition.leadTimes.map((text) => {
    const lead = parseLeadTime(text);
    if (!lead) throw new Error(`reminder ${definition.id}: invalid lead time ${text}`);
    return lead;
  });
}

/** Event starts strictly after `after` and at or before `until`, in order. */
export function eventOccurrences(definition: ReminderDefinition, after: Date, until: Date, limit = MAX_OCCURRENCES): Date[] {
  const iterator = CronExpressionParser.parse(definition.cron, { tz: definition.timezone, currentDate: after, endDate: until });
  const events: Date[] = [];
  while (events.length < limit && iterator.hasNext()) {
    const next = iterator.next().toDate();
    if (next.getTime() > until.getTime()) break;
    if (next.getTime() > after.getTime()) events.push(next);
  }
  return events;
}

/** The next `count` event starts after `now`. */
export function nextEventOccurrences(definition: ReminderDefinition, now: Date, count: number): Date[] {
  const iterator = CronExpressionParser.parse(definition.cron, { tz: definition.timezone, currentDate: now });
  const events: Date[] = [];
  while (events.length < count) events.push(iterator.next().toDate());
  return events;
}

export function sendTimeOf(definition: ReminderDefinition, eventAt: Date, lead: LeadTime): Date {
  return subtractLeadTime(DateTime.fromJSDate(eventAt, { zone: definition.timezone }), lead).toJSDate();
}

/**
 * The upcoming sends of a reminder (send time after `now`), ordered by send time: for `reminders list` and `preview`.
 * Each lead time is searched from the first event it can still announce (now + lead): for a reminder
 * whose events are closer together than its lead ("* * * * *" with 7d), the next events' sends are
 * long past, and the next send belongs to an event a week away.
 */
export function upcomingSends(
  definition: ReminderDefinition,
  now: Date,
  count: number,
): { eventAt: Date; leadTime: string; sendAt: Date }[] {
  const sends: { eventAt: Date; leadTime: string; sendAt: Date }[] = [];
  for (const lead of leadTimesOf(definition)) {
    const iterator = CronExpressionParser.parse(definition.cron, {
      tz: definition.timezone,
      currentDate: new Date(now.getTime() + minLeadMs(lead) - 1),
    });
    let found = 0;
    // Calendar days of 23 to 25 hours: the first few events may still be past; the bound stops a runaway.
    for (let tries = 0; found < count && tries < MAX_OCCURRENCES; tries += 1) {
      const eventAt = iterator.next().toDate();
      const sendAt = sendTimeOf(definition, eventAt, lead);
      if (sendAt.getTime() <= now.getTime()) continue;
      sends.push({ eventAt, leadTime: lead.text, sendAt });
      found += 1;
    }
  }
  return sends.sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime() || a.eventAt.getTime() - b.eventAt.getTime()).slice(0, count);
}

/**
 * Every delivery of `definition` whose send time lies in [windowStart, now]:
 * - event not started yet → `send` (this is also the catch-up after downtime: late, but once);
 *   if several lead times of one event are overdue at once (a long outage), only the latest is sent
 *   and the earlier ones are skipped as superseded: a "7 days before" post arriving one day before
 *   would tell members the wrong deadline, and a channel should not get a burst of reminders
 *   (`supersedeOverdueLeads: false` sends every one of them instead);
 * - event already started (and the send time more than `graceMs` ago) → `skip`, with the reason.
 * The caller drops the ones that already have a delivery row.
 */
export function planDeliveries(
  definition: ReminderDefinition,
  now: Date,
  windowStart: Date,
  graceMs = DEFAULT_GRACE_MS,
  options: { supersedeOverdueLeads?: boolean } = {},
): PlannedDelivery[] {
  const supersede = options.supersedeOverdueLeads ?? true;
  if (windowStart.getTime() > now.getTime()) return [];
  const leads = leadTimesOf(definition);
  const horizon = Math.max(...leads.map(maxLeadMs));
  const targets = targetsOf(definition);
  const planned: PlannedDelivery[] = [];
  // sendAt >= windowStart implies eventAt >= windowStart; sendAt <= now implies eventAt <= now + lead.
  const events = eventOccurrences(definition, new Date(windowStart.getTime() - 1), new Date(now.getTime() + horizon));
  for (const eventAt of events) {
    const started = eventAt.getTime() < now.getTime();
    const due = leads
      .map((lead) => ({ lead, sendAt: sendTimeOf(definition, eventAt, lead) }))
      .filter(({ sendAt }) => sendAt.getTime() <= now.getTime() && sendAt.getTime() >= windowStart.getTime())
      .sort((a, b) => b.sendAt.getTime() - a.sendAt.getTime());
    const latest = due[0];
    for (const { lead, sendAt } of due) {
      let action: PlannedDelivery['action'] = 'send';
      let reason: string | undefined;
      // A send is on time within the grace period (a "0m" reminder is due the moment the event starts).
      if (started && now.getTime() > sendAt.getTime() + graceMs) {
        action = 'skip';
        reason = `event started at ${eventAt.toISOString()} before the ${lead.text} reminder (due ${sendAt.toISOString()}) was sent; no instance was running at the send time`;
      } else if (supersede && latest && latest.lead !== lead) {
        action = 'skip';
        reason = `superseded by the ${latest.lead.text} reminder: both were overdue when dispatch resumed at ${now.toISOString()}`;
      }
      for (const target of targets) {
        planned.push({ reminderId: definition.id, eventAt, leadTime: lead.text, sendAt, target, action, ...(reason ? { reason } : {}) });
      }
    }
  }
  return planned;
}
