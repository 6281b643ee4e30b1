import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import lockfile from 'proper-lockfile';
import { AppError } from '../errors.js';
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
 * corrupt it and PGlite does not guard against that, so we hold a lock file for the folder's lifetime
 * and refuse a second opener with a clear message.
 */
export async function openPgliteDatabase(dataDir: string | 'memory'): Promise<Database> {
  const extensions = { vector, pg_trgm };
  let release: (() => Promise<void>) | undefined;
  let location = 'in memory';
  let pglite: PGlite;
  if (dataDir === 'memory') {
    pglite = new PGlite('memory://', { extensions, parsers: sharedParsers });
  } else {
    const absolute = path.resolve(dataDir);
    location = absolute;
    mkdirSync(absolute, { recursive: true });
    try {
      release = await lockfile.lock(absolute, { lockfilePath: `${absolute}.lock`, stale: 15_000, update: 5_000 });
    } catch (error) {
      throw new AppError(
        'db.locked',
        `The embedded database in ${absolute} is in use by another Compact Bot process. Stop it first, or set DATA_DIR to another folder (or DATABASE_URL for a shared PostgreSQL).`,
        { exitCode: 1, cause: error },
      );
    }
    pglite = new PGlite(absolute, { extensions, parsers: sharedParsers });
  }
  try {
    await pglite.waitReady;
  } catch (error) {
    await release?.();
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
      await pglite.close();
      await release?.();
    },
  };
}
