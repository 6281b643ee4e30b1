import { metrics } from '../observability/metrics.js';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type { Database } from '../db/database.js';
import {
  claimDelivery,
  existingDeliveryKeys,
  findExpiredClaims,
  listReminders,
  markDeliveryFinished,
  markDeliveryPosting,
  markDeliverySent,
  recordSkippedDelivery,
  releaseDeliveryForRetry,
  takeOverExpiredClaim,
  type DeliveryRow,
  type StoredReminder,
} from '../db/queries/reminders.js';
import type { Logger } from '../logger.js';
import { renderReminderMessage } from '../core/reminders/render-reminder-message.js';
import {
  DEFAULT_GRACE_MS,
  deliveryKey,
  planDeliveries,
  type PlannedDelivery,
  type ReminderPlatform,
} from '../core/reminders/reminder-schedule.js';
import type { ReminderPost, ReminderSender } from '../core/reminders/reminder-sender.js';
import { systemClock, type Clock } from './clock.js';
import { createPostgresRunCoordinator } from './postgres-run-coordinator.js';

/**
 * The reminder dispatcher. Each tick it computes the deliveries due now (send time passed, event not
 * started) for every active reminder × lead time × target, claims each by inserting its unique row,
 * sends it and marks it. Claims expire, so a delivery held by a process that died is retried by any
 * other instance; before re-sending, the platform is asked whether the post already went out. Where it
 * cannot tell (Teams), a posting mark written just before the post makes an interrupted delivery
 * skipped, with the reason logged, rather than posted twice.
 * node-cron drives the ticks, coordinated through PostgreSQL so one replica runs each tick; on start
 * every instance runs one catch-up pass for what was missed while all replicas were down.
 */

export interface ReminderDispatcherOptions {
  db: Database;
  logger: Logger;
  clock?: Clock;
  senders: Partial<Record<ReminderPlatform, ReminderSender>>;
  /** Time between ticks; whole seconds dividing a minute, or whole minutes dividing an hour. Default 15 s. */
  tickIntervalMs?: number;
  /** How long a claim protects a delivery being sent; must exceed one send's worst wait (pacing, Retry-After). Default 2 minutes. */
  claimTtlMs?: number;
  /** How far back missed deliveries are considered at all. Default 35 days (longer than any usual lead). */
  catchUpWindowMs?: number;
  /** How late a send may be once its event has started. Default 5 minutes. */
  graceMs?: number;
  /** After an outage, send only the latest overdue lead of an event and skip the earlier ones (default true). */
  supersedeOverdueLeads?: boolean;
  /** Attempts (claims) before a transiently failing delivery is marked failed. Default 5. */
  maxAttempts?: number;
  /** First retry delay after a transient failure; doubles per attempt. Default 30 s. */
  retryBackoffMs?: number;
  /** Targets processed in parallel (each target's deliveries go in order). Default 64. */
  concurrency?: number;
  /** Name of this replica in claims; default host:pid:random. */
  instanceId?: string;
  /** false: no node-cron ticks and no start-up pass (the caller drives runOnce). Default true. */
  schedule?: boolean;
}

export interface DispatchSummary {
  /** Deliveries due or overdue without a row before this pass. */
  due: number;
  claimed: number;
  takenOver: number;
  sent: number;
  /** Found already posted by an earlier holder (platform idempotency); marked sent without a new post. */
  alreadyPosted: number;
  failed: number;
  retrying: number;
  skipped: number;
  /** Claims another instance won first. */
  lostRaces: number;
}

export interface ReminderDispatcher {
  readonly instanceId: string;
  /** One pass at the clock's current time. Safe to call from any number of instances at once. */
  runOnce(): Promise<DispatchSummary>;
  /** Resolves after the start-up catch-up pass (immediately when schedule is false). */
  readonly started: Promise<DispatchSummary | undefined>;
  stop(): Promise<void>;
}

const emptySummary = (): DispatchSummary => ({
  due: 0,
  claimed: 0,
  takenOver: 0,
  sent: 0,
  alreadyPosted: 0,
  failed: 0,
  retrying: 0,
  skipped: 0,
  lostRaces: 0,
});

