import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { AppError } from '../errors.js';
import { acquireFolderLock } from './folder-lock.js';
import { sharedParsers, type Database, type Queryable, type QueryResult } from './database.js';

interface PGliteLike {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

function adapt(handle: PGliteLike): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await handle.query<Row>(sql, [...params]);
      // PGlite reports affectedRows 0 for a SELECT; pg reports the row count. Take the larger.
      return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
    },
    async exec(sql: string): Promise<void> {
      await handle.exec(sql);
    },
  };
}

/**
 * Opens embedded PGlite in `dataDir` (or in memory with 'memory'). Two processes on one folder would
 * corrupt it and PGlite does not guard against that, so we hold a lock for the folder's lifetime
 * and refuse a second opener with a clear message (see folder-lock.ts). The folder is resolved to
 * its real path first: PGlite cannot open a folder given through a symlink, and the lock must be the
 * same however the folder is named.
 */
export async function openPgliteDatabase(dataDir: string | 'memory'): Promise<Database> {
  const extensions = { vector, pg_trgm };
  let release: (() => void) | undefined;
  let location = 'in memory';
  let pglite: PGlite;
  if (dataDir === 'memory') {
    pglite = new PGlite('memory://', { extensions, parsers: sharedParsers });
  } else {
    mkdirSync(path.resolve(dataDir), { recursive: true });
    const absolute = realpathSync(path.resolve(dataDir));
    location = absolute;
    release = acquireFolderLock(absolute, `${absolute}.lock`);
    pglite = new PGlite(absolute, { extensions, parsers: sharedParsers });
  }
  try {
    await pglite.waitReady;
  } catch (error) {
    release?.();
    throw new AppError('db.unreachable', `The embedded database in ${location} could not be opened.`, { exitCode: 1, cause: error });
  }
  const root = adapt(pglite as unknown as PGliteLike);
  return {
    kind: 'pglite',
    location,
    query: root.query,
    exec: root.exec,
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      return pglite.transaction(async (tx) => work(adapt(tx as unknown as PGliteLike)));
    },
    async close() {
      try {
        await pglite.close();
      } finally {
        release?.();
      }
    },
  };
}
