import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { BUTTON_TOKEN_KEEP_MS } from '../core/conversation/conversation-store.js';
import type { Database } from '../db/database.js';
import { pruneButtonTokens } from '../db/queries/conversation-state.js';
import {
  claimExpiredPlatformWork,
  markPlatformWorkDone,
  markPlatformWorkReplied,
  prunePlatformWork,
  recordPlatformWork,
  renewPlatformWorkLeases,
  type PlatformWorkItem,
} from '../db/queries/platform-work.js';
import type { Logger } from '../logger.js';

/** What a handler is told about the work it runs. */
export interface WorkContext {
  /** The platform_work row; undefined when the database could not record it (handled in memory). */
  id: number | undefined;
  /** 1 for the replica that acked it; more when reclaimed after a replica died. */
  attempts: number;
  /** Sets the reply marker early (a handler that posts, then does more): a reclaim will not answer again. */
  markReplied(): Promise<void>;
}

/**
 * Runs one stored payload: the platform's raw body as it was acked. Its own failures are its to turn
 * into a reply; one that escapes finishes the work with the error kept (it is not retried: it may
 * have replied already).
 */
export type WorkHandler = (payload: unknown, work: WorkContext) => Promise<void>;

export interface AcceptedEvent {
  platform: string;
  /** Which handler runs it, e.g. 'slack.mention'. */
  kind: string;
  /** The delivery's dedupe keys in processed_events (event id first; a message's channel+ts too). */
  eventKeys: string[];
  payload: unknown;
}

export interface PlatformWorkDispatcher {
  /** The handler of one kind of work (registered before events of that kind are accepted or claimed). */
  register(kind: string, handler: WorkHandler): void;
  /**
   * The ack path: records the event in PostgreSQL (dedupe claim and work row, one statement) and
   * starts it on this replica. 'duplicate' for a redelivery. If the database cannot record it, the
   * work runs in memory all the same (the member then hears the database line, not silence).
   */
  accept(event: AcceptedEvent): Promise<'accepted' | 'duplicate'>;
  /** Starts looking for work whose lease ran out (a replica died). */
  start(): void;
  /** One look for orphaned work (tests; the timer calls it). Resolves with how many items it started. */
  pollOnce(): Promise<number>;
  /** Stops claiming; resolves when the work under way here has finished. */
  stop(): Promise<void>;
  /** Resolves when the work under way here has finished. */
  idle(): Promise<void>;
  /** Work under way here (accepted or claimed, not finished). */
  backlog(): number;
  readonly owner: string;
}

export interface PlatformWorkOptions {
  db: Database;
  logger: Logger;
  /** How long a claim protects work from other replicas; renewed while the work runs (default 10 s). */
  leaseMs?: number;
  /** How often to look for orphaned work (default 1 s). */
  pollIntervalMs?: number;
  /** This replica's name on its leases (default host:pid:random). */
  owner?: string;
  /** Work claimed this many times without finishing is given up on (default 3: it may be what kills replicas). */
  maxAttempts?: number;
  /** At most this much work under way here before polling takes more (default 32). */
  maxInFlight?: number;
}

const PRUNE_EVERY_POLLS = 600;
const KEEP_DONE_MS = 24 * 3_600_000;

/**
 * Durable work after an ack, on our own tables (platform_work beside processed_events). No kept
 * PostgreSQL job queue runs on both our drivers on Node 20: pg-boss 12 (the line that documents a
 * PGlite backend) and graphile-worker 0.18 need Node 22; pg-boss 10 has no PGlite path; graphile-worker
 * takes only a `pg` Pool and relies on LISTEN/NOTIFY. Here the queue is a handful of statements. The acking replica records each event leased to
 * itself, so the ack costs one INSERT and the work starts at once; every replica polls for leases
 * that ran out, which is how a replica's death is noticed (PGlite has no LISTEN across processes,
 * and none is needed: one indexed query per second). Exactly once per turn: the claim (a lease held
 * under SKIP LOCKED), renewed while the work runs, and the reply marker set when the reply is out;
 * a reclaimed row whose marker is set is finished without answering again.
 */
