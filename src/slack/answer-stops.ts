import type { Logger } from '../logger.js';

/** A thread whose answer is being written here, and when its question was asked (the message's ts). */
export interface StopWatchedThread {
  conversationId: string;
  threadId: string;
  since: string;
}

/** Members' Stops in PostgreSQL, shared by every replica (wired by src/app over src/db/queries/answer-stops.ts). */
export interface AnswerStopsPort {
  record(stop: { conversationId: string; threadId: string; stoppedAt: string }): Promise<void>;
  /** Which of these threads were stopped at or after their question. */
  stopped(threads: StopWatchedThread[]): Promise<StopWatchedThread[]>;
}

export interface AnswerStops {
  /**
   * An answer starts in a thread: its signal aborts when the member's Stop for that thread (at or
   * after `since`) is heard here or recorded by any replica. `release` when the answer is done.
   */
  watch(thread: { channel: string; threadTs?: string; since?: string }): { signal: AbortSignal; release(): void };
  /** Whether a Stop for this thread was recorded at or after `since` (checked before an answer starts). */
  stoppedAlready(thread: { channel: string; threadTs?: string; since?: string }): Promise<boolean>;
  /** Slack's Stop reached this replica: abort what is written here at once and record it for the others. */
  stop(event: { channel: string; threadTs: string; eventTs: string }): Promise<boolean>;
  /** No more polling (the app stops). */
  close(): void;
}

interface Watched extends StopWatchedThread {
  controller: AbortController;
}

/**
 * Stop across replicas. The replica that receives agent_session_stopped may not be the one writing
 * the answer (any replica claims durable work), so the stop is recorded in PostgreSQL and the writer
 * polls for it: one query per tick for all its answers, only while it has some, every `pollMs`
 * (a few hundred milliseconds: a member who pressed Stop sees it honoured at once). A question's turn
 * asks `stoppedAlready` before it starts, so a Stop recorded before then stops it before the model is called.
 */
export function createAnswerStops(port: AnswerStopsPort, logger: Logger, options: { pollMs?: number } = {}): AnswerStops {
  const pollMs = options.pollMs ?? 300;
  const watched = new Set<Watched>();
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<void> | undefined;
  let closed = false;

  const abortMatching = (threads: { conversationId: string; threadId: string }[], since?: string) => {
    let any = false;
    for (const entry of watched) {
      const hit = threads.some((t) => t.conversationId === entry.conversationId && t.threadId === entry.threadId);
      if (!hit || (since !== undefined && Number(entry.since) > Number(since))) continue;
      entry.controller.abort();
      watched.delete(entry);
      any = true;
    }
    return any;
  };

  const check = () => {
    checking ??= (async () => {
      const threads = [...watched].map(({ conversationId, threadId, since }) => ({ conversationId, threadId, since }));
      if (threads.length === 0) return;
      try {
        const stopped = await port.stopped(threads);
        if (abortMatching(stopped)) logger.info({ answers: stopped.length }, 'answer stopped by the member (heard by another replica)');
      } catch (error) {
        logger.debug({ err: error }, 'could not check for stopped answers');
      }
    })().finally(() => {
      checking = undefined;
    });
    return checking;
  };

  const schedule = () => {
    if (closed || timer || watched.size === 0) return;
    timer = setInterval(() => {
      if (watched.size === 0) {
        clearInterval(timer);
        timer = undefined;
        return;
      }
      void check();
    }, pollMs);
    timer.unref();
  };

  return {
    watch({ channel, threadTs, since }) {
      const controller = new AbortController();
      // Stop is per thread; an answer outside one (no session, no Stop button) is never watched.
      if (!threadTs || !since) return { signal: controller.signal, release: () => undefined };
      const entry: Watched = { conversationId: channel, threadId: threadTs, since, controller };
      watched.add(entry);
      schedule();
      return { signal: controller.signal, release: () => watched.delete(entry) };
    },
    async stoppedAlready({ channel, threadTs, since }) {
      if (!threadTs || !since) return false;
      const stopped = await port.stopped([{ conversationId: channel, threadId: threadTs, since }]).catch((error: unknown) => {
        logger.debug({ err: error }, 'could not check for a stop before answering');
        return [];
      });
      return stopped.length > 0;
    },
    async stop({ channel, threadTs, eventTs }) {
      // Here first (no database round trip for the common case of one replica), then for the others.
      const here = abortMatching([{ conversationId: channel, threadId: threadTs }], eventTs);
      await port
        .record({ conversationId: channel, threadId: threadTs, stoppedAt: eventTs })
        .catch((error: unknown) => logger.warn({ err: error }, 'could not record a stop for the other replicas'));
      return here;
    },
    close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
