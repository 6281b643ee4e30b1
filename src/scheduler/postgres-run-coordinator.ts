import type { RunCoordinator } from 'node-cron';
import type { Queryable } from '../db/database.js';
import { completeSchedulerRun, pruneSchedulerRuns, tryClaimSchedulerRun } from '../db/queries/reminders.js';

/**
 * node-cron's RunCoordinator on PostgreSQL: for each scheduled tick (key = task name + slot time) the
 * first replica to insert the key runs it; the others skip. A replica that dies mid-tick leaves an
 * uncompleted key whose lease expires, after which the key may be taken over. Work inside a tick must
 * still be idempotent on its own (the reminder dispatcher claims each delivery separately).
 */
export function createPostgresRunCoordinator(
  db: Queryable,
  instanceId: string,
  options: { onError?: (error: unknown) => void } = {},
): RunCoordinator {
  let completions = 0;
  return {
    async shouldRun(key: string, ttlMs: number) {
      return tryClaimSchedulerRun(db, key, instanceId, ttlMs);
    },
    async onComplete(key: string) {
      await completeSchedulerRun(db, key);
      // Old keys are useless once no replica can contend for them; prune now and then.
      completions += 1;
      if (completions % 100 === 1) await pruneSchedulerRuns(db).catch((error: unknown) => options.onError?.(error));
    },
  };
}