/** node-cron expression (6 fields, with seconds) for a tick interval. */
export function tickExpression(intervalMs: number): string {
  const seconds = Math.round(intervalMs / 1000);
  if (seconds >= 1 && seconds < 60 && 60 % seconds === 0) return `*/${seconds} * * * * *`;
  const minutes = Math.round(intervalMs / 60_000);
  if (minutes >= 1 && minutes <= 60 && 60 % minutes === 0) return `0 */${minutes} * * * *`;
  throw new Error(`tick interval ${intervalMs} ms: use whole seconds dividing 60 or whole minutes dividing 60`);
}

type Work = { kind: 'new'; plan: PlannedDelivery } | { kind: 'expired'; row: DeliveryRow };

export function startReminderDispatcher(options: ReminderDispatcherOptions): ReminderDispatcher {
  const { db, senders } = options;
  const clock = options.clock ?? systemClock;
  const instanceId = options.instanceId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const logger = options.logger.child({ component: 'reminder-dispatcher', instanceId });
  const claimTtlMs = options.claimTtlMs ?? 120_000;
  const catchUpWindowMs = options.catchUpWindowMs ?? 35 * 86_400_000;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryBackoffMs = options.retryBackoffMs ?? 30_000;
  const concurrency = options.concurrency ?? 64;
  const tickIntervalMs = options.tickIntervalMs ?? 15_000;
  const inFlight = new Set<Promise<unknown>>();
  const warnedMissingSender = new Set<ReminderPlatform>();
  let stopped = false;

  function postFor(
    reminder: StoredReminder,
    delivery: { reminderId: string; eventAt: Date; leadTime: string; platform: ReminderPlatform; targetKey: string },
  ): ReminderPost {
    const slash = delivery.targetKey.indexOf('/');
    const teams = delivery.platform === 'teams' && slash > 0;
    return {
      deliveryKey: deliveryKey({ ...delivery, target: { platform: delivery.platform, targetKey: delivery.targetKey } }),
      channelId: teams ? delivery.targetKey.slice(slash + 1) : delivery.targetKey,
      ...(teams ? { teamId: delivery.targetKey.slice(0, slash) } : {}),
      text: renderReminderMessage(reminder, delivery.eventAt, delivery.leadTime),
    };
  }

  /** Sends one claimed delivery and records the outcome. */
  async function deliver(row: DeliveryRow, reminder: StoredReminder | undefined, summary: DispatchSummary): Promise<void> {
    const log = logger.child({
      deliveryId: row.id,
      reminderId: row.reminderId,
      platform: row.platform,
      target: row.targetKey,
      leadTime: row.leadTime,
    });
    const now = clock.now();
    if (!reminder || reminder.paused) {
      await markDeliveryFinished(
        db,
        row.id,
        instanceId,
        'skipped',
        reminder ? 'reminder paused before the delivery was sent' : 'reminder deleted',
        now,
      );
      summary.skipped += 1;
      metrics.reminders.inc({ platform: row.platform, result: 'skipped' });
      return;
    }
    if (row.eventAt.getTime() < now.getTime() && now.getTime() > row.sendAt.getTime() + graceMs) {
      await markDeliveryFinished(
        db,
        row.id,
        instanceId,
        'skipped',
        `event started at ${row.eventAt.toISOString()} before attempt ${row.attempts} could send it${row.lastError ? ` (last error: ${row.lastError})` : ''}`,
        now,
      );
      summary.skipped += 1;
      metrics.reminders.inc({ platform: row.platform, result: 'skipped' });
      return;
    }
    const sender = senders[row.platform];
    if (!sender) {
      // Configuration changed since the claim: give it back; a configured replica will take it.
      await releaseDeliveryForRetry(
        db,
        row.id,
        instanceId,
        `no ${row.platform} sender configured on ${instanceId}`,
        new Date(now.getTime() + retryBackoffMs),
        now,
      );
      summary.retrying += 1;
      return;
    }
    const post = postFor(reminder, row);
    // A platform that can be read back (Slack) finds an earlier holder's post; one that cannot (Teams)
    // is posted in two phases: the posting mark, the post, then 'sent'.
    const canReadBack = sender.findExistingPost !== undefined;
    if (row.attempts > 1 && sender.findExistingPost) {
      // An earlier holder may have posted and died before recording it.
      const existing = await sender.findExistingPost(post, row.createdAt);
      if (existing) {
        await markDeliverySent(
          db,
          row.id,
          instanceId,
          existing,
          clock.now(),
          `found already posted (attempt ${row.attempts - 1}); not re-sent`,
        );
        summary.alreadyPosted += 1;
        log.info({ messageId: existing }, 'reminder was already posted by an earlier attempt');
        return;
      }
    }
    if (!canReadBack && row.postingStartedAt) {
      // Interrupted between post and mark: posted or not, nobody can tell. A skipped reminder, said
      // in the log and the row, is better than the channel reading it twice.
      const reason = `interrupted between posting (${row.postingStartedAt.toISOString()}) and recording it; ${row.platform} cannot be read back, so it was not posted again (it may or may not have reached the channel)`;
      await markDeliveryFinished(db, row.id, instanceId, 'skipped', reason, now);
      summary.skipped += 1;
      metrics.reminders.inc({ platform: row.platform, result: 'skipped' });
      log.warn({ reason }, 'reminder skipped rather than risk posting it twice');
      return;
    }
    if (!canReadBack && !(await markDeliveryPosting(db, row.id, instanceId, clock.now()))) {
      summary.lostRaces += 1;
      log.warn('the claim was taken over before posting; not posted here');
      return;
    }
    const result = await sender.send(post);
    const after = clock.now();
    if (result.ok) {
      const marked = await markDeliverySent(db, row.id, instanceId, result.messageId, after);
      if (!marked) log.warn('sent, but the claim had expired and was taken over; the delivery may appear twice');
      summary.sent += 1;
      metrics.reminders.inc({ platform: row.platform, result: 'sent' });
      return;
    }
    if (result.permanent || row.attempts >= maxAttempts) {
      const reason = result.permanent ? result.error : `gave up after ${row.attempts} attempts: ${result.error}`;
      await markDeliveryFinished(db, row.id, instanceId, 'failed', reason, after);
      summary.failed += 1;
      metrics.reminders.inc({ platform: row.platform, result: 'failed' });
      log.warn({ error: result.error }, 'reminder delivery failed');
      return;
    }
    const retryAt = new Date(after.getTime() + retryBackoffMs * 2 ** (row.attempts - 1));
    // No answer at all (uncertain): the posting mark stays, and the retry skips rather than doubles.
    await releaseDeliveryForRetry(db, row.id, instanceId, result.error, retryAt, after, { notPosted: result.uncertain !== true });
    summary.retrying += 1;
    log.warn({ error: result.error, retryAt: retryAt.toISOString() }, 'reminder delivery will be retried');
  }

  async function handleWork(work: Work, reminders: Map<string, StoredReminder>, summary: DispatchSummary): Promise<void> {
    const now = clock.now();
    let row: DeliveryRow | undefined;
    if (work.kind === 'new') {
      row = await claimDelivery(db, work.plan, instanceId, now, claimTtlMs);
      if (row) summary.claimed += 1;
    } else {
      row = await takeOverExpiredClaim(db, work.row.id, instanceId, now, claimTtlMs);
      if (row) summary.takenOver += 1;
    }
    if (!row) {
      summary.lostRaces += 1;
      return;
    }
    try {
      await deliver(row, reminders.get(row.reminderId), summary);
    } catch (error) {
      // A database or programming error mid-delivery: the claim expires and another pass retries it.
      logger.error({ err: error, deliveryId: row.id }, 'reminder delivery crashed; the claim will expire and be retried');
    }
  }

  async function runPass(): Promise<DispatchSummary> {
    const summary = emptySummary();
    const now = clock.now();
    const all = await listReminders(db);
    const byId = new Map(all.map((r) => [r.id, r]));
    const active = all.filter((r) => !r.paused);
    const plans: PlannedDelivery[] = [];
    let earliest = now;
    for (const reminder of active) {
      const windowStart = new Date(Math.max(reminder.createdAt.getTime(), now.getTime() - catchUpWindowMs));
      if (windowStart < earliest) earliest = windowStart;
      plans.push(...planDeliveries(reminder, now, windowStart, graceMs, { supersedeOverdueLeads: options.supersedeOverdueLeads }));
    }
    const existing = await existingDeliveryKeys(
      db,
      active.map((r) => r.id),
      earliest,
    );
    const fresh = plans.filter((plan) => !existing.has(deliveryKey(plan)));

    const lanes = new Map<string, Work[]>();
    const enqueue = (lane: string, work: Work) => {
      const list = lanes.get(lane);
      if (list) list.push(work);
      else lanes.set(lane, [work]);
    };
    for (const plan of fresh) {
      if (plan.action === 'skip') {
        if (await recordSkippedDelivery(db, plan, plan.reason ?? 'skipped', now)) {
          summary.skipped += 1;
          metrics.reminders.inc({ platform: plan.target.platform, result: 'skipped' });
        }
        continue;
      }
      if (!senders[plan.target.platform]) {
        if (!warnedMissingSender.has(plan.target.platform)) {
          warnedMissingSender.add(plan.target.platform);
          logger.warn(
            { platform: plan.target.platform },
            'reminders are due on a platform this instance cannot post to; leaving them for an instance that can',
          );
        }
        continue;
      }
      summary.due += 1;
      enqueue(`${plan.target.platform}:${plan.target.targetKey}`, { kind: 'new', plan });
    }
    for (const row of await findExpiredClaims(db, now)) {
      if (!senders[row.platform] && byId.get(row.reminderId)?.paused === false) continue;
      enqueue(`${row.platform}:${row.targetKey}`, { kind: 'expired', row });
    }

    // Targets in parallel; one target's deliveries in send-time order, so a channel reads them in order.
    const queue = [...lanes.values()].map((works) => works.sort((a, b) => sendAtOf(a) - sendAtOf(b)));
    const worker = async () => {
      for (let works = queue.shift(); works; works = queue.shift()) {
        for (const work of works) {
          if (stopped) return;
          await handleWork(work, byId, summary);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    if (summary.due + summary.takenOver + summary.skipped + summary.failed > 0) logger.info({ summary }, 'reminder dispatch pass');
    return summary;
  }

  function runOnce(): Promise<DispatchSummary> {
    const pass = runPass();
    inFlight.add(pass);
    void pass.finally(() => inFlight.delete(pass)).catch(() => undefined);
    return pass;
  }

  let task: ScheduledTask | undefined;
  let started: Promise<DispatchSummary | undefined> = Promise.resolve(undefined);
  if (options.schedule !== false) {
    task = cron.schedule(
      tickExpression(tickIntervalMs),
      async () => {
        if (stopped) return;
        try {
          await runOnce();
        } catch (error) {
          logger.error({ err: error }, 'reminder dispatch pass failed; the next tick retries');
        }
      },
      {
        name: 'compact-reminder-dispatch',
        distributed: true,
        runCoordinator: createPostgresRunCoordinator(db, instanceId, {
          onError: (error) => logger.warn({ err: error }, 'pruning scheduler runs failed'),
        }),
        distributedLease: Math.max(claimTtlMs, tickIntervalMs * 4),
        noOverlap: true,
        logger: {
          info: (message) => logger.debug(message),
          // Under load node-cron reports ticks it skipped or that overlapped a long pass; both are
          // harmless here (the next pass picks everything up), so they are not warnings for us.
          warn: (message) => (/missed execution|overlap/i.test(message) ? logger.debug(message) : logger.warn(message)),
          error: (message, err) => logger.error({ err: err ?? message }, typeof message === 'string' ? message : 'node-cron error'),
          debug: (message) => logger.debug(typeof message === 'string' ? message : message.message),
        },
      },
    );
    // Catch-up: on start, every instance makes one uncoordinated pass; claims keep it exactly-once.
    started = runOnce().catch((error: unknown) => {
      logger.error({ err: error }, 'start-up reminder catch-up failed; the next tick retries');
      return undefined;
    });
  }

  return {
    instanceId,
    runOnce,
    started,
    async stop() {
      stopped = true;
      if (task) {
        await task.stop();
        await task.destroy();
      }
      await Promise.allSettled([...inFlight]);
    },
  };
}

function sendAtOf(work: Work): number {
  return work.kind === 'new' ? work.plan.sendAt.getTime() : work.row.sendAt.getTime();
}
