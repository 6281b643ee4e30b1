import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';
import type { Logger } from '../logger.js';
import { metrics } from '../observability/metrics.js';
import type { PlatformWorkDispatcher } from '../scheduler/platform-work-dispatcher.js';

/**
 * Slow work after an ack (answers, drafts, App Home), bounded per replica, and second to acks.
 *
 * Slack waits at most 3 s for an ack; a member waits seconds for an answer anyway. Everything after
 * an ack (the answer's queries, its Web API calls, a response_url post) costs this process the same
 * CPU and event-loop turns an ack needs, so a burst of questions would slow the acks of the burst
 * itself. Hence: a task starts only at a quiet moment (no Slack request waiting for its ack, and none
 * acked in the last `quietMs`), or once it has waited `maxDeferMs` (so a long burst delays answers by
 * at most that much), and each task starts on a fresh turn of the event loop so requests already
 * read get their ack first. Errors are the
 * task's to turn into a friendly reply; anything that escapes is logged.
 */
export interface BackgroundWork {
  run(name: string, task: () => Promise<void>): void;
  /** A Slack request is waiting for its ack; call the returned function once it is answered. */
  ackPending(): () => void;
  /** Resolves when every scheduled task has finished (shutdown, tests). */
  idle(): Promise<void>;
  /** Tasks waiting or running. */
  backlog(): number;
}

export interface BackgroundWorkOptions {
  /** Tasks at once (default 8): answers wait on the model and on Slack, not only on this CPU. */
  concurrency?: number;
  /** Longest a task waits for acks in flight before it starts anyway (default 1 s). */
  maxDeferMs?: number;
  /** How long after the last ack without a new request counts as quiet (default 50 ms). */
  quietMs?: number;
}

export function createBackgroundWork(logger: Logger, options: BackgroundWorkOptions = {}): BackgroundWork {
  const queue = new PQueue({ concurrency: options.concurrency ?? 8 });
  const maxDeferMs = options.maxDeferMs ?? 1_000;
  const quietMs = options.quietMs ?? 50;
  let acksPending = 0;
  let lastAckAt = 0;
  const waiting = new Set<() => void>();

  /**
   * Resolves at a quiet moment — no ack pending and none sent for `quietMs` (a burst's requests do
   * not all arrive at once, so a moment between two of them is not its end) — or at `deadline`.
   */
  const quiet = async (deadline: number) => {
    for (;;) {
      const now = Date.now();
      if (now >= deadline) return;
      if (acksPending === 0) {
        const calm = lastAckAt + quietMs - now;
        if (calm <= 0) return;
        await sleep(Math.min(calm, deadline - now));
        continue;
      }
      await new Promise<void>((resolve) => {
        const release = () => {
          clearTimeout(timer);
          waiting.delete(release);
          resolve();
        };
        const timer = setTimeout(release, deadline - now);
        waiting.add(release);
      });
    }
  };

  return {
    run(name, task) {
      const deadline = Date.now() + maxDeferMs;
      void queue.add(async () => {
        await nextTurn();
        await quiet(deadline);
        try {
          await task();
        } catch (error) {
          logger.error({ err: error, task: name }, 'slack background task failed');
        }
      });
    },
    ackPending() {
      acksPending += 1;
      let answered = false;
      return () => {
        if (answered) return;
        answered = true;
        acksPending -= 1;
        lastAckAt = Date.now();
        if (acksPending === 0) for (const release of [...waiting]) release();
      };
    },
    idle: () => queue.onIdle(),
    backlog: () => queue.size + queue.pending,
  };
}

/** The durable side (src/scheduler/platform-work-dispatcher.ts), injected by src/app. */
export type DurableWorkPort = Pick<PlatformWorkDispatcher, 'accept' | 'register' | 'start' | 'stop' | 'idle' | 'backlog'>;

/**
 * Work that outlives this replica. A listener calls `accept` with the platform's raw body before
 * its ack: the event is recorded in PostgreSQL (the only work on the ack path) and its handler runs
 * here at a quiet moment, as `run` does. If this replica dies first, another one claims the record
 * when its lease runs out and runs the same handler on the stored body. So a handler takes nothing
 * but the body: no listener arguments, no closure over the request.
 */
export interface DurableWork extends BackgroundWork {
  handle<Body>(kind: string, handler: (body: Body) => Promise<void>): void;
  /** Records and starts the work; false for a delivery already taken (a retry, or a second event for one message). */
  accept(kind: string, eventKeys: string[], body: unknown): Promise<boolean>;
}

export function durableWork(work: BackgroundWork, durable: DurableWorkPort, platform: string): DurableWork {
  return {
    ...work,
    handle<Body>(kind: string, handler: (body: Body) => Promise<void>) {
      durable.register(
        `${platform}.${kind}`,
        (body) =>
          new Promise<void>((resolve, reject) => {
            work.run(kind, () => handler(body as Body).then(resolve, reject));
          }),
      );
    },
    async accept(kind, eventKeys, body) {
      const outcome = await durable.accept({ platform, kind: `${platform}.${kind}`, eventKeys, payload: body });
      if (outcome === 'duplicate') metrics.eventsDeduplicated.inc({ platform });
      return outcome === 'accepted';
    },
    idle: async () => {
      await durable.idle();
      await work.idle();
    },
    backlog: () => Math.max(durable.backlog(), work.backlog()),
  };
}
