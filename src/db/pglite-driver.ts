import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import { acquireFolderLock } from './folder-lock.js';
import type { Database, Queryable, QueryResult } from './database.js';

/** What pglite-thread.mjs answers: a request's result or its error as plain data. */
type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: Record<string, unknown> & { message: string } };
type Ready = { ready: true } | { ready: false; error: { message: string } };

/** The error the thread described, rebuilt with its fields (code, detail, constraint…) as PGlite raised it. */
function rebuildError(described: Record<string, unknown> & { message: string }): Error {
  const { message, name, ...fields } = described;
  const error = Object.assign(new Error(message), fields);
  if (typeof name === 'string') error.name = name;
  return error;
}

/**
 * The PGlite thread from this side: one request at a time per caller, matched to its reply by id.
 * The worker is referenced only while a request is outstanding, so (as with PGlite on this thread)
 * an open but idle database never keeps the process alive, and a pending query always does.
 */
function connect(worker: Worker) {
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let closed: Error | undefined;
  worker.unref();
  const settleAll = (error: Error) => {
    closed ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (reply: Reply | Ready) => {
    if (!('id' in reply)) return;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(rebuildError(reply.error));
  });
  worker.on('error', (error) => settleAll(new Error(`PGlite is closed: its thread failed (${error.message})`, { cause: error })));
  worker.on('exit', () => settleAll(new Error('PGlite is closed')));
  return {
    call<T>(request: Record<string, unknown>): Promise<T> {
      if (closed) return Promise.reject(closed);
      nextId += 1;
      const id = nextId;
      return new Promise<T>((resolve, reject) => {
        if (pending.size === 0) worker.ref();
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        worker.postMessage({ ...request, id });
      });
    },
    markClosed: () => settleAll(new Error('PGlite is closed')),
  };
}

function queryable(call: <T>(request: Record<string, unknown>) => Promise<T>, tx?: number): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await call<{ rows: Row[]; affectedRows: number }>({ op: 'query', sql, params: [...params], tx });
      // PGlite reports affectedRows 0 for a SELECT; pg reports the row count. Take the larger.
      return { rows: result.rows, rowCount: Math.max(result.affectedRows, result.rows.length) };
    },
    async exec(sql: string): Promise<void> {
      await call({ op: 'exec', sql, tx });
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
  const worker = new Worker(new URL('./pglite-thread.mjs', import.meta.url), { workerData: { dataDir: target } });
  let onReady: ((ready: Ready) => void) | undefined;
  let onFailure: ((error: Error) => void) | undefined;
  let onExit: ((code: number) => void) | undefined;
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      onReady = resolve;
      onFailure = reject;
      onExit = (code) => reject(new Error(`the PGlite thread exited (${code})`));
      worker.once('message', onReady).once('error', onFailure).once('exit', onExit);
    });
    if (!ready.ready) throw rebuildError(ready.error);
  } catch (error) {
    await worker.terminate();
    release?.();
    throw new AppError('db.unreachable', `The embedded database in ${location} could not be opened.`, { exitCode: 1, cause: error });
  } finally {
    // Only our own listeners: the Worker keeps internal ones that removeAllListeners would take too.
    if (onReady) worker.off('message', onReady);
    if (onFailure) worker.off('error', onFailure);
    if (onExit) worker.off('exit', onExit);
  }
  const thread = connect(worker);
  const root = queryable(thread.call);
  return {
    kind: 'pglite',
    location,
    query: root.query,
    exec: root.exec,
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const id = await thread.call<number>({ op: 'begin' });
      let result: T;
      try {
        result = await work(queryable(thread.call, id));
      } catch (error) {
        await thread.call({ op: 'rollback', tx: id }).catch(() => undefined);
        throw error;
      }
      await thread.call({ op: 'commit', tx: id });
      return result;
    },
    async close() {
      try {
        await thread.call({ op: 'close' }).catch(() => undefined);
        thread.markClosed();
        await worker.terminate();
      } finally {
        release?.();
      }
    },
  };
}
