import { DateTime } from 'luxon';
import { describeLeadTime, parseLeadTime } from './lead-time.js';
import type { ReminderDefinition } from './reminder-definition.js';

/**
 * The text of one reminder post. Placeholders are filled in the reminder's zone; the UTC time is
 * appended unless the template already shows it, because members read these in many time zones.
 */
export function renderReminderMessage(definition: ReminderDefinition, eventAt: Date, leadTime: string): string {
  const local = DateTime.fromJSDate(eventAt, { zone: definition.timezone });
  const utc = DateTime.fromJSDate(eventAt, { zone: 'utc' });
  const lead = parseLeadTime(leadTime);
  const values: Record<string, string> = {
    event_date: local.toFormat('yyyy-MM-dd'),
    event_time: local.toFormat('HH:mm'),
    timezone: definition.timezone,
    lead_time: lead ? describeLeadTime(lead) : leadTime,
    event_date_utc: utc.toFormat('yyyy-MM-dd'),
    event_time_utc: utc.toFormat('HH:mm'),
    title: definition.title,
  };
  const text = definition.message.replace(/\{([a-z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
  if (definition.message.includes('{event_time_utc}')) return text;
  return `${text}\n${formatEventTimes(definition, eventAt)}`;
}

/** "Starts 2026-12-10 10:00 America/New_York (2026-12-10 15:00 UTC)." */
export function formatEventTimes(definition: ReminderDefinition, eventAt: Date): string {
  const local = DateTime.fromJSDate(eventAt, { zone: definition.timezone });
  const utc = DateTime.fromJSDate(eventAt, { zone: 'utc' });
  return `Starts ${local.toFormat('yyyy-MM-dd HH:mm')} ${definition.timezone} (${utc.toFormat('yyyy-MM-dd HH:mm')} UTC).`;
}

/** ISO 8601 with the zone's offset, e.g. 2026-12-03T10:00:00-05:00 (UTC: 2026-12-03T15:00:00Z). */
export function isoInZone(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toISO({ suppressMilliseconds: true }) ?? instant.toISOString();
}
