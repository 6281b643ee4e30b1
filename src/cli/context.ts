import os from 'node:os';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { migrate } from '../db/migrate.js';
import { createLogger, type Logger } from '../logger.js';

export interface CliContext {
  config: Config;
  db: Database;
  logger: Logger;
  json: boolean;
  /** Writes data: JSON when --json, else the human text. */
  print(data: unknown, human: () => string): void;
}

/** The global --json flag, wherever on the command line it was given. */
export function wantsJson(command: Command): boolean {
  return Boolean(command.optsWithGlobals<{ json?: boolean }>().json);
}

/**
 * Opens config, logger and database (migrated, so every command works on a fresh clone), runs the
 * command and always closes the database, so the PGlite lock is released even on failure.
 */
export async function withCli<T>(command: Command, work: (context: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger({ level: process.env.LOG_LEVEL ? config.logLevel : 'warn' });
  // No connection-loss log lines here: a command that loses its database says so in one line and exits 1.
  const db = await openDatabase(config.database);
  try {
    await migrate(db);
    const json = wantsJson(command);
    return await work({
      config,
      db,
      logger,
      json,
      print(data, human) {
        process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
      },
    });
  } finally {
    await db.close();
  }
}

/** Who runs the CLI, for consent history and draft reviews: the operating-system user. */
export function cliOperator(): string {
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry (some containers): still record that it came from the CLI.
    return 'cli';
  }
}
