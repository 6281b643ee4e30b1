import { CronExpressionParser } from 'cron-parser';
import { IANAZone } from 'luxon';
import { parseLeadTime } from './lead-time.js';

/** A recurring reminder: `cron` gives the *event* start in `timezone`; one post per lead time and target. */
export interface ReminderDefinition {
  id: string;
  title: string;
  workingGroupId: string | null;
  cron: string;
  timezone: string;
  durationMinutes: number;
  leadTimes: string[];
  message: string;
  targets: ReminderTargets;
}

export interface ReminderTargets {
  slack: { channelId: string }[];
  teams: { teamId: string; channelId: string }[];
}

/** One problem in a definition; `field` is the YAML key so the administrator can find it. */
export interface DefinitionProblem {
  reminderId: string;
  index: number;
  field: string;
  message: string;
}

/** The placeholders a message may use. Anything else in braces is a typo we reject at import. */
export const MESSAGE_PLACEHOLDERS = [
  'event_date',
  'event_time',
  'timezone',
  'lead_time',
  'event_time_utc',
  'event_date_utc',
  'title',
] as const;

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

/** Validates the cron expression: exactly five fields, each within range. Returns a message or undefined. */
export function checkCron(cron: string, timezone = 'UTC'): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `must be a 5-field cron expression (minute hour day-of-month month day-of-week); got ${fields.length} field${fields.length === 1 ? '' : 's'} in "${cron}"`;
  }
  try {
    const iterator = CronExpressionParser.parse(cron, { tz: timezone, strict: false });
    iterator.next();
  } catch (error) {
    return `is not a valid cron expression ("${cron}"): ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}

export function checkTimezone(timezone: string): string | undefined {
  return IANAZone.isValidZone(timezone) ? undefined : `"${timezone}" is not an IANA time zone (e.g. America/New_York)`;
}

/** Unknown or malformed `{…}` placeholders in a message template. */
export function checkPlaceholders(message: string): string | undefined {
  const unknown: string[] = [];
  for (const match of message.matchAll(/\{([^{}]*)\}/g)) {
    const name = match[1] ?? '';
    if (!(MESSAGE_PLACEHOLDERS as readonly string[]).includes(name)) unknown.push(`{${name}}`);
  }
  const unbalanced = message.replace(/\{[^{}]*\}/g, '').match(/[{}]/);
  if (unknown.length > 0) {
    return `unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; allowed: ${MESSAGE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`;
  }
  if (unbalanced) return 'has an unbalanced brace; placeholders are written {event_date}';
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/**
 * Validates one raw entry of reminders.yaml (snake_case keys) and converts it. Every problem is
 * reported, each naming the field, so one import run shows the administrator everything to fix.
 */
export function parseReminderDefinition(
  raw: unknown,
  index: number,
  defaults: { timezone?: string } = {},
): { definition?: ReminderDefinition; problems: DefinitionProblem[] } {
  const problems: DefinitionProblem[] = [];
  const entry = isRecord(raw) ? raw : {};
  const reminderId = nonEmptyString(entry.id) ? entry.id.trim() : `#${index + 1}`;
  const problem = (field: string, message: string) => problems.push({ reminderId, index, field, message });
  if (!isRecord(raw)) {
    problem('(entry)', 'must be a mapping with id, title, cron, timezone, lead_times, message and targets');
    return { problems };
  }

  if (!nonEmptyString(entry.id)) problem('id', 'is required');
  else if (!ID_PATTERN.test(entry.id.trim())) problem('id', 'may contain only letters, digits, ".", "_" and "-" (at most 100)');
  if (!nonEmptyString(entry.title)) problem('title', 'is required');
  const workingGroup = entry.working_group;
  if (workingGroup !== undefined && workingGroup !== null && !nonEmptyString(workingGroup))
    problem('working_group', 'must be a working-group id such as wg-border');

  const timezone = entry.timezone ?? defaults.timezone;
  let zoneOk = false;
  if (!nonEmptyString(timezone)) problem('timezone', 'is required (an IANA zone such as America/New_York)');
  else {
    const zoneProblem = checkTimezone(timezone);
    if (zoneProblem) problem('timezone', zoneProblem);
    else zoneOk = true;
  }

  if (!nonEmptyString(entry.cron)) problem('cron', 'is required');
  else {
    const cronProblem = checkCron(entry.cron, zoneOk ? (timezone as string) : 'UTC');
    if (cronProblem) problem('cron', cronProblem);
  }

  const duration = entry.duration_minutes ?? 60;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration <= 0 || duration > 24 * 60 * 7) {
    problem('duration_minutes', 'must be a whole number of minutes between 1 and 10080');
  }

  const leadTimes: string[] = [];
  if (!Array.isArray(entry.lead_times) || entry.lead_times.length === 0)
    problem('lead_times', 'must be a non-empty list such as ["7d", "1d"]');
  else {
    entry.lead_times.forEach((lead, leadIndex) => {
      const text = typeof lead === 'number' ? String(lead) : lead;
      if (typeof text !== 'string' || !parseLeadTime(text.trim())) {
        problem(
          `lead_times[${leadIndex}]`,
          `"${String(lead)}" is not a lead time; write <n>w, <n>d, <n>h or <n>m (e.g. "14d", "2h", "0m"), at most a year`,
        );
      } else if (leadTimes.includes(text.trim())) {
        problem(`lead_times[${leadIndex}]`, `"${text}" is listed twice`);
      } else {
        leadTimes.push(text.trim());
      }
    });
  }

  if (!nonEmptyString(entry.message)) problem('message', 'is required');
  else {
    const placeholderProblem = checkPlaceholders(entry.message);
    if (placeholderProblem) problem('message', placeholderProblem);
  }

  const targets: ReminderTargets = { slack: [], teams: [] };
  if (!isRecord(entry.targets)) problem('targets', 'is required: {slack: [{channel_id}], teams: [{team_id, channel_id}]}');
  else {
    const { slack, teams } = entry.targets;
    for (const key of Object.keys(entry.targets)) {
      if (key !== 'slack' && key !== 'teams') problem(`targets.${key}`, 'unknown platform; use slack or teams');
    }
    if (slack !== undefined && slack !== null && !Array.isArray(slack)) problem('targets.slack', 'must be a list of {channel_id}');
    if (Array.isArray(slack)) {
      slack.forEach((target, targetIndex) => {
        const channelId = isRecord(target) ? target.channel_id : undefined;
        if (!nonEmptyString(channelId) || !/^[CGD][A-Z0-9]{2,}$/.test(channelId.trim())) {
          problem(`targets.slack[${targetIndex}].channel_id`, 'must be a Slack channel id such as C0123ABCD');
        } else targets.slack.push({ channelId: channelId.trim() });
      });
    }
    if (teams !== undefined && teams !== null && !Array.isArray(teams)) problem('targets.teams', 'must be a list of {team_id, channel_id}');
    if (Array.isArray(teams)) {
      teams.forEach((target, targetIndex) => {
        const teamId = isRecord(target) ? target.team_id : undefined;
        const channelId = isRecord(target) ? target.channel_id : undefined;
        if (!nonEmptyString(teamId)) problem(`targets.teams[${targetIndex}].team_id`, 'is required (the team id, a GUID)');
        if (!nonEmptyString(channelId) || !channelId.trim().startsWith('19:')) {
          problem(`targets.teams[${targetIndex}].channel_id`, 'must be a Teams channel id such as 19:…@thread.tacv2');
        }
        if (nonEmptyString(teamId) && nonEmptyString(channelId) && channelId.trim().startsWith('19:')) {
          targets.teams.push({ teamId: teamId.trim(), channelId: channelId.trim() });
        }
      });
    }
    if (problems.every((p) => !p.field.startsWith('targets')) && targets.slack.length + targets.teams.length === 0) {
      problem('targets', 'needs at least one Slack or Teams channel');
    }
  }

  if (problems.length > 0) return { problems };
  return {
    problems,
    definition: {
      id: (entry.id as string).trim(),
      title: (entry.title as string).trim(),
      workingGroupId: nonEmptyString(workingGroup) ? workingGroup.trim() : null,
      cron: (entry.cron as string).trim(),
      timezone: timezone as string,
      durationMinutes: duration as number,
      leadTimes,
      message: entry.message as string,
      targets,
    },
  };
}

