/**
 * The database a benchmark runs on: embedded PGlite in memory, or, when a PostgreSQL URL is given, a
 * scratch database of its own on that server, dropped afterwards. Migrated either way.
 */
import type { Database } from '../src/db/database.js';
import { describePostgresUrl } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { openPgliteDatabase } from '../src/db/pglite-driver.js';
import { openPostgresDatabase } from '../src/db/pg-driver.js';

export interface BenchDatabase {
  db: Database;
  /** "PGlite (in memory)" or "PostgreSQL host:port/db". */
  description: string;
  /** The scratch database's URL (PostgreSQL only), for a replica in another process. */
  url?: string;
  close(): Promise<void>;
}

export async function openBenchDatabase(name: string, postgresUrl?: string): Promise<BenchDatabase> {
  if (!postgresUrl) {
    const db = await openPgliteDatabase('memory');
    await migrate(db);
    return { db, description: 'PGlite (in memory)', close: () => db.close() };
  }
  const scratch = `${name}_${process.pid}`;
  const admin = await openPostgresDatabase(postgresUrl, { max: 1 });
  await admin.exec(`DROP DATABASE IF EXISTS ${scratch}`);
  await admin.exec(`CREATE DATABASE ${scratch}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${scratch}`;
  const db = await openPostgresDatabase(url.toString());
  await migrate(db);
  return {
    db,
    description: `PostgreSQL ${describePostgresUrl(url.toString())}`,
    url: url.toString(),
    async close() {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
      await admin.close();
    },
  };
}
