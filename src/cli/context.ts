import os from 'node:os';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { migrate } from '../db/migrate.js';
import { createLogger, type Logger } from '../logger.js';

/** Where a CLI run writes: the process's streams, or a test's collectors. */
export interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Everything a CLI run takes from its surroundings, injected so the CLI runs in-process as it does
 * in its own process: the environment (the only source of configuration), the output streams, and
 * what tells a long-running command (`reminders run`) to stop.
 */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: CliStream;
  stderr: CliStream;
  /** Resolves when a long-running command should stop; the process's SIGINT or SIGTERM by default. */
  untilStopped(): Promise<void>;
  /**
   * Opens the configured database (`openDatabase` by default). A test running the CLI in-process
   * lends the handle it holds: PGlite allows one opener per folder, and reopening costs more than
   * most commands do. The command closes what this returns.
   */
  openDatabase?(database: Config['database']): Promise<Database>;
}

const attached = new WeakMap<Command, CliIo>();

/** Binds a run's surroundings to its program; commands find them through their parent chain. */
export function attachCliIo(program: Command, io: CliIo): void {
  attached.set(program, io);
}

export function cliIo(command: Command): CliIo {
  for (let current: Command | null = command; current; current = current.parent) {
    const io = attached.get(current);
    if (io) return io;
  }
  throw new Error('compact-bot: command run without attachCliIo (use runCli)');
}

export interface CliContext {
  config: Config;
  db: Database;
  logger: Logger;
  io: CliIo;
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
  const io = cliIo(command);
  const config = loadConfig(io.env);
  const logger = createLogger({ level: io.env.LOG_LEVEL ? config.logLevel : 'warn', destination: io.stderr });
  // No connection-loss log lines here: a command that loses its database says so in one line and exits 1.
  const db = await (io.openDatabase ?? openDatabase)(config.database);
  try {
    await migrate(db);
    const json = wantsJson(command);
    return await work({
      config,
      db,
      logger,
      io,
      json,
      print(data, human) {
        io.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
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
