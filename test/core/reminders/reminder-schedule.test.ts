import { describe, expect, it } from 'vitest';
import { describeLeadTime, parseLeadTime } from '../../../src/core/reminders/lead-time.js';
import { parseReminderDefinitions, type ReminderDefinition } from '../../../src/core/reminders/reminder-definition.js';
import { eventOccurrences, planDeliveries, upcomingSends } from '../../../src/core/reminders/reminder-schedule.js';
import { renderReminderMessage } from '../../../src/core/reminders/render-reminder-message.js';

const heads: ReminderDefinition = {
  id: 'rem-heads-monthly',
  title: "UNOCT-CTED heads' monthly coordination meeting",
  workingGroupId: null,
  cron: '0 10 10 * *',
  timezone: 'America/New_York',
  durationMinutes: 75,
  leadTimes: ['7d', '1d'],
  message: 'Meeting on {event_date} at {event_time} ({timezone}); items due {lead_time} before.',
  targets: { slack: [{ channelId: 'C0SVUVTXVR8' }], teams: [{ teamId: 'team-1', channelId: '19:abc@thread.tacv2' }] },
};

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('lead times', () => {
  it('parses <n>w|d|h|m and describes them in words', () => {
    expect(parseLeadTime('14d')).toEqual({ text: '14d', amount: 14, unit: 'd' });
    expect(['2w', '1d', '7d', '2h', '1h', '30m', '1m', '0m'].map((t) => describeLeadTime(parseLeadTime(t)!))).toEqual([
      '2 weeks',
      '1 day',
      '7 days',
      '2 hours',
      '1 hour',
      '30 minutes',
      '1 minute',
      '0 minutes',
    ]);
    for (const bad of ['7', 'd7', '7 d', '1.5d', '-1d', '7D', '7days', '', '400d', '60w']) expect(parseLeadTime(bad)).toBeUndefined();
  });
});

