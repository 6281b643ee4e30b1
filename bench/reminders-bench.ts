/**
 * Reminder delivery benchmark (issue 5): 1,000 deliveries across 50 Slack channels, posted by the real
 * dispatcher and Slack notifier to the recording server, which enforces one message per second per
 * channel (429 + Retry-After otherwise). Reports the time to drain and the number of 429s (target:
 * none caused by us). Run alone with `npx tsx bench/reminders-bench.ts`, or via `npm run bench`.
 * Uses embedded PGlite in memory, or PostgreSQL when DATABASE_URL is set.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { openBenchDatabase } from './bench-database.js';
import { listDeliveries, upsertReminders } from '../src/db/queries/reminders.js';
import { createSilentLogger } from '../src/logger.js';
import { ManualClock } from '../src/scheduler/clock.js';
import { startReminderDispatcher } from '../src/scheduler/reminder-dispatcher.js';
import { createSlackNotifier } from '../src/slack/slack-notifier.js';
import type { ReminderDefinition } from '../src/core/reminders/reminder-definition.js';
import { startRecordingServer } from '../test/helpers/recording-server.js';

export interface RemindersBenchResult {
  machine: { cpuModel: string; cores: number; memoryGiB: number; node: string; loadAverage: number[] };
  database: string;
  channels: number;
  deliveries: number;
  sent: number;
  drainSeconds: number;
  /** 429s the recording server answered; our pacing should cause none. */
  rateLimited: number;
  /** The lower bound set by the limit itself: (deliveries per channel − 1) seconds. */
  idealSeconds: number;
  postsPerSecond: number;
}

export async function runRemindersBench(
  options: { channels?: number; perChannel?: number; databaseUrl?: string; log?: (line: string) => void } = {},
): Promise<RemindersBenchResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const channels = options.channels ?? 50;
  const perChannel = options.perChannel ?? 20;
  const cpus = os.cpus();
  const machine = {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
  log(
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, Node ${machine.node}, load ${machine.loadAverage.join('/')}`,
  );

  const {
    db,
    description: database,
    close: cleanup,
  } = await openBenchDatabase('compact_bot_reminders_bench', options.databaseUrl ?? process.env.DATABASE_URL);

  const clock = new ManualClock('2026-12-01T12:00:30Z');
  const server = await startRecordingServer({
    slackRateLimit: { perChannelIntervalMs: 1_000, retryAfterSeconds: 1 },
    clock: () => clock.now(),
  });
  try {
    const targets = {
      slack: Array.from({ length: channels }, (_, i) => ({ channelId: `C0BENCH${String(i).padStart(4, '0')}` })),
      teams: [],
    };
    // `perChannel` reminders, each due once (0m lead) in every channel at 12:02.
    const reminders: ReminderDefinition[] = Array.from({ length: perChannel }, (_, i) => ({
      id: `rem-bench-${String(i).padStart(3, '0')}`,
      title: `Benchmark meeting ${i}`,
      workingGroupId: null,
      cron: '2 7 1 12 *', // 07:02 New York = 12:02 UTC on 1 December
      timezone: 'America/New_York',
      durationMinutes: 60,
      leadTimes: ['0m'],
      message: '{title} starts {event_date} {event_time} ({timezone}).',
      targets,
    }));
    await upsertReminders(db, reminders, clock.now());
    clock.set('2026-12-01T12:02:00Z');

    const notifier = createSlackNotifier({ token: 'xoxb-bench', apiUrl: server.slackApiUrl });
    const dispatcher = startReminderDispatcher({
      db,
      logger: createSilentLogger(),
      clock,
      senders: { slack: notifier },
      schedule: false,
      claimTtlMs: 300_000,
    });
    log(
      `Draining ${channels * perChannel} deliveries across ${channels} Slack channels (server limit: 1 message/s/channel) on ${database}…`,
    );
    const started = performance.now();
    const summary = await dispatcher.runOnce();
    const drainSeconds = (performance.now() - started) / 1000;
    await dispatcher.stop();

    const rows = await listDeliveries(db);
    const sent = rows.filter((r) => r.status === 'sent').length;
    const result: RemindersBenchResult = {
      machine,
      database,
      channels,
      deliveries: channels * perChannel,
      sent,
      drainSeconds: Math.round(drainSeconds * 100) / 100,
      rateLimited: server.rateLimited(),
      idealSeconds: perChannel - 1,
      postsPerSecond: Math.round((sent / drainSeconds) * 10) / 10,
    };
    if (summary.sent !== sent || server.slackMessages.length !== sent) {
      log(`warning: dispatcher reported ${summary.sent} sent, database ${sent}, server received ${server.slackMessages.length}`);
    }
    log(
      `Sent ${sent}/${result.deliveries} in ${result.drainSeconds} s (limit-bound minimum ≈ ${result.idealSeconds} s), ${result.postsPerSecond} posts/s, 429s: ${result.rateLimited}`,
    );
    return result;
  } finally {
    await server.close();
    await cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runRemindersBench();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