/** Validates a whole reminders file's `reminders[]`, including unique ids. Nothing is returned if anything is wrong. */
export function parseReminderDefinitions(raw: unknown): { definitions: ReminderDefinition[]; problems: DefinitionProblem[] } {
  const file = isRecord(raw) ? raw : {};
  const problems: DefinitionProblem[] = [];
  if (!Array.isArray(file.reminders)) {
    return { definitions: [], problems: [{ reminderId: '(file)', index: -1, field: 'reminders', message: 'must be a list of reminders' }] };
  }
  const defaultZone = nonEmptyString(file.default_timezone) ? file.default_timezone : undefined;
  if (defaultZone && checkTimezone(defaultZone)) {
    problems.push({ reminderId: '(file)', index: -1, field: 'default_timezone', message: checkTimezone(defaultZone) as string });
  }
  const definitions: ReminderDefinition[] = [];
  const seen = new Set<string>();
  file.reminders.forEach((entry, index) => {
    const result = parseReminderDefinition(entry, index, { timezone: defaultZone });
    problems.push(...result.problems);
    if (result.definition) {
      if (seen.has(result.definition.id)) {
        problems.push({ reminderId: result.definition.id, index, field: 'id', message: 'is used by an earlier reminder in the file' });
      }
      seen.add(result.definition.id);
      definitions.push(result.definition);
    }
  });
  return problems.length > 0 ? { definitions: [], problems } : { definitions, problems };
}

