import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import {
  deliveryHistory,
  findReminder,
  listReminders,
  setReminderPaused,
  upsertReminders,
  type StoredReminder,
} from '../db/queries/reminders.js';
import { listDirectoryIds } from '../db/queries/directory.js';
import { loadRemindersFile } from '../ingest/load-reminders-file.js';
import { startRemindersFromConfig } from '../app/start-reminders-from-config.js';
import { isoInZone } from '../core/reminders/render-reminder-message.js';
import { previewReminder } from '../core/reminders/preview-reminder.js';
import { targetsOf, upcomingSends } from '../core/reminders/reminder-schedule.js';
import { withCli } from './context.js';

/**
 * `compact-bot reminders …`: import definitions, inspect upcoming sends and their exact text, pause
 * and resume, read delivery history, and run the dispatcher on its own.
 */

interface UpcomingSend {
  leadTime: string;
  eventLocal: string;
  eventUtc: string;
  sendLocal: string;
  sendUtc: string;
}

function upcoming(reminder: StoredReminder, now: Date, count: number): UpcomingSend[] {
  return upcomingSends(reminder, now, count).map((send) => ({
    leadTime: send.leadTime,
    eventLocal: isoInZone(send.eventAt, reminder.timezone),
    eventUtc: isoInZone(send.eventAt, 'UTC'),
    sendLocal: isoInZone(send.sendAt, reminder.timezone),
    sendUtc: isoInZone(send.sendAt, 'UTC'),
  }));
}

function describeTargets(reminder: StoredReminder): string {
  return targetsOf(reminder)
    .map((t) => (t.platform === 'slack' ? `slack ${t.channelId}` : `teams ${t.teamId}/${t.channelId}`))
    .join(', ');
}

async function requireReminder(db: Parameters<typeof findReminder>[0], id: string): Promise<StoredReminder> {
  const reminder = await findReminder(db, id);
  if (!reminder) throw new AppError('input.not_found', `No reminder with id '${id}'. See \`compact-bot reminders list\`.`, { exitCode: 2 });
  return reminder;
}

function positiveCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 100)
    throw new AppError('input.invalid', `--count must be a whole number from 1 to 100 (got ${value}).`, { exitCode: 2 });
  return count;
}

