import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';
import type { Database, Queryable } from './database.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Any constant works; it only has to be the same in every process that migrates this database. */
const MIGRATION_LOCK_KEY = 7_345_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort();
  const migrations = files.map((file) => ({
    version: Number(file.slice(0, 4)),
    name: file.slice(5, -4),
    sql: readFileSync(path.join(dir, file), 'utf8'),
  }));
  const seen = new Set<number>();
  for (const migration of migrations) {
    if (seen.has(migration.version))
      throw new AppError('db.migration_failed', `Two migrations share the number ${migration.version} in ${dir}.`);
    seen.add(migration.version);
  }
  return migrations;
}

async function lock(tx: Queryable): Promise<void> {
  // Transaction-scoped: released at COMMIT/ROLLBACK, so a crashed migrator never leaves it held.
  await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
}

export interface MigrationReport {
  applied: Migration[];
  level: number;
}

/**
 * Applies pending migrations in order, one transaction each, recording them in schema_migrations.
 * Each transaction first takes an advisory lock and re-reads what is applied, so two processes
 * starting together apply every migration exactly once. A database already migrated past the last
 * migration this code knows (by a newer release) is refused before anything runs: this code would
 * read and write a schema it was not written for.
 */
export async function migrate(db: Database, migrations: Migration[] = loadMigrations()): Promise<MigrationReport> {
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const level = await migrationLevel(db);
  if (level > known) {
    const newest = await db.query<{ name: string }>('SELECT name FROM schema_migrations WHERE version = $1', [level]);
    const label = `${String(level).padStart(4, '0')}_${newest.rows[0]?.name ?? '?'}`;
    throw new AppError(
      'db.schema_too_new',
      `The database has been migrated to ${label}, past the latest migration this version of Compact Bot knows ` +
        `(${String(known).padStart(4, '0')}): it was upgraded by a newer release. Run that release (or newer) against it, ` +
        `or point DATABASE_URL / DATA_DIR at another database; nothing was changed.`,
      { exitCode: 1, detail: { level, known } },
    );
  }
  const applied: Migration[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await lock(tx);
      const existing = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (existing.rowCount > 0) return false;
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new AppError(
          'db.migration_failed',
          `Migration ${String(migration.version).padStart(4, '0')}_${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`,
          { exitCode: 1, cause: error },
        );
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (done) applied.push(migration);
  }
  return { applied, level: await migrationLevel(db) };
}

export async function migrationLevel(db: Queryable): Promise<number> {
  const table = await db.query<{ exists: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS exists");
  if (!table.rows[0]?.exists) return 0;
  const result = await db.query<{ level: number | null }>('SELECT max(version) AS level FROM schema_migrations');
  return result.rows[0]?.level ?? 0;
}

/** Whether this database has pgvector (the migration adds the embedding column only then). */
export async function hasVectorSupport(db: Queryable): Promise<boolean> {
  const result = await db.query<{ present: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'chunks' AND column_name = 'embedding' AND table_schema = current_schema()) AS present",
  );
  return result.rows[0]?.present ?? false;
}
