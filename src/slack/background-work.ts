import PQueue from 'p-queue';
import type { Logger } from '../logger.js';

/**
 * Slow work after an ack (answers, drafts, App Home), bounded per replica. Each task starts on a
 * fresh turn of the event loop, so pending HTTP requests get their ack between tasks instead of
 * queuing behind a chain of database continuations (embedded PGlite runs in this thread). Errors are
 * the task's to turn into a friendly reply; anything that escapes is logged.
 */
export interface BackgroundWork {
  run(name: string, task: () => Promise<void>): void;
  /** Resolves when every scheduled task has finished (shutdown, tests). */
  idle(): Promise<void>;
}

export function createBackgroundWork(logger: Logger, concurrency: number): BackgroundWork {
  const queue = new PQueue({ concurrency });
  return {
    run(name, task) {
      void queue.add(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        try {
          await task();
        } catch (error) {
          logger.error({ err: error, task: name }, 'slack background task failed');
        }
      });
    },
    idle: () => queue.onIdle(),
  };
}