export function registerRemindersCommands(program: Command): void {
  const reminders = program.command('reminders').description('meeting reminders posted to Slack and Teams channels');

  reminders
    .command('import')
    .description('import reminders.yaml: validates every cron, zone, lead time and placeholder; nothing is imported on error')
    .argument('<file>', 'path to reminders.yaml')
    .action(async (file: string, _options: unknown, command: Command) => {
      // Validate before opening the database: a bad file leaves it exactly as it was. Then once more
      // against the directory (working groups and channels must be in it).
      loadRemindersFile(path.resolve(file));
      await withCli(command, async ({ db, print }) => {
        const definitions = loadRemindersFile(path.resolve(file), await listDirectoryIds(db));
        const result = await upsertReminders(db, definitions, new Date());
        print(
          { file, imported: definitions.length, inserted: result.inserted, updated: result.updated, ids: definitions.map((d) => d.id) },
          () =>
            `Imported ${definitions.length} reminder${definitions.length === 1 ? '' : 's'} from ${file} (${result.inserted} new, ${result.updated} updated): ${definitions.map((d) => d.id).join(', ')}`,
        );
      });
    });

  reminders
    .command('list')
    .description("reminders with their next sends (ISO 8601, in the reminder's zone and in UTC)")
    .option('--count <n>', 'upcoming sends to show per reminder', '3')
    .action(async (options: { count: string }, command: Command) => {
      const count = positiveCount(options.count);
      await withCli(command, async ({ db, print }) => {
        const now = new Date();
        const all = await listReminders(db);
        const data = all.map((r) => ({
          id: r.id,
          title: r.title,
          workingGroup: r.workingGroupId,
          paused: r.paused,
          cron: r.cron,
          timezone: r.timezone,
          leadTimes: r.leadTimes,
          targets: {
            slack: r.targets.slack.map((t) => t.channelId),
            teams: r.targets.teams.map((t) => ({ teamId: t.teamId, channelId: t.channelId })),
          },
          next: upcoming(r, now, count),
        }));
        print({ reminders: data }, () => {
          if (data.length === 0) return 'No reminders. Import some with `compact-bot reminders import reminders.yaml`.';
          return all
            .map((r, i) => {
              const next = data[i]!.next;
              return [
                `${r.id}${r.paused ? ' [paused]' : ''} — ${r.title}`,
                `  cron "${r.cron}" in ${r.timezone}; lead times ${r.leadTimes.join(', ')}; targets: ${describeTargets(r)}`,
                ...next.map(
                  (n) => `  send ${n.sendLocal} (${n.sendUtc})  ${n.leadTime.padEnd(4)} before event ${n.eventLocal} (${n.eventUtc})`,
                ),
              ].join('\n');
            })
            .join('\n\n');
        });
      });
    });

  reminders
    .command('preview')
    .description('the exact text of the next message of a reminder')
    .argument('<id>', 'reminder id, e.g. rem-heads-monthly')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withCli(command, async ({ db, print }) => {
        const reminder = await requireReminder(db, id);
        const info = previewReminder(reminder, new Date());
        if (!info) throw new AppError('input.invalid', `Reminder '${id}' has no upcoming send.`, { exitCode: 2 });
        print(info, () =>
          [
            `Next send of ${id}${reminder.paused ? ' (paused: will not be sent until resumed)' : ''}: ${info.sendLocal} (${info.sendUtc}), ${info.leadTime} before the event at ${info.eventLocal}`,
            `To: ${describeTargets(reminder)}`,
            '',
            info.text,
          ].join('\n'),
        );
      });
    });

  for (const [name, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    reminders
      .command(name)
      .description(
        paused
          ? 'stop sending a reminder until it is resumed'
          : 'send a paused reminder again (catches up on sends whose event is still ahead)',
      )
      .argument('<id>', 'reminder id')
      .action(async (id: string, _options: unknown, command: Command) => {
        await withCli(command, async ({ db, print }) => {
          if (!(await setReminderPaused(db, id, paused, new Date()))) {
            throw new AppError('input.not_found', `No reminder with id '${id}'. See \`compact-bot reminders list\`.`, { exitCode: 2 });
          }
          print({ id, paused }, () => `Reminder ${id} ${paused ? 'paused' : 'resumed'}.`);
        });
      });
  }

  reminders
    .command('history')
    .description('deliveries of a reminder: sent, failed (with the platform error), skipped (with the reason), in progress')
    .argument('<id>', 'reminder id')
    .option('--limit <n>', 'most recent deliveries to show', '50')
    .action(async (id: string, options: { limit: string }, command: Command) => {
      const limit = positiveCount(options.limit);
      await withCli(command, async ({ db, print }) => {
        await requireReminder(db, id);
        const rows = await deliveryHistory(db, id, limit);
        const data = rows.map((r) => ({
          eventAt: r.eventAt.toISOString(),
          leadTime: r.leadTime,
          sendAt: r.sendAt.toISOString(),
          platform: r.platform,
          target: r.targetKey,
          status: r.status,
          attempts: r.attempts,
          sentAt: r.sentAt?.toISOString() ?? null,
          messageId: r.platformMessageId,
          error: r.lastError,
        }));
        print({ id, deliveries: data }, () => {
          if (data.length === 0) return `No deliveries of ${id} yet.`;
          return data
            .map(
              (d) =>
                `${d.sendAt}  ${d.leadTime.padEnd(4)} ${d.platform.padEnd(5)} ${d.target}  ${d.status}${d.attempts > 1 ? ` (${d.attempts} attempts)` : ''}${d.messageId ? ` id ${d.messageId}` : ''}${d.error ? ` — ${d.error}` : ''}`,
            )
            .join('\n');
        });
      });
    });

  reminders
    .command('run')
    .description('run the reminder dispatcher alone (as every `npm start` replica does) until SIGINT or SIGTERM')
    .action(async (_options: unknown, command: Command) => {
      await withCli(command, async ({ db, config, logger, io }) => {
        const dispatcher = await startRemindersFromConfig({
          config: { ...config, reminders: { ...config.reminders, enabled: true } },
          db,
          logger,
        });
        if (!dispatcher) {
          throw new AppError(
            'config.invalid',
            'No platform to post reminders to: set SLACK_BOT_TOKEN (and SLACK_API_URL when not slack.com), or MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD for Teams.',
            { exitCode: 2 },
          );
        }
        // Listen before anything else: a signal during the start-up pass must still stop us cleanly.
        const signalled = io.untilStopped();
        io.stderr.write(`Reminder dispatcher ${dispatcher.instanceId} running; Ctrl+C to stop.\n`);
        void dispatcher.started.then((summary) => {
          if (summary) io.stderr.write(`Start-up catch-up: ${JSON.stringify(summary)}\n`);
        });
        await signalled;
        await dispatcher.stop();
        io.stderr.write('Reminder dispatcher stopped.\n');
      });
    });
}
