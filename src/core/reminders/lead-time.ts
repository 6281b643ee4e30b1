import type { DateTime } from 'luxon';

/**
 * A lead time: how long before the event a reminder goes out. `<n>w` and `<n>d` are calendar weeks
 * and days in the reminder's zone (so "1d" before a 10:00 meeting is 10:00 local the day before, even
 * across a daylight-saving change); `<n>h` and `<n>m` are exact durations.
 */
export interface LeadTime {
  /** As written in the definition: "7d", "2h", "0m". Part of the delivery key, so never normalised. */
  text: string;
  amount: number;
  unit: 'w' | 'd' | 'h' | 'm';
}

const LEAD_TIME_PATTERN = /^(\d{1,4})([wdhm])$/;
/** Longer leads are almost certainly typos, and would make occurrence windows huge. */
export const MAX_LEAD_DAYS = 366;

const UNIT_WORDS: Record<LeadTime['unit'], [string, string]> = {
  w: ['week', 'weeks'],
  d: ['day', 'days'],
  h: ['hour', 'hours'],
  m: ['minute', 'minutes'],
};
const UNIT_DAYS: Record<LeadTime['unit'], number> = { w: 7, d: 1, h: 1 / 24, m: 1 / 1440 };

/** Parses "<n>w|d|h|m"; undefined when malformed or longer than a year. */
export function parseLeadTime(text: string): LeadTime | undefined {
  const match = LEAD_TIME_PATTERN.exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] as LeadTime['unit'];
  if (amount * UNIT_DAYS[unit] > MAX_LEAD_DAYS) return undefined;
  return { text, amount, unit };
}

/** "7 days", "1 day", "2 hours", "0 minutes": what {lead_time} renders to. */
export function describeLeadTime(lead: LeadTime): string {
  const [one, many] = UNIT_WORDS[lead.unit];
  return `${lead.amount} ${lead.amount === 1 ? one : many}`;
}

/** Event time minus the lead, in the event's zone (calendar units for w/d, exact for h/m). */
export function subtractLeadTime(eventAt: DateTime, lead: LeadTime): DateTime {
  switch (lead.unit) {
    case 'w':
      return eventAt.minus({ weeks: lead.amount });
    case 'd':
      return eventAt.minus({ days: lead.amount });
    case 'h':
      return eventAt.minus({ milliseconds: lead.amount * 3_600_000 });
    case 'm':
      return eventAt.minus({ milliseconds: lead.amount * 60_000 });
  }
}

/** Upper bound of a lead in milliseconds (a calendar day can be 25 h), for sizing search windows. */
export function maxLeadMs(lead: LeadTime): number {
  return Math.ceil(lead.amount * UNIT_DAYS[lead.unit] * 25 * 3_600_000);
}

/** Lower bound of a lead in milliseconds (a calendar day can be 23 h): the earliest event a send after "now" can belong to. */
export function minLeadMs(lead: LeadTime): number {
  return lead.unit === 'h' || lead.unit === 'm'
    ? lead.amount * UNIT_DAYS[lead.unit] * 24 * 3_600_000
    : lead.amount * UNIT_DAYS[lead.unit] * 23 * 3_600_000;
}
