import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { openPgliteDatabase } from '../../src/db/pglite-driver.js';
import { isAppError } from '../../src/errors.js';

// Issue 10, items 4 and 7: the embedded database's folder lock holds while its owner lives, however
// long its synchronous stretches, and is taken over as soon as the owner is provably gone.

const HOLDER = fileURLToPath(new URL('./hold-pglite-lock.ts', import.meta.url));
/** Longer than the old lock's 15 s stale time, during which the holder runs no timers at all. */
const BUSY_MS = 20_000;

let root: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-lock-'));
});
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

function freshFolder(name: string): string {
  const dir = path.join(root, name);
  cpSync(inject('pgliteTemplateDir'), dir, { recursive: true });
  return dir;
}

function startHolder(
  dataDir: string,
  mode: 'busy' | 'wait',
): { child: ChildProcess; locked: Promise<void>; exited: Promise<number | null>; releasingAt: () => number } {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dataDir, mode, String(BUSY_MS)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let releasingAt = Number.POSITIVE_INFINITY;
  child.stdout!.on('data', (chunk: Buffer) => {
    const match = /releasing (\d+)/.exec(chunk.toString());
    if (match) releasingAt = Number(match[1]);
  });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    void exited.then(() => reject(new Error(`holder exited before locking: ${stderr}`)));
  });
  return { child, locked, exited, releasingAt: () => releasingAt };
}

async function tryOpen(dataDir: string): Promise<'opened' | 'locked'> {
  try {
    const db = await openPgliteDatabase(dataDir);
    await db.close();
    return 'opened';
  } catch (error) {
    if (isAppError(error) && error.code === 'db.locked') return 'locked';
    throw error;
  }
}

describe.skipIf(process.env.TEST_DB_KIND === 'postgres')('the PGlite folder lock', () => {
  it('refuses a second process for the whole run while the owner blocks its event loop longer than any refresh interval', async () => {
    const dataDir = freshFolder('busy');
    const holder = startHolder(dataDir, 'busy');
    await holder.locked;
    let done = false;
    void holder.exited.then(() => (done = true));
    const attempts: { at: number; outcome: string }[] = [];
    const started = Date.now();
    while (!done) {
      const at = Date.now();
      attempts.push({ at, outcome: await tryOpen(dataDir) });
      await sleep(1_000);
    }
    // An attempt that began after the holder said it was releasing may rightly open the folder.
    const outcomes = attempts.filter((attempt) => attempt.at < holder.releasingAt()).map((attempt) => attempt.outcome);
    expect(await holder.exited).toBe(0);
    // The attempts spanned the whole busy stretch (so also past the old 15 s stale time) and all were refused.
    expect(Date.now() - started).toBeGreaterThanOrEqual(BUSY_MS - 2_000);
    expect(outcomes.length).toBeGreaterThanOrEqual(10);
    expect(outcomes.filter((outcome) => outcome !== 'locked')).toEqual([]);
    // Released on close: the folder opens again at once.
    expect(await tryOpen(dataDir)).toBe('opened');
  }, 120_000);

  it('takes over the lock of an owner killed with SIGKILL at once, naming the owner while it lived', async () => {
    const dataDir = freshFolder('killed');
    const holder = startHolder(dataDir, 'wait');
    await holder.locked;
    const refusal = await openPgliteDatabase(dataDir).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isAppError(refusal) && refusal.userMessage).toMatch(
      new RegExp(`in use by another Compact Bot process \\(pid ${holder.child.pid} on `),
    );
    holder.child.kill('SIGKILL');
    await holder.exited;
    const db = await openPgliteDatabase(dataDir);
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await db.close();
  }, 120_000);

  it('opens a folder given through a symlink, and the lock is the same under either name', async () => {
    const dataDir = freshFolder('real');
    const link = path.join(root, 'link');
    symlinkSync(dataDir, link);
    const db = await openPgliteDatabase(link);
    try {
      expect(db.location).toBe(dataDir);
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect(await tryOpen(dataDir)).toBe('locked');
    } finally {
      await db.close();
    }
  }, 120_000);
});
