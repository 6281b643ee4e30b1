import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { openPgliteDatabase } from '../../src/db/pglite-driver.js';
import { openPostgresDatabase } from '../../src/db/pg-driver.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { Config } from '../../src/config.js';
import { withDatabaseName } from './database-url.js';
import { runCli, type CliResult } from './run-cli.js';

export type TestBackend = 'pglite' | 'postgres';

export interface TestDatabase {
  db: Database;
  backend: TestBackend;
  /** How a child process (the CLI, a second replica) reaches the same database. */
  env: Record<string, string>;
  /**
   * Runs the real CLI in-process against this database. On PGlite (one opener per folder) the CLI
   * is lent the test's own handle when the environment it reads names this folder, and opens what
   * it names otherwise; on PostgreSQL it opens its own connections as a separate process would.
   */
  cli(args: string[], extraEnv?: Record<string, string>): Promise<CliResult>;
  /** Closes the connection and deletes the database. */
  drop(): Promise<void>;
}

function realPath(folder: string): string | undefined {
  try {
    return realpathSync(path.resolve(folder));
  } catch {
    return undefined;
  }
}

const isOpen = (db: Database): Promise<boolean> =>
  db.query('SELECT 1').then(
    () => true,
    () => false,
  );

export function testBackend(): TestBackend {
  return process.env.TEST_DB_KIND === 'postgres' ? 'postgres' : 'pglite';
}

/**
 * A database of its own for the calling test file, already migrated: a copy of the PGlite template
 * folder, or a clone of the PostgreSQL template database. `empty: true` skips the migrations (for
 * testing the migration runner itself): a copy of an initialised PGlite folder, or a new database.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const backend = testBackend();
  if (backend === 'pglite') {
    const root = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-test-'));
    const dataDir = path.join(root, 'pglite');
    cpSync(inject(options.empty ? 'pgliteEmptyDir' : 'pgliteTemplateDir'), dataDir, { recursive: true });
    const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
    const folder = path.join(realpathSync(root), 'pglite');
    // What the CLI opens from its config: this folder is the handle the test holds, while it is open
    // (the CLI's close leaves it so); anything else, or a handle the test has closed, is opened for real.
    const lendOrOpen = async (database: Config['database']): Promise<Database> => {
      const named = database.kind === 'pglite' && database.dataDir !== 'memory' ? realPath(database.dataDir) : undefined;
      const held = handle.db;
      if (named !== folder || !(await isOpen(held))) return openDatabase(database);
      return {
        kind: held.kind,
        location: held.location,
        query: held.query.bind(held),
        exec: held.exec.bind(held),
        transaction: held.transaction.bind(held),
        close: async () => undefined,
      };
    };
    const handle: TestDatabase = {
      db: await openPgliteDatabase(dataDir),
      backend,
      env,
      cli: (args, extraEnv = {}) => runCli(args, { ...env, ...extraEnv }, { openDatabase: lendOrOpen }),
      async drop() {
        await handle.db.close().catch(() => undefined);
        rmSync(root, { recursive: true, force: true });
      },
    };
    return handle;
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DB_KIND=postgres needs TEST_DATABASE_URL');
  const name = `compact_bot_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgresDatabase(serverUrl, { max: 1 });
  const template = inject('postgresTemplateDatabase');
  await admin.exec(options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.close();
  const url = withDatabaseName(serverUrl, name);
  const db = await openPostgresDatabase(url);
  const env = { DATABASE_URL: url };
  return {
    db,
    backend,
    env,
    cli: (args, extraEnv = {}) => runCli(args, { ...env, ...extraEnv }),
    async drop() {
      await db.close().catch(() => undefined);
      const cleanup = await openPostgresDatabase(serverUrl, { max: 1 });
      await cleanup.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.close();
    },
  };
}

/**
 * The calling test file's own database, registered once: created (and seeded) before the file's
 * first test, dropped after its last, as pg-boss's test/hooks.ts does. The handle it returns is the
 * database's from then on (reading it outside a test or hook is an error). `createTestDatabase()`
 * stays for tests that need a database of their own.
 */
export function useTestDatabase(options: { empty?: boolean; seed?: (db: Database) => Promise<unknown> } = {}): TestDatabase {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await createTestDatabase({ empty: options.empty });
    await options.seed?.(current.db);
  });
  afterAll(async () => {
    await current?.drop();
    current = undefined;
  });
  const ready = (): TestDatabase => {
    if (!current) throw new Error('useTestDatabase: the database exists only inside the tests and hooks of its file');
    return current;
  };
  return {
    get db() {
      return ready().db;
    },
    set db(db: Database) {
      ready().db = db;
    },
    get backend() {
      return ready().backend;
    },
    get env() {
      return ready().env;
    },
    cli: (args, extraEnv) => ready().cli(args, extraEnv),
    drop: () => ready().drop(),
  };
}
