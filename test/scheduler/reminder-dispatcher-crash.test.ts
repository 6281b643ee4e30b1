import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeliveries, upsertReminders } from '../../src/db/queries/reminders.js';
import { createSilentLogger } from '../../src/logger.js';
import { ManualClock } from '../../src/scheduler/clock.js';
import { startReminderDispatcher } from '../../src/scheduler/reminder-dispatcher.js';
import { createSlackNotifier } from '../../src/slack/slack-notifier.js';
import { createTeamsNotifier } from '../../src/teams/teams-notifier.js';
import { createTeamsReferenceStore } from '../../src/app/create-teams-reference-store.js';
import { deliveryKey } from '../../src/core/reminders/reminder-schedule.js';
import { renderReminderMessage } from '../../src/core/reminders/render-reminder-message.js';
import { testBackend, useTestDatabase } from '../helpers/test-database.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import {
  shortReminder,
  slackChannel,
  slackPostsByKey,
  storeTeamsReferences,
  teamsChannel,
  teamsPostsByChannelAndText,
} from './reminder-fixtures.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLAIM_TTL_MS = 60_000;

// PGlite is one process's database: a second process cannot open it, so a replica killed in its own
// process can only be tested against a PostgreSQL server.
// Replicas in their own processes (TypeScript process starts): more time than the suite's default.
describe.skipIf(testBackend() !== 'postgres')(
  'reminder dispatcher killed mid-batch (PostgreSQL only: PGlite allows one process)',
  { timeout: 120_000 },
  () => {
    const testDb = useTestDatabase();
    let server: RecordingServer;
    let child: ChildProcess | undefined;
    const clock = new ManualClock('2026-12-01T12:04:00Z');

    beforeAll(async () => {
      server = await startRecordingServer({ clock: () => clock.now() });
    });
    afterAll(async () => {
      child?.kill('SIGKILL');
      await server.close();
    });

    /** Waits until the killed child's connections (named in its DATABASE_URL) are closed. */
    async function untilDeadReplicaGone(): Promise<void> {
      for (let attempt = 0; attempt < 200; attempt += 1) {
        const { rows } = await testDb.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'doomed-replica'",
        );
        if (rows[0]!.n === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error("the killed replica's database connections are still open after 10 s");
    }

    it('SIGKILL after 60 of 240 Slack posts: another replica takes over, nothing is lost on Slack, nothing doubled anywhere', async () => {
      // Six reminders (events every 2 minutes, lead 0m) × 20 Slack and 4 Teams channels. At 12:04 the
      // 12:02 (within the grace period) and 12:04 sends are due: 2 per reminder and target, 288 in all.
      const targets = {
        slack: Array.from({ length: 20 }, (_, i) => ({ channelId: slackChannel(100 + i) })),
        teams: Array.from({ length: 4 }, (_, i) => teamsChannel(100 + i)),
      };
      const reminders = Array.from({ length: 6 }, (_, i) =>
        shortReminder({
          id: `rem-crash-${i}`,
          title: `Crash test meeting ${i}`,
          message: '{title} on {event_date} at {event_time} ({timezone}).',
          leadTimes: ['0m'],
          targets,
        }),
      );
      const byId = new Map(reminders.map((r) => [r.id, r]));
      await upsertReminders(testDb.db, reminders, new Date('2026-12-01T12:01:30Z'));
      await storeTeamsReferences(testDb.db, server, targets.teams);

      const killed = new Promise<void>((resolve) => {
        let slackPosts = 0;
        server.onRequest((request) => {
          if (request.path !== '/api/chat.postMessage') return;
          slackPosts += 1;
          // Kill while this post is received but unanswered: it is out, and the child never learns it.
          if (slackPosts === 60 && child?.pid) {
            child.kill('SIGKILL');
            resolve();
          }
        });
      });
      child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'run-reminder-dispatcher.ts')], {
        env: {
          ...process.env,
          ...testDb.env,
          // Its connections are named, so the test can tell when the server has closed them.
          DATABASE_URL: `${testDb.env.DATABASE_URL}${testDb.env.DATABASE_URL?.includes('?') ? '&' : '?'}application_name=doomed-replica`,
          FAKE_NOW: clock.now().toISOString(),
          SLACK_API_URL: server.slackApiUrl,
          CLAIM_TTL_MS: String(CLAIM_TTL_MS),
          INSTANCE_ID: 'doomed-replica',
          PER_CHANNEL_INTERVAL_MS: '200',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child!.on('exit', (code, signal) => resolve(signal ?? code)));
      const outcome = await Promise.race([killed.then(() => exited), exited]);
      expect(outcome, `child ended without being killed; stdout: ${stdout} stderr: ${stderr}`).toBe('SIGKILL');

      // The server finishes a statement the dead replica sent before it died (a claim, a 'sent' mark):
      // the wreckage is read once none of its backends is left, as the survivor would find it.
      await untilDeadReplicaGone();
      // The wreckage: some sent, some claimed by the dead replica (some of those already posted), some never claimed.
      const atKill = await listDeliveries(testDb.db);
      const orphaned = atKill.filter((r) => r.status === 'claimed');
      expect(orphaned.length).toBeGreaterThan(0);
      expect(atKill.filter((r) => r.status === 'sent').length).toBeLessThan(288);

      // A surviving replica runs when the dead one's claims have expired.
      clock.advance(CLAIM_TTL_MS + 1_000);
      const survivor = startReminderDispatcher({
        db: testDb.db,
        logger: createSilentLogger(),
        clock,
        instanceId: 'survivor',
        schedule: false,
        claimTtlMs: CLAIM_TTL_MS,
        senders: {
          slack: createSlackNotifier({ token: 'xoxb-test', apiUrl: server.slackApiUrl, perChannelIntervalMs: 5 }),
          teams: createTeamsNotifier({
            references: createTeamsReferenceStore(testDb.db),
            teams: { appType: 'MultiTenant' },
            perChannelIntervalMs: 0,
          }),
        },
      });
      const summary = await survivor.runOnce();
      await survivor.stop();
      expect(summary.takenOver).toBe(orphaned.length);

      const rows = await listDeliveries(testDb.db);
      expect(rows).toHaveLength(288);
      // Teams cannot be read back: a delivery interrupted between its posting mark and 'sent' is skipped
      // with the reason (teams-reminder-crash.test.ts); everything else is sent.
      const interrupted = orphaned.filter((r) => r.platform === 'teams' && r.postingStartedAt).map((r) => r.id);
      expect(
        rows
          .filter((r) => r.status !== 'sent')
          .map((r) => r.id)
          .sort(),
      ).toEqual(interrupted.sort());

      // Slack: every delivery exactly once (the posted-but-unrecorded ones were found by their metadata).
      const slackCounts = slackPostsByKey(server);
      const slackRows = rows.filter((r) => r.platform === 'slack');
      expect(slackCounts.size).toBe(slackRows.length);
      for (const row of slackRows) {
        const key = deliveryKey({ ...row, target: { platform: row.platform, targetKey: row.targetKey } });
        expect(slackCounts.get(key), key).toBe(1);
      }
      expect(summary.alreadyPosted).toBeGreaterThan(0);

      // Teams: nothing twice; every sent delivery posted.
      const teamsCounts = teamsPostsByChannelAndText(server);
      for (const [key, count] of teamsCounts) expect(count, key).toBe(1);
      for (const row of rows.filter((r) => r.platform === 'teams' && r.status === 'sent')) {
        const key = `${row.targetKey.slice(row.targetKey.indexOf('/') + 1)}|${renderReminderMessage(byId.get(row.reminderId)!, row.eventAt, row.leadTime)}`;
        expect(teamsCounts.get(key), key).toBe(1);
      }
    });
  },
);