export function createPlatformWorkDispatcher(options: PlatformWorkOptions): PlatformWorkDispatcher {
  const { db } = options;
  const logger = options.logger.child({ component: 'platform-work' });
  const leaseMs = options.leaseMs ?? 10_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const maxInFlight = options.maxInFlight ?? 32;
  const owner = options.owner ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const handlers = new Map<string, WorkHandler>();
  /** Row ids under way here, whose leases the heartbeat renews. */
  const leased = new Set<number>();
  const running = new Set<Promise<void>>();
  let pollTimer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let polling: Promise<number> | undefined;
  let polls = 0;
  let stopped = false;
  /** Deliveries acked while the previous INSERT runs: recorded together by the next one (group commit). */
  let pending: { event: AcceptedEvent; settle: (id: number | null | Error) => void }[] = [];
  let flushing = false;

  const flush = async () => {
    flushing = true;
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      // Two deliveries of one event in one batch (a retry, a message as two events): the first takes it.
      const seen = new Set<string>();
      const unique = batch.filter(({ event, settle }) => {
        const keys = event.eventKeys.map((key) => `${event.platform}\u0000${key}`);
        if (keys.some((key) => seen.has(key))) {
          settle(null);
          return false;
        }
        for (const key of keys) seen.add(key);
        return true;
      });
      try {
        const ids = await recordPlatformWork(
          db,
          unique.map(({ event }) => event),
          { owner, leaseMs },
        );
        unique.forEach(({ settle }, index) => settle(ids[index] ?? null));
      } catch (error) {
        for (const { settle } of unique) settle(error instanceof Error ? error : new Error(String(error)));
      }
    }
    flushing = false;
  };

  /** The row id, null for a redelivery; throws when the database could not record it. */
  const record = (event: AcceptedEvent): Promise<number | null> =>
    new Promise((resolve, reject) => {
      pending.push({ event, settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)) });
      if (!flushing) void flush();
    });

  const track = (work: Promise<void>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };

  const execute = async (item: Pick<PlatformWorkItem, 'kind' | 'payload' | 'attempts' | 'replied'> & { id: number | undefined }) => {
    const { id } = item;
    const log = logger.child({ workId: id, kind: item.kind, attempts: item.attempts });
    if (id !== undefined) leased.add(id);
    try {
      if (item.replied) {
        // Its replica died after the reply went out: finishing it is all that is left.
        log.info('reclaimed work had already been answered; finished without answering again');
        if (id !== undefined) await markPlatformWorkDone(db, id);
        return;
      }
      if (item.attempts > maxAttempts) {
        log.error('work claimed too many times without finishing; given up');
        if (id !== undefined) await markPlatformWorkDone(db, id, `given up after ${maxAttempts} attempts`);
        return;
      }
      const handler = handlers.get(item.kind);
      if (!handler) throw new Error(`no handler registered for ${item.kind}`);
      let error: string | undefined;
      try {
        await handler(item.payload, {
          id,
          attempts: item.attempts,
          markReplied: async () => {
            if (id !== undefined) await markPlatformWorkReplied(db, id);
          },
        });
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
        log.error({ err: failure }, 'work failed');
      }
      if (id !== undefined) await markPlatformWorkDone(db, id, error);
    } catch (error) {
      // The row could not be finished (database gone?): its lease runs out and a replica looks again.
      log.warn({ err: error }, 'could not finish work; it will be reclaimed when its lease runs out');
    } finally {
      if (id !== undefined) leased.delete(id);
    }
  };

  const pollOnce = async (): Promise<number> => {
    if (stopped || handlers.size === 0) return 0;
    const room = maxInFlight - running.size;
    if (room <= 0) return 0;
    polls += 1;
    if (polls % PRUNE_EVERY_POLLS === 0) {
      await prunePlatformWork(db, KEEP_DONE_MS).catch((error: unknown) => logger.debug({ err: error }, 'pruning finished work failed'));
      // The same sweep drops button tokens long past their expiry (the policy is the core's).
      await pruneButtonTokens(db, BUTTON_TOKEN_KEEP_MS).catch((error: unknown) =>
        logger.debug({ err: error }, 'pruning button tokens failed'),
      );
    }
    const claimed = await claimExpiredPlatformWork(db, { kinds: [...handlers.keys()], owner, leaseMs, limit: Math.min(room, 16) });
    for (const item of claimed) {
      logger.info({ workId: item.id, kind: item.kind, attempts: item.attempts }, 'claimed work whose lease ran out');
      track(execute(item));
    }
    return claimed.length;
  };

  const poll = () => {
    polling ??= pollOnce().finally(() => {
      polling = undefined;
    });
    return polling;
  };

  return {
    owner,
    register(kind, handler) {
      handlers.set(kind, handler);
    },
    async accept(event) {
      let id: number | undefined;
      try {
        const recorded = await record(event);
        if (recorded === null) return 'duplicate';
        id = recorded;
      } catch (error) {
        logger.warn({ err: error, kind: event.kind }, 'could not record acked work (database unreachable?); handling it in memory');
      }
      track(execute({ id, kind: event.kind, payload: event.payload, attempts: 1, replied: false }));
      return 'accepted';
    },
    start() {
      if (pollTimer || stopped) return;
      pollTimer = setInterval(() => {
        poll().catch((error: unknown) => logger.warn({ err: error }, 'looking for orphaned work failed (database unreachable?)'));
      }, pollIntervalMs);
      pollTimer.unref();
      // Renewed three times per lease: one missed renewal (a busy moment) does not lose it.
      renewTimer = setInterval(
        () => {
          renewPlatformWorkLeases(db, [...leased], owner, leaseMs).catch((error: unknown) =>
            logger.warn({ err: error }, 'renewing work leases failed'),
          );
        },
        Math.max(50, Math.floor(leaseMs / 3)),
      );
      renewTimer.unref();
    },
    pollOnce: poll,
    async stop() {
      stopped = true;
      clearInterval(pollTimer);
      await polling?.catch(() => undefined);
      // Work already here finishes (its leases renewed meanwhile) before the database closes.
      while (running.size > 0) await Promise.allSettled([...running]);
      clearInterval(renewTimer);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    backlog: () => running.size,
  };
}
