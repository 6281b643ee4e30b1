/**
 * A dispatcher replica in its own process, for the crash test: one pass at FAKE_NOW against the
 * database in DATABASE_URL, posting to the recording server (SLACK_API_URL; Teams references stored
 * in the database). Prints "ready" and then the pass summary as JSON. The test SIGKILLs it mid-pass.
 */
import { openPostgresDatabase } from '../../src/db/pg-driver.js';
import { createSilentLogger } from '../../src/logger.js';
import { ManualClock } from '../../src/scheduler/clock.js';
import { startReminderDispatcher } from '../../src/scheduler/reminder-dispatcher.js';
import { createSlackNotifier } from '../../src/slack/slack-notifier.js';
import { createTeamsNotifier } from '../../src/teams/teams-notifier.js';
import { createTeamsReferenceStore } from '../../src/app/create-teams-reference-store.js';

const url = process.env.DATABASE_URL;
const now = process.env.FAKE_NOW;
const slackApiUrl = process.env.SLACK_API_URL;
if (!url || !now || !slackApiUrl) {
  process.stderr.write('run-reminder-dispatcher needs DATABASE_URL, FAKE_NOW and SLACK_API_URL\n');
  process.exit(2);
}
const db = await openPostgresDatabase(url, { max: 8 });
const dispatcher = startReminderDispatcher({
  db,
  logger: createSilentLogger(),
  clock: new ManualClock(now),
  instanceId: process.env.INSTANCE_ID ?? `child-${process.pid}`,
  claimTtlMs: Number(process.env.CLAIM_TTL_MS ?? 60_000),
  schedule: false,
  senders: {
    slack: createSlackNotifier({
      token: 'xoxb-test',
      apiUrl: slackApiUrl,
      perChannelIntervalMs: Number(process.env.PER_CHANNEL_INTERVAL_MS ?? 200),
    }),
    teams: createTeamsNotifier({
      references: createTeamsReferenceStore(db),
      teams: { appType: 'MultiTenant' },
      perChannelIntervalMs: Number(process.env.PER_CHANNEL_INTERVAL_MS ?? 200),
    }),
  },
});
process.stdout.write('ready\n');
const summary = await dispatcher.runOnce();
process.stdout.write(`${JSON.stringify(summary)}\n`);
await dispatcher.stop();
await db.close();
