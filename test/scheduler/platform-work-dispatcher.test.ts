import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/logger.js';
import { createPlatformWorkDispatcher, type PlatformWorkDispatcher } from '../../src/scheduler/platform-work-dispatcher.js';
import { useTestDatabase } from '../helpers/test-database.js';

const logger = createSilentLogger();
let counter = 0;

/** A Slack-like event body and its dedupe key, fresh for each call. */
function event(kind = 'test.answer') {
  counter += 1;
  const eventId = `EvWork${Date.now()}${counter}`;
  return { platform: 'test', kind, eventKeys: [`event:${eventId}`], payload: { event_id: eventId, text: `question ${counter}` } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('platform work: recorded before the ack, claimed once, answered once', () => {
  const testDb = useTestDatabase();
  const row = async (eventId: string) =>
    (
      await testDb.db.query<{ attempts: number; lease_owner: string | null; replied: boolean; done: boolean; last_error: string | null }>(
        `SELECT attempts, lease_owner, replied_at IS NOT NULL AS replied, done_at IS NOT NULL AS done, last_error
           FROM platform_work WHERE event_key = $1`,
        [`event:${eventId}`],
      )
    ).rows[0];

  /** A replica that took work and died: its dispatcher never runs, renews or finishes anything again. */
  const dyingReplica = (leaseMs: number, handler: () => Promise<void>) => {
    const replica = createPlatformWorkDispatcher({ db: testDb.db, logger, leaseMs, owner: 'replica-a' });
    replica.register('test.answer', handler);
    return replica;
  };
  const replica = (owner: string, answered: string[], leaseMs = 60_000): PlatformWorkDispatcher => {
    const dispatcher = createPlatformWorkDispatcher({ db: testDb.db, logger, leaseMs, owner });
    dispatcher.register('test.answer', async (payload) => {
      answered.push(`${owner}:${(payload as { event_id: string }).event_id}`);
    });
    return dispatcher;
  };

  it('runs accepted work on the acking replica once, and drops a redelivery of the same event', async () => {
    const answered: string[] = [];
    const a = replica('replica-a', answered);
    const e = event();
    expect(await a.accept(e)).toBe('accepted');
    expect(await a.accept(e)).toBe('duplicate');
    await a.idle();
    expect(answered).toEqual([`replica-a:${e.payload.event_id}`]);
    expect(await row(e.payload.event_id)).toMatchObject({ attempts: 1, replied: true, done: true, last_error: null });
  });

  it('records a burst of acks together, each once, and drops repeats inside the burst and across it', async () => {
    const answered: string[] = [];
    const a = replica('replica-a', answered);
    const events = Array.from({ length: 20 }, () => event());
    // The same message delivered as two events (another event id, the same channel+ts key).
    const message = { ...event(), eventKeys: ['event:EvBurstA', 'message:D1:1.1'] };
    const sameMessage = { ...event(), eventKeys: ['event:EvBurstB', 'message:D1:1.1'] };
    const outcomes = await Promise.all([...events, events[3]!, message, sameMessage, events[7]!].map((e) => a.accept(e)));
    await a.idle();
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(21);
    expect(outcomes.slice(20)).toEqual(['duplicate', 'accepted', 'duplicate', 'duplicate']);
    expect(await a.accept(events[0]!)).toBe('duplicate');
    expect(new Set(answered).size).toBe(21);
    expect(answered).toHaveLength(21);
  });

  it('reclaims a stale lease once, not twice, when two replicas look for it at the same moment', async () => {
    const never = new Promise<void>(() => undefined);
    const dead = dyingReplica(200, () => never);
    const e = event();
    expect(await dead.accept(e)).toBe('accepted');
    await sleep(300);
    const answered: string[] = [];
    const b = replica('replica-b', answered);
    const c = replica('replica-c', answered);
    // Both look at once (on PostgreSQL from two pooled connections), then again once it is done.
    const first = await Promise.all([b.pollOnce(), c.pollOnce()]);
    await Promise.all([b.idle(), c.idle()]);
    const again = await Promise.all([b.pollOnce(), c.pollOnce()]);
    await Promise.all([b.idle(), c.idle()]);
    expect(first.sort()).toEqual([0, 1]);
    expect(again).toEqual([0, 0]);
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatch(new RegExp(`^replica-[bc]:${e.payload.event_id}$`));
    expect(await row(e.payload.event_id)).toMatchObject({ attempts: 2, replied: true, done: true });
  });

  it('does not answer again a reclaimed item whose reply marker is set', async () => {
    const never = new Promise<void>(() => undefined);
    let posted = 0;
    const e = event();
    // Replica A posts its reply, marks it, and dies before finishing the row.
    const a = createPlatformWorkDispatcher({ db: testDb.db, logger, leaseMs: 200, owner: 'replica-a' });
    a.register('test.answer', async (_payload, work) => {
      posted += 1;
      await work.markReplied();
      await never;
    });
    await a.accept(e);
    await sleep(300);
    expect(await row(e.payload.event_id)).toMatchObject({ replied: true, done: false });
    const answered: string[] = [];
    const b = replica('replica-b', answered);
    expect(await b.pollOnce()).toBe(1);
    await b.idle();
    expect(answered).toEqual([]);
    expect(posted).toBe(1);
    expect(await row(e.payload.event_id)).toMatchObject({ attempts: 2, replied: true, done: true, lease_owner: 'replica-b' });
  });

  it('does not take work from a live replica whose answer outlasts its lease (renewed while it runs)', async () => {
    let finish!: () => void;
    const slow = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const a = createPlatformWorkDispatcher({ db: testDb.db, logger, leaseMs: 300, pollIntervalMs: 60_000, owner: 'replica-a' });
    let answeredByA = 0;
    a.register('test.answer', async () => {
      await slow;
      answeredByA += 1;
    });
    a.start();
    const e = event();
    await a.accept(e);
    const answered: string[] = [];
    const b = replica('replica-b', answered);
    // Four leases long: without renewal B would have taken it three times over.
    for (let i = 0; i < 12; i += 1) {
      await sleep(100);
      expect(await b.pollOnce()).toBe(0);
    }
    finish();
    await a.stop();
    expect(answeredByA).toBe(1);
    expect(answered).toEqual([]);
    expect(await row(e.payload.event_id)).toMatchObject({ attempts: 1, done: true, lease_owner: 'replica-a' });
  });

  it('finishes a handler failure with the error kept, and gives up on work that keeps killing replicas', async () => {
    const a = createPlatformWorkDispatcher({ db: testDb.db, logger, owner: 'replica-a' });
    a.register('test.fails', async () => {
      throw new Error('model unreachable');
    });
    const failing = event('test.fails');
    await a.accept(failing);
    await a.idle();
    expect(await row(failing.payload.event_id)).toMatchObject({ done: true, replied: false, last_error: 'model unreachable' });

    // A poison event: every replica that claims it dies. After three attempts it is given up.
    const never = new Promise<void>(() => undefined);
    const e = event('test.poison');
    const first = createPlatformWorkDispatcher({ db: testDb.db, logger, leaseMs: 100, owner: 'replica-1', maxAttempts: 3 });
    first.register('test.poison', () => never);
    await first.accept(e);
    for (const owner of ['replica-2', 'replica-3']) {
      await sleep(150);
      const next = createPlatformWorkDispatcher({ db: testDb.db, logger, leaseMs: 100, owner, maxAttempts: 3 });
      next.register('test.poison', () => never);
      expect(await next.pollOnce()).toBe(1);
    }
    await sleep(150);
    const last = createPlatformWorkDispatcher({ db: testDb.db, logger, leaseMs: 100, owner: 'replica-4', maxAttempts: 3 });
    let ran = 0;
    last.register('test.poison', async () => {
      ran += 1;
    });
    expect(await last.pollOnce()).toBe(1);
    await last.idle();
    expect(ran).toBe(0);
    expect(await row(e.payload.event_id)).toMatchObject({ attempts: 4, done: true, last_error: 'given up after 3 attempts' });
  });
});
