import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { openPostgresDatabase } from '../../src/db/pg-driver.js';
import { claimDelivery, deliveryHistory, listDeliveries, upsertReminders } from '../../src/db/queries/reminders.js';
import { createSilentLogger } from '../../src/logger.js';
import { ManualClock } from '../../src/scheduler/clock.js';
import { startReminderDispatcher, type ReminderDispatcher } from '../../src/scheduler/reminder-dispatcher.js';
import { createSlackNotifier } from '../../src/slack/slack-notifier.js';
import { createTeamsNotifier } from '../../src/teams/teams-notifier.js';
import { createTeamsReferenceStore } from '../../src/app/create-teams-reference-store.js';
import {
  deliveryKey,
  eventOccurrences,
  leadTimesOf,
  planDeliveries,
  sendTimeOf,
  targetsOf,
} from '../../src/core/reminders/reminder-schedule.js';
import { renderReminderMessage } from '../../src/core/reminders/render-reminder-message.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import {
  shortReminder,
  slackChannel,
  slackPostsByKey,
  storeTeamsReferences,
  teamsChannel,
  teamsPostsByChannelAndText,
} from './reminder-fixtures.js';

const logger = createSilentLogger();

describe('reminder dispatcher', () => {
  const testDb = useTestDatabase();
  let server: RecordingServer;
  let clock: ManualClock;
  const extraDatabases: Database[] = [];
  const dispatchers: ReminderDispatcher[] = [];
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await Promise.all(extraDatabases.splice(0).map((db) => db.close()));
    await server?.close();
    await testDb.db.exec(
      'DELETE FROM reminder_deliveries; DELETE FROM reminders; DELETE FROM scheduler_runs; DELETE FROM teams_conversation_references;',
    );
  });

  async function setUp(start: string, options: Parameters<typeof startRecordingServer>[0] = {}) {
    clock = new ManualClock(start);
    server = await startRecordingServer({ clock: () => clock.now(), ...options });
  }

  /** An instance as a separate replica would have it: own pool (on PostgreSQL), own senders and pacing. */
  async function instance(name: string, options: { schedule?: boolean; tickIntervalMs?: number; claimTtlMs?: number } = {}) {
    let db: Database = testDb.db;
    if (testDb.backend === 'postgres') {
      db = await openPostgresDatabase(testDb.env.DATABASE_URL!, { max: 4 });
      extraDatabases.push(db);
    }
    const dispatcher = startReminderDispatcher({
      db,
      logger,
      clock,
      instanceId: name,
      schedule: options.schedule ?? false,
      tickIntervalMs: options.tickIntervalMs,
      claimTtlMs: options.claimTtlMs ?? 60_000,
      senders: {
        slack: createSlackNotifier({ token: 'xoxb-test', apiUrl: server.slackApiUrl, perChannelIntervalMs: 5 }),
        teams: createTeamsNotifier({
          references: createTeamsReferenceStore(db),
          teams: { appType: 'MultiTenant' },
          perChannelIntervalMs: 0,
        }),
      },
    });
    dispatchers.push(dispatcher);
    return dispatcher;
  }

  it('three instances on one database with a short schedule: every delivery exactly once at Slack and Teams', async () => {
    await setUp('2026-12-01T12:00:00Z');
    const reminder = shortReminder();
    await upsertReminders(testDb.db, [reminder], clock.now());
    await storeTeamsReferences(testDb.db, server, reminder.targets.teams);
    const replicas = await Promise.all(['replica-a', 'replica-b', 'replica-c'].map((name) => instance(name)));

    // Nine minutes in 20-second steps; at every step all three run a pass at the same moment.
    for (let step = 0; step < 27; step += 1) {
      clock.advance(20_000);
      await Promise.all(replicas.map((r) => r.runOnce()));
    }
    // Every (event, lead, target) whose send time fell in [12:00, 12:09]: the 12:00 event's 0m send,
    // all three of 12:02 … 12:08, the 2m and 1m of 12:10 → 15 per target, 3 targets.
    const start = new Date('2026-12-01T12:00:00Z');
    const expected = eventOccurrences(reminder, new Date(start.getTime() - 1), new Date('2026-12-01T12:12:00Z')).flatMap((eventAt) =>
      leadTimesOf(reminder).flatMap((lead) => {
        const sendAt = sendTimeOf(reminder, eventAt, lead);
        if (sendAt < start || sendAt > clock.now()) return [];
        return targetsOf(reminder).map((target) => ({ reminderId: reminder.id, eventAt, leadTime: lead.text, sendAt, target }));
      }),
    );
    expect(expected).toHaveLength(15 * 3);

    const slackCounts = slackPostsByKey(server);
    const slackExpected = expected.filter((p) => p.target.platform === 'slack').map((p) => deliveryKey(p));
    expect([...slackCounts.keys()].sort()).toEqual([...slackExpected].sort());
    expect([...slackCounts.values()].every((count) => count === 1)).toBe(true);

    const teamsCounts = teamsPostsByChannelAndText(server);
    const teamsExpected = expected
      .filter((p) => p.target.platform === 'teams')
      .map((p) => `${p.target.channelId}|${renderReminderMessage(reminder, p.eventAt, p.leadTime)}`);
    expect([...teamsCounts.keys()].sort()).toEqual([...teamsExpected].sort());
    expect([...teamsCounts.values()].every((count) => count === 1)).toBe(true);

    const rows = await listDeliveries(testDb.db);
    expect(rows).toHaveLength(expected.length);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.platformMessageId)).toBe(true);
    // Work was actually spread over the replicas (they raced for claims).
    expect(new Set(rows.map((r) => r.claimedBy)).size).toBeGreaterThan(1);
  });

  it('node-cron ticks coordinated through scheduler_runs: one replica per tick, deliveries once', async () => {
    await setUp('2026-12-01T12:00:00Z');
    const reminder = shortReminder({ leadTimes: ['1m', '0m'] });
    await upsertReminders(testDb.db, [reminder], clock.now());
    await storeTeamsReferences(testDb.db, server, reminder.targets.teams);
    const replicas = await Promise.all(
      ['tick-a', 'tick-b', 'tick-c'].map((name) => instance(name, { schedule: true, tickIntervalMs: 1_000 })),
    );
    await Promise.all(replicas.map((r) => r.started));
    clock.set('2026-12-01T12:02:10Z'); // the 12:02 event's 1m and 0m sends are now due
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && server.slackMessages.length + server.teamsActivities.length < 6) await sleep(100);
    await sleep(1_500); // one more tick, to be sure nothing is sent again
    await Promise.all(replicas.map((r) => r.stop()));

    expect([...slackPostsByKey(server).values()]).toEqual([1, 1, 1, 1]);
    expect([...teamsPostsByChannelAndText(server).values()]).toEqual([1, 1]);
    const runs = await testDb.db.query<{ run_key: string; claimed_by: string }>('SELECT run_key, claimed_by FROM scheduler_runs');
    expect(runs.rows.length).toBeGreaterThan(0);
    expect(
      runs.rows.every((r) => r.run_key.startsWith('compact-reminder-dispatch:') && ['tick-a', 'tick-b', 'tick-c'].includes(r.claimed_by)),
    ).toBe(true);
  });

  it('catch-up after downtime: missed but not started → sent once; started → skipped with the reason', async () => {
    await setUp('2026-12-01T00:00:00Z');
    const upcoming = shortReminder({
      id: 'rem-upcoming',
      cron: '0 10 10 12 *',
      leadTimes: ['1d'],
      targets: { slack: [{ channelId: slackChannel(3) }], teams: [] },
    });
    const passed = shortReminder({
      id: 'rem-passed',
      cron: '0 9 8 12 *',
      leadTimes: ['1d'],
      targets: { slack: [{ channelId: slackChannel(4) }], teams: [] },
    });
    await upsertReminders(testDb.db, [upcoming, passed], clock.now());
    // Every replica was down from 12-01 until 12-09 20:00Z: the 1d send of the 12-10 15:00Z meeting
    // (12-09 15:00Z) was missed but the meeting is ahead; the 12-08 meeting has already happened.
    clock.set('2026-12-09T20:00:00Z');
    const first = await instance('after-restart', { schedule: true, tickIntervalMs: 60_000 });
    const summary = await first.started;
    expect(summary).toMatchObject({ sent: 1, skipped: 1 });
    const second = await instance('another-replica', { schedule: true, tickIntervalMs: 60_000 });
    expect(await second.started).toMatchObject({ sent: 0, skipped: 0, claimed: 0 });

    expect(server.slackMessages.map((m) => m.channel)).toEqual([slackChannel(3)]);
    expect(server.slackMessages[0]?.text).toContain('on 2026-12-10 at 10:00 (America/New_York), in 1 day');
    expect(server.slackMessages[0]?.text).toContain('(2026-12-10 15:00 UTC)');
    const skipped = await deliveryHistory(testDb.db, 'rem-passed');
    expect(skipped).toEqual([expect.objectContaining({ status: 'skipped', eventAt: new Date('2026-12-08T14:00:00Z') })]);
    expect(skipped[0]?.lastError).toMatch(/event started at 2026-12-08T14:00:00.000Z before the 1d reminder .* no instance was running/);
  });

  it.each([
    [
      'spring-forward',
      '2026-03-06T00:00:00Z',
      '2026-03-10T00:00:00Z',
      ['2026-03-06T15:00:00.000Z', '2026-03-07T15:00:00.000Z', '2026-03-08T14:00:00.000Z', '2026-03-09T14:00:00.000Z'],
    ],
    [
      'fall-back',
      '2026-10-30T00:00:00Z',
      '2026-11-03T00:00:00Z',
      ['2026-10-30T14:00:00.000Z', '2026-10-31T14:00:00.000Z', '2026-11-01T15:00:00.000Z', '2026-11-02T15:00:00.000Z'],
    ],
  ])(
    'DST %s: a daily 10:00 New York meeting is announced 1 day ahead at 10:00 local, whatever the offset',
    async (_name, from, to, expectedSends) => {
      await setUp(from);
      const daily = shortReminder({
        id: 'rem-daily',
        cron: '0 10 * * *',
        leadTimes: ['1d'],
        targets: { slack: [{ channelId: slackChannel(9) }], teams: [] },
      });
      await upsertReminders(testDb.db, [daily], clock.now());
      const replica = await instance('solo');
      while (clock.now() < new Date(to)) {
        clock.advance(30 * 60_000);
        await replica.runOnce();
      }
      const rows = (await listDeliveries(testDb.db)).sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime());
      expect(rows.map((r) => r.sendAt.toISOString())).toEqual(expectedSends);
      for (const row of rows) {
        // Sent by the first pass at or after its send time, never before.
        expect(row.status).toBe('sent');
        expect(row.sentAt!.getTime() - row.sendAt.getTime()).toBeGreaterThanOrEqual(0);
        expect(row.sentAt!.getTime() - row.sendAt.getTime()).toBeLessThan(30 * 60_000);
      }
      expect(server.slackMessages.map((m) => m.text.split('\n')[0])).toEqual(
        rows.map(
          (r) =>
            `Meeting on ${new Date(r.eventAt.getTime() - 5 * 3_600_000).toISOString().slice(0, 10)} at 10:00 (America/New_York), in 1 day.`,
        ),
      );
    },
  );

  it('a permanently failing target is marked failed and does not block the other targets', async () => {
    await setUp('2026-12-01T12:00:30Z', {
      slackChannelErrors: { [slackChannel(2)]: 'is_archived' },
      teamsChannelErrors: { [teamsChannel(1).channelId]: 403 },
    });
    const reminder = shortReminder({
      leadTimes: ['0m'],
      targets: { slack: [{ channelId: slackChannel(1) }, { channelId: slackChannel(2) }], teams: [teamsChannel(1), teamsChannel(2)] },
    });
    await upsertReminders(testDb.db, [reminder], clock.now());
    await storeTeamsReferences(testDb.db, server, reminder.targets.teams);
    const replica = await instance('solo');
    clock.set('2026-12-01T12:02:00Z');
    expect(await replica.runOnce()).toMatchObject({ sent: 2, failed: 2 });
    const history = await deliveryHistory(testDb.db, reminder.id);
    const byTarget = Object.fromEntries(history.map((h) => [h.targetKey, [h.status, h.lastError]]));
    expect(byTarget).toEqual({
      [slackChannel(1)]: ['sent', null],
      [slackChannel(2)]: ['failed', 'slack: is_archived'],
      [`${teamsChannel(1).teamId}/${teamsChannel(1).channelId}`]: ['failed', expect.stringContaining('HTTP 403')],
      [`${teamsChannel(2).teamId}/${teamsChannel(2).channelId}`]: ['sent', null],
    });
    // Failed deliveries are final: a later pass does not retry them.
    clock.advance(5_000);
    expect(await replica.runOnce()).toMatchObject({ sent: 0, failed: 0, takenOver: 0 });
  });

  it('a 429 from Slack is retried after Retry-After and the delivery is sent once', async () => {
    await setUp('2026-12-01T12:00:30Z');
    const reminder = shortReminder({ leadTimes: ['0m'], targets: { slack: [{ channelId: slackChannel(1) }], teams: [] } });
    await upsertReminders(testDb.db, [reminder], clock.now());
    server.failNext('/api/chat.postMessage', 1, {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    const replica = await instance('solo');
    clock.set('2026-12-01T12:02:00Z');
    expect(await replica.runOnce()).toMatchObject({ sent: 1 });
    const calls = server.requestsTo('/api/chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.receivedAt - calls[0]!.receivedAt).toBeGreaterThanOrEqual(1_000);
    expect(server.slackMessages).toHaveLength(1);
  });

  it('an expired claim is taken over: posted-but-unmarked is found in Slack history, not re-posted; unsent is sent', async () => {
    await setUp('2026-12-01T12:00:30Z');
    const reminder = shortReminder({
      leadTimes: ['0m'],
      targets: { slack: [{ channelId: slackChannel(1) }, { channelId: slackChannel(2) }], teams: [] },
    });
    await upsertReminders(testDb.db, [reminder], clock.now());
    clock.set('2026-12-01T12:02:00Z');
    const [posted, unsent] = planDeliveries(reminder, clock.now(), new Date('2026-12-01T12:00:30Z'));
    // A replica claimed both, posted the first, and died before recording anything.
    await claimDelivery(testDb.db, posted!, 'dead-replica', clock.now(), 30_000);
    await claimDelivery(testDb.db, unsent!, 'dead-replica', clock.now(), 30_000);
    const deadSender = createSlackNotifier({ token: 'xoxb-test', apiUrl: server.slackApiUrl });
    await deadSender.send({
      deliveryKey: deliveryKey(posted!),
      channelId: posted!.target.channelId,
      text: renderReminderMessage(reminder, posted!.eventAt, '0m'),
    });

    const survivor = await instance('survivor');
    expect(await survivor.runOnce()).toMatchObject({ sent: 0, takenOver: 0 }); // claims still valid
    clock.advance(31_000);
    expect(await survivor.runOnce()).toMatchObject({ takenOver: 2, alreadyPosted: 1, sent: 1 });
    expect([...slackPostsByKey(server).entries()].sort()).toEqual(
      [
        [deliveryKey(posted!), 1],
        [deliveryKey(unsent!), 1],
      ].sort(),
    );
    const rows = await listDeliveries(testDb.db);
    expect(rows.map((r) => [r.status, r.attempts, r.claimedBy])).toEqual([
      ['sent', 2, 'survivor'],
      ['sent', 2, 'survivor'],
    ]);
    expect(rows.find((r) => r.targetKey === posted!.target.targetKey)?.lastError).toContain('found already posted');
  });

  it('paused reminders send nothing; resumed ones catch up while their events are ahead', async () => {
    await setUp('2026-12-01T12:00:00Z');
    const reminder = shortReminder({ leadTimes: ['1m'], targets: { slack: [{ channelId: slackChannel(1) }], teams: [] } });
    await upsertReminders(testDb.db, [reminder], clock.now());
    await testDb.db.query('UPDATE reminders SET paused = true');
    const replica = await instance('solo');
    clock.set('2026-12-01T12:01:10Z');
    expect(await replica.runOnce()).toMatchObject({ due: 0, sent: 0 });
    await testDb.db.query('UPDATE reminders SET paused = false');
    expect(await replica.runOnce()).toMatchObject({ sent: 1 });
  });
});