describe('occurrences across daylight-saving changes (America/New_York)', () => {
  it('keeps a 10:00 meeting at 10:00 local: 15:00 UTC in winter, 14:00 UTC in summer', () => {
    const events = eventOccurrences(heads, new Date('2026-01-01T00:00:00Z'), new Date('2026-12-31T00:00:00Z'));
    expect(iso(events).slice(0, 4)).toEqual([
      '2026-01-10T15:00:00.000Z',
      '2026-02-10T15:00:00.000Z',
      '2026-03-10T14:00:00.000Z',
      '2026-04-10T14:00:00.000Z',
    ]);
    expect(iso(events).slice(-2)).toEqual(['2026-11-10T15:00:00.000Z', '2026-12-10T15:00:00.000Z']);
  });

  it('spring-forward: a "1d" lead is 10:00 local the day before (only 23 h earlier); "24h" is exact', () => {
    // 2026-03-08 is the spring-forward Sunday: the event is 10:00 EDT = 14:00Z; the day before was EST.
    const sunday = { ...heads, cron: '0 10 8 3 *', leadTimes: ['1d', '24h'] };
    const sends = upcomingSends(sunday, new Date('2026-03-01T00:00:00Z'), 2);
    expect(sends.map((s) => [s.leadTime, s.eventAt.toISOString(), s.sendAt.toISOString()])).toEqual([
      ['24h', '2026-03-08T14:00:00.000Z', '2026-03-07T14:00:00.000Z'], // 09:00 EST
      ['1d', '2026-03-08T14:00:00.000Z', '2026-03-07T15:00:00.000Z'], // 10:00 EST
    ]);
  });

  it('spring-forward: a 02:30 event on the day 02:30 does not exist fires once, at 03:30 EDT', () => {
    const night = { ...heads, cron: '30 2 * * *' };
    const events = eventOccurrences(night, new Date('2026-03-07T00:00:00Z'), new Date('2026-03-10T00:00:00Z'));
    expect(iso(events)).toEqual(['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
  });

  it('fall-back: a 01:30 event on the day 01:30 happens twice fires once', () => {
    const night = { ...heads, cron: '30 1 * * *' };
    const events = eventOccurrences(night, new Date('2026-10-31T00:00:00Z'), new Date('2026-11-03T00:00:00Z'));
    expect(iso(events)).toEqual(['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('fall-back: the "7d" send before a November meeting is 10:00 local in EDT (14:00Z), the meeting 10:00 EST (15:00Z)', () => {
    const sends = upcomingSends(heads, new Date('2026-10-20T00:00:00Z'), 4);
    expect(sends.map((s) => [s.leadTime, s.eventAt.toISOString(), s.sendAt.toISOString()])).toEqual([
      ['7d', '2026-11-10T15:00:00.000Z', '2026-11-03T15:00:00.000Z'],
      ['1d', '2026-11-10T15:00:00.000Z', '2026-11-09T15:00:00.000Z'],
      ['7d', '2026-12-10T15:00:00.000Z', '2026-12-03T15:00:00.000Z'],
      ['1d', '2026-12-10T15:00:00.000Z', '2026-12-09T15:00:00.000Z'],
    ]);
    const acrossChange = upcomingSends({ ...heads, cron: '0 10 5 11 *' }, new Date('2026-10-01T00:00:00Z'), 1);
    // Event Thursday 2026-11-05 10:00 EST (15:00Z); 7 calendar days before is 2026-10-29 10:00 EDT (14:00Z).
    expect(acrossChange.map((s) => [s.eventAt.toISOString(), s.sendAt.toISOString()])).toEqual([
      ['2026-11-05T15:00:00.000Z', '2026-10-29T14:00:00.000Z'],
    ]);
  });
});

describe('message rendering', () => {
  it('fills the placeholders in the reminder zone and appends local and UTC time', () => {
    const text = renderReminderMessage(heads, new Date('2026-07-10T14:00:00Z'), '7d');
    expect(text).toBe(
      'Meeting on 2026-07-10 at 10:00 (America/New_York); items due 7 days before.\nStarts 2026-07-10 10:00 America/New_York (2026-07-10 14:00 UTC).',
    );
  });
});

describe('planning deliveries', () => {
  const targets = 2;
  it('sends what is due and not started, skips what started, supersedes older overdue leads', () => {
    // Down from 2026-12-01 to 2026-12-09T20:00Z: the 7d (12-03) and 1d (12-09 15:00Z) sends of the 12-10 meeting were missed.
    const plans = planDeliveries(heads, new Date('2026-12-09T20:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(plans).toHaveLength(2 * targets);
    expect(plans.filter((p) => p.action === 'send').map((p) => p.leadTime)).toEqual(['1d', '1d']);
    expect(plans.filter((p) => p.action === 'skip').map((p) => p.reason)).toEqual([
      expect.stringContaining('superseded by the 1d reminder'),
      expect.stringContaining('superseded by the 1d reminder'),
    ]);
    // With superseding off, every overdue lead of an event still ahead is sent.
    const all = planDeliveries(heads, new Date('2026-12-09T20:00:00Z'), new Date('2026-12-01T00:00:00Z'), undefined, {
      supersedeOverdueLeads: false,
    });
    expect(all.map((p) => [p.leadTime, p.action])).toEqual([
      ['1d', 'send'],
      ['1d', 'send'],
      ['7d', 'send'],
      ['7d', 'send'],
    ]);
    // Down until after the meeting started: both recorded as skipped with the reason.
    const late = planDeliveries(heads, new Date('2026-12-10T16:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(late.every((p) => p.action === 'skip' && p.reason?.includes('event started at 2026-12-10T15:00:00.000Z'))).toBe(true);
  });

  it('a "0m" reminder at the event start is on time within the grace period', () => {
    const atStart = { ...heads, leadTimes: ['0m'] };
    const plans = planDeliveries(atStart, new Date('2026-12-10T15:00:30Z'), new Date('2026-12-10T14:00:00Z'));
    expect(plans.map((p) => p.action)).toEqual(['send', 'send']);
  });
});

describe('definition validation', () => {
  const valid = {
    id: 'rem-x',
    title: 'X',
    cron: '0 10 10 * *',
    timezone: 'America/New_York',
    lead_times: ['7d'],
    message: 'On {event_date} at {event_time}',
    targets: { slack: [{ channel_id: 'C0SVUVTXVR8' }] },
  };
  const problemsOf = (entry: Record<string, unknown>) => parseReminderDefinitions({ reminders: [{ ...valid, ...entry }] }).problems;

  it('accepts the corpus shape', () => {
    expect(problemsOf({})).toEqual([]);
  });
  it.each([
    [{ cron: '0 10 10 *' }, 'cron', '5-field'],
    [{ cron: '61 10 10 * *' }, 'cron', 'not a valid cron'],
    [{ cron: '0 10 10 * * *' }, 'cron', '5-field'],
    [{ timezone: 'Mars/Olympus_Mons' }, 'timezone', 'IANA'],
    [{ lead_times: ['7days'] }, 'lead_times[0]', 'not a lead time'],
    [{ lead_times: [] }, 'lead_times', 'non-empty'],
    [{ message: 'On {event_day}' }, 'message', '{event_day}'],
    [{ message: 'On {event_date' }, 'message', 'brace'],
    [{ targets: { slack: [{ channel_id: 'general' }] } }, 'targets.slack[0].channel_id', 'Slack channel id'],
    [{ targets: { teams: [{ team_id: 't', channel_id: 'x' }] } }, 'targets.teams[0].channel_id', 'Teams channel id'],
  ])('rejects %j naming the field', (entry, field, fragment) => {
    const problems = problemsOf(entry);
    expect(problems).toEqual([expect.objectContaining({ reminderId: 'rem-x', field, message: expect.stringContaining(fragment) })]);
  });
});

describe('upcoming sends of a reminder whose events are closer together than its lead times', () => {
  it('"* * * * *" with 7d and 1d: the next sends belong to events one and seven days ahead', () => {
    const now = new Date('2026-06-01T12:00:30Z');
    const sends = upcomingSends({ ...heads, cron: '* * * * *', leadTimes: ['7d', '1d'] }, now, 4);
    expect(sends.map((s) => [s.leadTime, s.sendAt.toISOString(), s.eventAt.toISOString()])).toEqual([
      ['1d', '2026-06-01T12:01:00.000Z', '2026-06-02T12:01:00.000Z'],
      ['7d', '2026-06-01T12:01:00.000Z', '2026-06-08T12:01:00.000Z'],
      ['1d', '2026-06-01T12:02:00.000Z', '2026-06-02T12:02:00.000Z'],
      ['7d', '2026-06-01T12:02:00.000Z', '2026-06-08T12:02:00.000Z'],
    ]);
  });
});
