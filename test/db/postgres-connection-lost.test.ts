import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { openPostgresDatabase } from '../../src/db/pg-driver.js';
import { importDirectory } from '../../src/db/queries/directory.js';
import { isAppError } from '../../src/errors.js';
import { loadDirectoryFile } from '../../src/ingest/load-directory-file.js';
import { FIXTURE_DIRECTORY } from '../helpers/ingest-fixture.js';
import { createTestDatabase, testBackend, type TestDatabase } from '../helpers/test-database.js';

// Issue 10, item 5: PostgreSQL dropping a connection is a clean failure, never a crash.

const BIN = fileURLToPath(new URL('../../bin/compact-bot.mjs', import.meta.url));
const DOCUMENTS = 400;

describe.skipIf(testBackend() !== 'postgres')('PostgreSQL terminating our backend', () => {
  let test: TestDatabase;
  let admin: Database;
  let work: string;
  let databaseName: string;
  /** One connection of the test's own, spared by terminateOthers, to watch the ingest. */
  let observer: Database;
  let observerPid: number;

  beforeAll(async () => {
    test = await createTestDatabase();
    databaseName = new URL(test.env.DATABASE_URL!).pathname.slice(1);
    admin = await openPostgresDatabase(process.env.TEST_DATABASE_URL!, { max: 1 });
    observer = await openPostgresDatabase(test.env.DATABASE_URL!, { max: 1 });
    observerPid = (await observer.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await importDirectory(test.db, loadDirectoryFile(FIXTURE_DIRECTORY));
    work = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-pg-lost-'));
    mkdirSync(path.join(work, 'docs'));
    const entries: string[] = [];
    for (let n = 0; n < DOCUMENTS; n += 1) {
      writeFileSync(
        path.join(work, 'docs', `d${n}.md`),
        `# Document ${n}\n\n${`Paragraph ${n} about border management and judicial cooperation. `.repeat(40)}\n`,
      );
      entries.push(
        `  - { id: doc-${n}, path: docs/d${n}.md, kind: recommendations, owner_entity: ALPHA, language: en, title: "Document ${n}", consent: { status: granted, audience: compact } }`,
      );
    }
    writeFileSync(path.join(work, 'catalog.yaml'), `version: 1\ndocuments:\n${entries.join('\n')}\n`);
  });
  afterAll(async () => {
    await observer?.close();
    await admin?.close();
    await test?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  const terminateOthers = () =>
    admin.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND pid <> $2`,
      [databaseName, observerPid],
    );

  it('a query in flight fails with db.connection_lost; the pool serves the next one', async () => {
    const db = await openPostgresDatabase(test.env.DATABASE_URL!, { max: 2 });
    try {
      const inFlight = db.query('SELECT pg_sleep(30)').then(
        () => undefined,
        (error: unknown) => error,
      );
      const transaction = db
        .transaction(async (tx) => {
          await tx.query('SELECT pg_sleep(30)');
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      await sleep(500);
      expect((await terminateOthers()).rows.length).toBeGreaterThanOrEqual(2);
      for (const failure of [await inFlight, await transaction]) {
        expect(isAppError(failure) && failure.code).toBe('db.connection_lost');
      }
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect(await db.transaction(async (tx) => (await tx.query<{ two: number }>('SELECT 2 AS two')).rows)).toEqual([{ two: 2 }]);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('the ingesting CLI prints one line, how many documents were loaded, and exits 1', async () => {
    const child = spawn(process.execPath, [BIN, 'ingest', path.join(work, 'catalog.yaml')], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...test.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let done = false;
    void exited.then(() => (done = true));
    // Wait until ingest is under way, then keep terminating its backends until one dies mid-query.
    const deadline = Date.now() + 180_000;
    while (!done && Date.now() < deadline) {
      const loaded = await test.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents');
      if ((loaded.rows[0]?.n ?? 0) > 0) break;
      await sleep(200);
    }
    while (!done && Date.now() < deadline) {
      await terminateOthers();
      await sleep(50);
    }
    const code = await exited;
    expect(code, `${stdout}\n${stderr}`).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^compact-bot: the database connection was lost; \d+ documents? (were|was) loaded, the rest were not — run ingest again$/,
    );
    const loaded = Number(/; (\d+) document/.exec(lines[0]!)?.[1]);
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThan(DOCUMENTS);
    const stored = (await test.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents')).rows[0]?.n ?? 0;
    // A commit in flight when the connection died may or may not have landed.
    expect(Math.abs(stored - loaded)).toBeLessThanOrEqual(1);
  }, 240_000);
});