/** What the directory knows about where reminders may go (built from the database by the caller). */
export interface ReminderDirectory {
  workingGroups: ReadonlySet<string>;
  slackChannels: ReadonlySet<string>;
  /** Teams channel id → its team id (null when the directory names none). */
  teamsChannels: ReadonlyMap<string, string | null>;
}

/**
 * Targets and working groups must be in the directory: a typo in a channel id would otherwise be
 * imported, and every send would fail (or post to a channel nobody meant) months later.
 * `definitions` are in file order, as parseReminderDefinitions returns them.
 */
export function checkReminderReferences(definitions: ReminderDefinition[], directory: ReminderDirectory): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  definitions.forEach((definition, index) => {
    const problem = (field: string, message: string) => problems.push({ reminderId: definition.id, index, field, message });
    if (definition.workingGroupId !== null && !directory.workingGroups.has(definition.workingGroupId))
      problem('working_group', `unknown working group '${definition.workingGroupId}' (not in the directory)`);
    definition.targets.slack.forEach((target, targetIndex) => {
      if (!directory.slackChannels.has(target.channelId))
        problem(
          `targets.slack[${targetIndex}].channel_id`,
          `Slack channel ${target.channelId} is not in the directory (channels: in directory.yaml)`,
        );
    });
    definition.targets.teams.forEach((target, targetIndex) => {
      const team = directory.teamsChannels.get(target.channelId);
      if (team === undefined)
        problem(
          `targets.teams[${targetIndex}].channel_id`,
          `Teams channel ${target.channelId} is not in the directory (channels: in directory.yaml)`,
        );
      else if (team !== null && team !== target.teamId)
        problem(
          `targets.teams[${targetIndex}].team_id`,
          `the directory puts channel ${target.channelId} in team ${team}, not ${target.teamId}`,
        );
    });
  });
  return problems;
}
