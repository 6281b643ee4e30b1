import type { Database } from '../db/database.js';
import {
  claimPendingWithdrawals,
  markWithdrawFailed,
  markWithdrawn,
  type ChatPlatform,
  type PostedMessage,
} from '../db/queries/posted-messages.js';
import type { Logger } from '../logger.js';

/** Edits one posted message on its platform so it no longer quotes a withdrawn source. */
export type MessageWithdrawer = (message: PostedMessage) => Promise<void>;

export interface WithdrawalDispatcher {
  /** One pass over every platform with a withdrawer (tests call it directly). */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Revocation reaching chat. `consent revoke|withhold` (any process) marks the posted messages that
 * cited the document; every replica runs this loop, claims pending rows (SKIP LOCKED, with a TTL
 * for a replica that dies mid-edit) and asks the platform adapter to edit each. A platform without a
 * withdrawer (not configured on this replica) is left to a replica that has one.
 */
export function startWithdrawalDispatcher(options: {
  db: Database;
  logger: Logger;
  withdrawers: Partial<Record<ChatPlatform, MessageWithdrawer>>;
  tickIntervalMs?: number;
  claimTtlMs?: number;
}): WithdrawalDispatcher {
  const { db, logger } = options;
  const ttlMs = options.claimTtlMs ?? 120_000;
  let running: Promise<number> | null = null;

  const pass = async (): Promise<number> => {
    let edited = 0;
    for (const [platform, withdraw] of Object.entries(options.withdrawers) as [ChatPlatform, MessageWithdrawer][]) {
      const claimed = await claimPendingWithdrawals(db, platform, { limit: 50, ttlMs });
      for (const message of claimed) {
        try {
          await withdraw(message);
          await markWithdrawn(db, message.id);
          edited += 1;
          logger.info({ platform, postedMessageId: message.id }, 'withdrew a posted message whose source lost consent');
        } catch (error) {
          logger.warn({ err: error, platform, postedMessageId: message.id }, 'editing a posted message failed; will retry');
          await markWithdrawFailed(db, message.id, error instanceof Error ? error.message : String(error));
        }
      }
    }
    return edited;
  };

  const runOnce = () => {
    // One pass at a time per replica; a tick that finds one running waits for it.
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };

  const timer = setInterval(() => {
    runOnce().catch((error: unknown) => logger.warn({ err: error }, 'withdrawal pass failed (database unreachable?)'));
  }, options.tickIntervalMs ?? 10_000);
  timer.unref();

  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
