import { existsSync, readFileSync, readdirSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Test files that use a database: those that reach test/helpers/test-database.ts through their own
 * test-side imports, or ask which backend runs. Only these have anything to check on PostgreSQL; a
 * file with no database (a pure function, a subprocess with its own in-memory PGlite) would only
 * repeat itself there.
 */
function databaseTestFiles(): string[] {
  const uses = new Map<string, boolean>();
  const usesDatabase = (file: string): boolean => {
    const known = uses.get(file);
    if (known !== undefined) return known;
    uses.set(file, false); // an import cycle adds nothing
    const text = readFileSync(file, 'utf8');
    const found =
      file === path.join('test', 'helpers', 'test-database.ts') ||
      /TEST_DB_KIND|TEST_DATABASE_URL/.test(text) ||
      [...text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)].some((match) => {
        const target = path.join(path.dirname(file), `${match[1]}.ts`);
        return target.startsWith(`test${path.sep}`) && existsSync(target) && usesDatabase(target);
      });
    uses.set(file, found);
    return found;
  };
  return readdirSync('test', { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => path.join('test', file))
    .filter(usesDatabase);
}

/**
 * PGlite writes each page through to its folder, and every test file copies, fills and deletes a
 * 40 MB one: on a RAM-backed tmpfs that costs a fraction of the system time it does on disk. So the
 * tests' temporary files go to /dev/shm where it has room (not a container's 64 MB default), unless
 * TMPDIR is set.
 */
function ramBackedTmpdir(): string | undefined {
  try {
    const shm = statfsSync('/dev/shm');
    return shm.bavail * shm.bsize >= 2 ** 30 ? '/dev/shm' : undefined;
  } catch {
    return undefined;
  }
}
const tmpdir = process.env.TMPDIR || ramBackedTmpdir();
if (tmpdir) process.env.TMPDIR = tmpdir;

// Every test file runs on embedded PGlite; with TEST_DATABASE_URL set, every file that uses a
// database runs a second time against that PostgreSQL server. Each file gets its own database (see
// test/helpers).
const backends = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // Low on purpose, so a slow test shows: the CLI runs in-process (test/helpers/run-cli.ts) and a
    // file's database is a copy of a migrated template; a test that needs more says so itself.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One worker process runs many files (each still with its own database, servers and temporary
    // folders): a new process per file paid module loading and JIT warm-up of PGlite's WebAssembly
    // again each time, about three quarters of the suite's CPU. What a process shares is its module
    // state, so tests compare process-wide counters with their value before (see teams-bot.test.ts).
    isolate: false,
    // Every core: the default leaves one idle for the watcher, and much of the suite waits on
    // sockets, child processes and the PostgreSQL server rather than computing.
    maxWorkers: '100%',
    projects: backends.map((backend) => ({
      extends: true,
      test: {
        name: backend,
        include: backend === 'pglite' ? ['test/**/*.test.ts'] : databaseTestFiles(),
        env: { TEST_DB_KIND: backend },
      },
    })),
  },
});
