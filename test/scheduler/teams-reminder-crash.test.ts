import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { listDeliveries, upsertReminders } from '../../src/db/queries/reminders.js';
import { createSilentLogger } from '../../src/logger.js';
import { ManualClock } from '../../src/scheduler/clock.js';
import { startReminderDispatcher, type ReminderDispatcher } from '../../src/scheduler/reminder-dispatcher.js';
import { createTeamsNotifier } from '../../src/teams/teams-notifier.js';
import { createTeamsReferenceStore } from '../../src/app/create-teams-reference-store.js';
import { testBackend, useTestDatabase } from '../helpers/test-database.js';
import { startRecordingServer, type RecordedRequest, type RecordingServer } from '../helpers/recording-server.js';
import { shortReminder, storeTeamsReferences, teamsChannel } from './reminder-fixtures.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLAIM_TTL_MS = 60_000;

/** Thread-starting posts the Connector received (answered or not), per (channel, text). */
function teamsPostCounts(server: RecordingServer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of server.requests.filter((r) => r.method === 'POST' && r.path === '/v3/conversations')) {
    const key = postKey(request);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function postKey(request: RecordedRequest): string {
  const body = request.body as { channelData?: { channel?: { id?: string } }; activity?: { text?: string } };
  return `${body.channelData?.channel?.id ?? '?'}|${body.activity?.text ?? '?'}`;
}

const survivorOf = (db: Parameters<typeof startReminderDispatcher>[0]['db'], clock: ManualClock, instanceId = 'survivor') =>
  startReminderDispatcher({
    db,
    logger: createSilentLogger(),
    clock,
    instanceId,
    schedule: false,
    claimTtlMs: CLAIM_TTL_MS,
    senders: {
      teams: createTeamsNotifier({ references: createTeamsReferenceStore(db), teams: { appType: 'MultiTenant' }, perChannelIntervalMs: 0 }),
    },
  });

describe('Teams reminders exactly once across a crash between post and mark', { timeout: 120_000 }, () => {
  const testDb = useTestDatabase();
  let server: RecordingServer;
  const dispatchers: ReminderDispatcher[] = [];
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await server?.close();
    await testDb.db.exec('DELETE FROM reminder_deliveries; DELETE FROM reminders; DELETE FROM teams_conversation_references;');
  });

  it('a replica stalled inside a post loses its claim: the next one skips that delivery with the reason instead of posting it again', async () => {
    const clock = new ManualClock('2026-12-01T12:00:00Z');
    server = await startRecordingServer({ clock: () => clock.now() });
    const target = teamsChannel(300);
    await upsertReminders(
      testDb.db,
      [shortReminder({ id: 'rem-stall', leadTimes: ['0m'], targets: { slack: [], teams: [target] } })],
      clock.now(),
    );
    await storeTeamsReferences(testDb.db, server, [target]);
    // The Connector receives the post and answers only when the test lets it.
    let answer: (() => void) | undefined;
    const received = new Promise<void>((resolve) => {
      server.route('POST', '/v3/conversations', async () => {
        resolve();
        await new Promise<void>((release) => (answer = release));
        return { status: 200, body: { id: '19:thread-1', activityId: 'a-1' } };
      });
    });

    const stalled = survivorOf(testDb.db, clock, 'stalled');
    dispatchers.push(stalled);
    const stalledPass = stalled.runOnce();
    await received;
    const [inFlight] = await listDeliveries(testDb.db);
    expect(inFlight).toMatchObject({ status: 'claimed', claimedBy: 'stalled' });
    expect(inFlight?.postingStartedAt).toBeInstanceOf(Date);

    clock.advance(CLAIM_TTL_MS + 1_000);
    const next = survivorOf(testDb.db, clock, 'next');
    dispatchers.push(next);
    const summary = await next.runOnce();
    expect(summary).toMatchObject({ takenOver: 1, skipped: 1, sent: 0 });
    const [skipped] = await listDeliveries(testDb.db);
    expect(skipped?.status).toBe('skipped');
    expect(skipped?.lastError).toMatch(/interrupted between posting .* and recording it; teams cannot be read back/);

    answer?.();
    await stalledPass;
    expect([...teamsPostCounts(server).values()]).toEqual([1]);
    // The stalled replica's late 'sent' does not overwrite the row another replica finished.
    expect((await listDeliveries(testDb.db))[0]?.status).toBe('skipped');
  });

  it('a post the Connector refused (HTTP 500) is retried and posted once; one that got no answer is not posted again', async () => {
    const clock = new ManualClock('2026-12-01T12:00:00Z');
    server = await startRecordingServer({ clock: () => clock.now() });
    const refused = teamsChannel(301);
    const unanswered = teamsChannel(302);
    await upsertReminders(
      testDb.db,
      [shortReminder({ id: 'rem-retry', leadTimes: ['0m'], targets: { slack: [], teams: [refused, unanswered] } })],
      clock.now(),
    );
    await storeTeamsReferences(testDb.db, server, [refused, unanswered]);
    let refusedOnce = false;
    server.route('POST', '/v3/conversations', (request) => {
      const channel = (request.body as { channelData?: { channel?: { id?: string } } }).channelData?.channel?.id;
      if (channel === refused.channelId && !refusedOnce) {
        refusedOnce = true;
        return { status: 500, body: { error: { code: 'ServiceError', message: 'try again' } } };
      }
      if (channel === unanswered.channelId) return { status: 200, drop: true };
      return { status: 200, body: { id: `19:${channel}`, activityId: `a-${request.seq}` } };
    });
    const dispatcher = survivorOf(testDb.db, clock, 'one');
    dispatchers.push(dispatcher);
    const first = await dispatcher.runOnce();
    expect(first.retrying).toBe(2);
    // Past the retry time (30 s), before the next event (every 2 minutes).
    clock.advance(40_000);
    await dispatcher.runOnce();
    const rows = await listDeliveries(testDb.db);
    expect(rows).toHaveLength(2);
    const byTarget = new Map(rows.map((r) => [r.targetKey, r]));
    expect(byTarget.get(`${refused.teamId}/${refused.channelId}`)?.status).toBe('sent');
    const dropped = byTarget.get(`${unanswered.teamId}/${unanswered.channelId}`);
    expect(dropped?.status).toBe('skipped');
    expect(dropped?.lastError).toMatch(/interrupted between posting/);
    const counts = teamsPostCounts(server);
    expect([...counts.entries()].filter(([key]) => key.startsWith(unanswered.channelId)).map(([, n]) => n)).toEqual([1]);
    expect([...counts.entries()].filter(([key]) => key.startsWith(refused.channelId)).map(([, n]) => n)).toEqual([2]);
  });

  describe.skipIf(testBackend() !== 'postgres')('SIGKILL (PostgreSQL only: PGlite allows one process)', () => {
    let child: ChildProcess | undefined;
    afterAll(() => {
      child?.kill('SIGKILL');
    });

    it('SIGKILL while a Teams post is received but unanswered: the survivor posts the rest, nothing twice', async () => {
      const clock = new ManualClock('2026-12-01T12:04:00Z');
      server = await startRecordingServer({ clock: () => clock.now() });
      // Four reminders × 8 Teams channels; 12:02 and 12:04 sends are due: 64 deliveries.
      const teams = Array.from({ length: 8 }, (_, i) => teamsChannel(400 + i));
      const reminders = Array.from({ length: 4 }, (_, i) =>
        shortReminder({
          id: `rem-teams-crash-${i}`,
          title: `Teams crash meeting ${i}`,
          message: '{title} on {event_date} at {event_time} ({timezone}).',
          leadTimes: ['0m'],
          targets: { slack: [], teams },
        }),
      );
      await upsertReminders(testDb.db, reminders, new Date('2026-12-01T12:01:30Z'));
      await storeTeamsReferences(testDb.db, server, teams);

      const killed = new Promise<void>((resolve) => {
        let posts = 0;
        server.onRequest((request) => {
          if (request.method !== 'POST' || request.path !== '/v3/conversations') return;
          posts += 1;
          // Killed with this post received and unanswered: it is out, and the child never learns it.
          if (posts === 20 && child?.pid) {
            child.kill('SIGKILL');
            resolve();
          }
        });
      });
      child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'run-reminder-dispatcher.ts')], {
        env: {
          ...process.env,
          ...testDb.env,
          FAKE_NOW: clock.now().toISOString(),
          SLACK_API_URL: server.slackApiUrl,
          CLAIM_TTL_MS: String(CLAIM_TTL_MS),
          INSTANCE_ID: 'doomed-teams-replica',
          PER_CHANNEL_INTERVAL_MS: '100',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child!.on('exit', (code, signal) => resolve(signal ?? code)));
      expect(await Promise.race([killed.then(() => exited), exited]), output).toBe('SIGKILL');

      const atKill = await listDeliveries(testDb.db);
      const interrupted = atKill.filter((r) => r.status === 'claimed' && r.postingStartedAt);
      expect(interrupted.length).toBeGreaterThan(0);

      clock.advance(CLAIM_TTL_MS + 1_000);
      const survivor = survivorOf(testDb.db, clock);
      dispatchers.push(survivor);
      const summary = await survivor.runOnce();

      const rows = await listDeliveries(testDb.db);
      expect(rows).toHaveLength(64);
      // Every interrupted delivery is skipped with its reason; everything else is sent.
      const skipped = rows.filter((r) => r.status === 'skipped');
      expect(skipped.map((r) => r.id).sort()).toEqual(interrupted.map((r) => r.id).sort());
      for (const row of skipped) expect(row.lastError).toMatch(/interrupted between posting/);
      expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'skipped')).toEqual([]);
      expect(summary.skipped).toBe(interrupted.length);
      // Nothing reached a channel twice; every sent row's post reached it.
      const counts = teamsPostCounts(server);
      for (const [key, count] of counts) expect(count, key).toBe(1);
      expect(counts.size).toBeGreaterThanOrEqual(rows.filter((r) => r.status === 'sent').length);
    });
  });
});
