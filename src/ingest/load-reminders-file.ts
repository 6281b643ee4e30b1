import { AppError } from '../errors.js';
import { readYamlFile } from './read-yaml-file.js';
import {
  checkReminderReferences,
  parseReminderDefinitions,
  type ReminderDefinition,
  type ReminderDirectory,
} from '../core/reminders/reminder-definition.js';

/**
 * Reads and validates reminders.yaml. Every problem is reported at once, each naming the file line,
 * the reminder and the field; nothing is returned (so nothing is imported) if any is wrong. With the
 * directory, working groups and target channels must also be in it.
 */
export function loadRemindersFile(filePath: string, directory?: ReminderDirectory): ReminderDefinition[] {
  const file = readYamlFile(filePath);
  const parsed = parseReminderDefinitions(file.data);
  const { definitions } = parsed;
  const problems = parsed.problems.length === 0 && directory ? checkReminderReferences(definitions, directory) : parsed.problems;
  if (problems.length > 0) {
    const lines = problems.map((problem) => {
      const yamlPath = problem.index >= 0 ? ['reminders', problem.index, ...fieldPath(problem.field)] : [problem.field];
      const line = file.lineOf(yamlPath);
      const who = problem.index >= 0 ? `reminder ${problem.reminderId}` : 'file';
      return `  - ${filePath}${line ? ` (${line})` : ''}: ${who}, field ${problem.field}: ${problem.message}`;
    });
    throw new AppError(
      'input.invalid',
      `${filePath}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported:\n${lines.join('\n')}`,
      { exitCode: 2, detail: problems },
    );
  }
  return definitions;
}

/** "targets.slack[0].channel_id" → ['targets', 'slack', 0, 'channel_id'] for line lookup. */
function fieldPath(field: string): (string | number)[] {
  return field
    .split(/\.|\[|\]/)
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
