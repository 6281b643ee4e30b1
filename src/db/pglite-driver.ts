import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import { acquireFolderLock } from './folder-lock.js';
import type { Database, Queryable, QueryResult } from './database.js';

/** What pglite-thread.mjs answers: a request's result or its error as plain data. */
type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: Record<string, unknown> & { message: string } };
type Call = <T>(request: Record<string, unknown>) => Promise<T>;

/** The error the thread described, rebuilt with its fields (code, detail, constraint…) as PGlite raised it. */
function rebuildError(described: Record<string, unknown> & { message: string }): Error {
  const { message, name, ...fields } = described;
  const error = Object.assign(new Error(message), fields);
  if (typeof name === 'string') error.name = name;
  return error;
}

/**
 * The process's PGlite thread, started with the first database and shared by all (PGlite's
 * WebAssembly compiles once per thread, which is most of the cost of opening a database). Requests
 * are matched to replies by id. The thread is referenced only while a request is outstanding, so
 * (as with PGlite on this thread) open but idle databases never keep the process alive, and a
 * pending query always does. If the thread dies, its requests fail and the next open starts another.
 */
let host: { call: Call } | undefined;

function pgliteHost(): { call: Call } {
  if (host) return host;
  const worker = new Worker(new URL('./pglite-thread.mjs', import.meta.url));
  worker.unref();
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let failed: Error | undefined;
  const fail = (error: Error) => {
    failed ??= error;
    if (host === started) host = undefined;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (reply: Reply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(rebuildError(reply.error));
  });
  worker.on('error', (error) => fail(new Error(`PGlite is closed: its thread failed (${error.message})`, { cause: error })));
  worker.on('exit', (code) => fail(new Error(`PGlite is closed: its thread exited (${code})`)));
  const started = {
    call<T>(request: Record<string, unknown>): Promise<T> {
      if (failed) return Promise.reject(failed);
      nextId += 1;
      const id = nextId;
      return new Promise<T>((resolve, reject) => {
        if (pending.size === 0) worker.ref();
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        worker.postMessage({ ...request, id });
      });
    },
  };
  host = started;
  return started;
}

function queryable(call: Call, db: number, tx?: number): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await call<{ rows: Row[]; affectedRows: number }>({ op: 'query', db, sql, params: [...params], tx });
      // PGlite reports affectedRows 0 for a SELECT; pg reports the row count. Take the larger.
      return { rows: result.rows, rowCount: Math.max(result.affectedRows, result.rows.length) };
    },
    async exec(sql: string): Promise<void> {
      await call({ op: 'exec', db, sql, tx });
    },
  };
}

/**
 * Opens embedded PGlite in `dataDir` (or in memory with 'memory'). Two processes on one folder would
 * corrupt it and PGlite does not guard against that, so we hold a lock for the folder's lifetime
 * and refuse a second opener with a clear message (see folder-lock.ts). The folder is resolved to
 * its real path first: PGlite cannot open a folder given through a symlink, and the lock must be the
 * same however the folder is named. PGlite itself runs in a worker thread (pglite-thread.mjs): its
 * WebAssembly is synchronous and would otherwise hold up every request this process serves.
 */
export async function openPgliteDatabase(dataDir: string | 'memory'): Promise<Database> {
  let release: (() => void) | undefined;
  let location = 'in memory';
  let target = 'memory://';
  if (dataDir !== 'memory') {
    mkdirSync(path.resolve(dataDir), { recursive: true });
    const absolute = realpathSync(path.resolve(dataDir));
    location = absolute;
    release = acquireFolderLock(absolute, `${absolute}.lock`);
    target = absolute;
  }
  const { call } = pgliteHost();
  let db: number;
  try {
    db = await call<number>({ op: 'open', dataDir: target });
  } catch (error) {
    release?.();
    throw new AppError('db.unreachable', `The embedded database in ${location} could not be opened.`, { exitCode: 1, cause: error });
  }
  const root = queryable(call, db);
  return {
    kind: 'pglite',
    location,
    query: root.query,
    exec: root.exec,
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const id = await call<number>({ op: 'begin', db });
      let result: T;
      try {
        result = await work(queryable(call, db, id));
      } catch (error) {
        await call({ op: 'rollback', db, tx: id }).catch(() => undefined);
        throw error;
      }
      await call({ op: 'commit', db, tx: id });
      return result;
    },
    async close() {
      try {
        await call({ op: 'close', db }).catch(() => undefined);
      } finally {
        release?.();
      }
    },
  };
}
