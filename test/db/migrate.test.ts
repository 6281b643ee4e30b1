import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasVectorSupport, loadMigrations, migrate, migrationLevel } from '../../src/db/migrate.js';
import { loadConfig } from '../../src/config.js';
import { createSilentLogger } from '../../src/logger.js';
import { startApp } from '../../src/main.js';
import { openPostgresDatabase } from '../../src/db/pg-driver.js';
import { openPgliteDatabase } from '../../src/db/pglite-driver.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { runCliProcess } from '../helpers/run-cli.js';

let current: TestDatabase | undefined;
afterEach(async () => {
  await current?.drop();
  current = undefined;
});

const all = loadMigrations();
const latest = Math.max(...all.map((m) => m.version));

describe('migration runner', () => {
  it('applies every migration to a fresh database, in order, and records them', async () => {
    current = await createTestDatabase({ empty: true });
    expect(await migrationLevel(current.db)).toBe(0);
    const report = await migrate(current.db);
    expect(report.applied.map((m) => m.version)).toEqual(all.map((m) => m.version));
    expect(report.level).toBe(latest);
    const recorded = await current.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(recorded.rows.map((r) => r.version)).toEqual(all.map((m) => m.version));
    const tables = await current.db.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()');
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['members', 'documents', 'consent_history', 'chunks', 'audit_log', 'reminder_deliveries', 'summary_drafts']),
    );
  });

  it('does nothing when run again', async () => {
    current = await createTestDatabase({ empty: true });
    await migrate(current.db);
    const again = await migrate(current.db);
    expect(again.applied).toEqual([]);
    expect(again.level).toBe(latest);
  });

  it('applies each migration exactly once when two migrators start together', async () => {
    current = await createTestDatabase({ empty: true });
    // PostgreSQL: a second pool is a second session, as a second replica would be. PGlite has one
    // connection per process (a second process is refused, see below), so concurrency is within it.
    const second = current.backend === 'postgres' ? await openPostgresDatabase(current.env.DATABASE_URL ?? '') : current.db;
    try {
      const [a, b] = await Promise.all([migrate(current.db), migrate(second)]);
      const applied = [...a.applied, ...b.applied].map((m) => m.version).sort((x, y) => x - y);
      expect(applied).toEqual(all.map((m) => m.version));
      const count = await current.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      expect(count.rows[0]?.n).toBe(all.length);
    } finally {
      if (second !== current.db) await second.close();
    }
  });

  it('rolls back a failing migration completely and names it', async () => {
    current = await createTestDatabase({ empty: true });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    writeFileSync(path.join(dir, '0001_good.sql'), 'CREATE TABLE good_one (id int);');
    writeFileSync(path.join(dir, '0002_bad.sql'), 'CREATE TABLE half_done (id int);\nCREATE TABLE broken (id nonexistent_type);');
    const migrations = loadMigrations(dir);
    rmSync(dir, { recursive: true, force: true });
    await expect(migrate(current.db, migrations)).rejects.toMatchObject({
      code: 'db.migration_failed',
      message: expect.stringContaining('0002_bad'),
    });
    expect(await migrationLevel(current.db)).toBe(1);
    const halfDone = await current.db.query<{ present: boolean }>("SELECT to_regclass('half_done') IS NOT NULL AS present");
    expect(halfDone.rows[0]?.present).toBe(false);
  });

  it('adds the vector column only where pgvector exists', async () => {
    current = await createTestDatabase();
    const available = await current.db.query<{ present: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS present",
    );
    expect(await hasVectorSupport(current.db)).toBe(available.rows[0]?.present ?? false);
    if (current.backend === 'pglite') expect(await hasVectorSupport(current.db)).toBe(true);
  });
});

describe('a database migrated by a newer release', () => {
  it('is refused by migrate, the CLI and startApp with a message naming both levels, and left unchanged', async () => {
    current = await createTestDatabase();
    await current.db.query("INSERT INTO schema_migrations (version, name) VALUES (9999, 'from_a_newer_release')");
    const message = new RegExp(
      `migrated to 9999_from_a_newer_release, past the latest migration this version of Compact Bot knows \\(${String(latest).padStart(4, '0')}\\)`,
    );
    await expect(migrate(current.db)).rejects.toMatchObject({ code: 'db.schema_too_new', message: expect.stringMatching(message) });

    const cli = await current.cli(['status']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(message);

    if (current.backend === 'pglite') await current.db.close(); // the app opens the folder itself
    const config = loadConfig({ ...current.env, PORT: '0', LOG_LEVEL: 'silent', REMINDERS_ENABLED: 'false' });
    await expect(startApp(config, createSilentLogger())).rejects.toMatchObject({ code: 'db.schema_too_new' });
    if (current.backend === 'pglite') current.db = await openPgliteDatabase(current.env.DATA_DIR!);

    const recorded = await current.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(recorded.rows.map((r) => r.version)).toEqual([...all.map((m) => m.version), 9999]);
  });
});

// A true second process (a TypeScript process start): PGlite's lock is between processes.
describe('embedded database folder', { timeout: 60_000 }, () => {
  it('refuses a second process on the same PGlite folder with a clear message', async (context) => {
    current = await createTestDatabase();
    if (current.backend !== 'pglite') context.skip();
    // This test process holds the folder open; the CLI in a child process must refuse it.
    const result = await runCliProcess(['status'], current.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/in use by another Compact Bot process/);
  });
});
