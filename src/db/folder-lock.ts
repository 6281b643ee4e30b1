import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';

/**
 * One process per embedded-database folder. The lock is a directory created atomically with mkdir,
 * holding the owner's pid, host and process start time. It needs no refresh timer, so long
 * synchronous work (parsing a big PDF, chunking) cannot let it go stale while the owner lives: a
 * second opener is refused for as long as the owner process exists, and takes the lock over the
 * moment that process is provably gone (kill(pid, 0) → ESRCH, or the pid now belongs to a process
 * that started later), e.g. right after a `kill -9`.
 */

interface LockOwner {
  pid: number;
  hostname: string;
  /** Start time of the owner process (Linux /proc), to tell a reused pid from the owner. */
  processStart?: string;
  acquiredAt: string;
  token: string;
}

const OWNER_FILE = 'owner.json';
/** A lock directory without an owner file is being created, unless it is older than this (crash between mkdir and write). */
const UNWRITTEN_OWNER_GRACE_MS = 10_000;

function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime), counted after the parenthesised command name, which may contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function readOwner(lockDir: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path.join(lockDir, OWNER_FILE), 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.token === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** True only when the owner is certainly not running: same host, and its pid is gone or reused. */
function ownerIsGone(owner: LockOwner): boolean {
  if (owner.hostname !== os.hostname()) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const now = processStart(owner.pid);
  return owner.processStart !== undefined && now !== undefined && now !== owner.processStart;
}

function ageMs(lockDir: string): number {
  try {
    return Date.now() - statSync(lockDir).mtimeMs;
  } catch {
    return 0;
  }
}

function refused(folder: string, owner: LockOwner | undefined, cause?: unknown): AppError {
  const who = owner ? ` (pid ${owner.pid} on ${owner.hostname}, since ${owner.acquiredAt})` : '';
  return new AppError(
    'db.locked',
    `The embedded database in ${folder} is in use by another Compact Bot process${who}. Stop it first, or set DATA_DIR to another folder (or DATABASE_URL for a shared PostgreSQL).`,
    { exitCode: 1, cause, detail: owner ? { pid: owner.pid, hostname: owner.hostname } : undefined },
  );
}

/**
 * Moves a stale lock aside and removes it. The rename is atomic: if another opener took the lock
 * over first, what we moved is no longer the stale owner's, and we put it back and give up.
 */
function takeOver(lockDir: string, stale: LockOwner | undefined): boolean {
  const aside = `${lockDir}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockDir, aside);
  } catch {
    return false;
  }
  const moved = readOwner(aside);
  if ((moved?.token ?? null) !== (stale?.token ?? null)) {
    try {
      renameSync(aside, lockDir);
    } catch {
      // Someone holds a new lock already; the one we moved belongs to a live opener that lost nothing
      // (it keeps running) — leave it aside rather than delete a live lock.
    }
    return false;
  }
  rmSync(aside, { recursive: true, force: true });
  return true;
}

/** Takes the lock `lockDir` for `folder` or throws AppError `db.locked`; returns the release function. */
export function acquireFolderLock(folder: string, lockDir: string): () => void {
  const me: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    processStart: processStart(process.pid),
    acquiredAt: new Date().toISOString(),
    token: randomBytes(12).toString('hex'),
  };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      mkdirSync(lockDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw refused(folder, undefined, error);
      const owner = readOwner(lockDir);
      const stale = owner ? ownerIsGone(owner) : ageMs(lockDir) > UNWRITTEN_OWNER_GRACE_MS;
      if (!stale || !takeOver(lockDir, owner)) throw refused(folder, owner ?? readOwner(lockDir), error);
      continue;
    }
    writeFileSync(path.join(lockDir, OWNER_FILE), JSON.stringify(me));
    return () => {
      if (readOwner(lockDir)?.token === me.token) rmSync(lockDir, { recursive: true, force: true });
    };
  }
  throw refused(folder, readOwner(lockDir));
}
