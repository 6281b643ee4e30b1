// The thread that runs embedded PGlite for pglite-driver.ts, one per process for every database it
// opens. PGlite executes SQL in WebAssembly, synchronously: on the main thread every query (tens of
// milliseconds for a scoped search) would stall HTTP, so a Slack ack or a health check would wait
// behind answers being worked on. Here the main thread only posts messages. Plain JavaScript so
// that tsx, vitest and the built dist/ all start the same file.
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/** Type OIDs parsed like database.ts's sharedParsers (the pg driver's): int8 as numbers, dates as text. */
const parsers = { 20: (value) => Number(value), 1082: (value) => value };

const ROLLBACK = Symbol('rollback');

/** An error as plain data (a posted Error keeps little more than its message): code, detail, query, params… */
function describe(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields = {};
  for (const [key, value] of Object.entries(error)) {
    try {
      fields[key] = globalThis.structuredClone(value);
    } catch {
      // not cloneable (a function, a handle): the other side never needed it
    }
  }
  return { ...fields, name: error.name, message: error.message };
}

/** The databases this thread holds open, by id: PGlite and its open transactions. */
const databases = new Map();
let nextDatabase = 0;

function database(id) {
  const found = databases.get(id);
  if (!found) throw new Error('PGlite is closed');
  return found;
}

function handleOf({ db, tx }) {
  const { pglite, transactions } = database(db);
  if (tx === undefined) return pglite;
  const open = transactions.get(tx);
  if (!open) throw new Error('transaction is no longer open');
  return open.handle;
}

const run = {
  // One thread per process for every database it opens: WebAssembly compiles once per thread.
  async open({ dataDir }) {
    const pglite = new PGlite(dataDir, { extensions: { vector, pg_trgm }, parsers });
    await pglite.waitReady;
    nextDatabase += 1;
    databases.set(nextDatabase, { pglite, transactions: new Map() });
    return nextDatabase;
  },
  async query(request) {
    const result = await handleOf(request).query(request.sql, request.params);
    return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
  },
  async exec(request) {
    await handleOf(request).exec(request.sql);
  },
  // Resolves once the transaction holds PGlite; it stays open until commit or rollback.
  begin({ id, db }) {
    const { pglite, transactions } = database(db);
    return new Promise((began, failed) => {
      let end;
      const ended = new Promise((resolve) => (end = resolve));
      const done = pglite.transaction(async (handle) => {
        transactions.set(id, { handle, end, done });
        began(id);
        if ((await ended) === 'rollback') throw ROLLBACK;
      });
      done.catch((error) => {
        transactions.delete(id);
        failed(error);
      });
    });
  },
  async commit({ db, tx }) {
    const { transactions } = database(db);
    const open = transactions.get(tx);
    if (!open) throw new Error('transaction is no longer open');
    open.end('commit');
    try {
      await open.done;
    } finally {
      transactions.delete(tx);
    }
  },
  async rollback({ db, tx }) {
    const { transactions } = databases.get(db) ?? { transactions: new Map() };
    const open = transactions.get(tx);
    if (!open) return;
    open.end('rollback');
    await open.done.catch((error) => {
      if (error !== ROLLBACK) throw error;
    });
    transactions.delete(tx);
  },
  async close({ db }) {
    const found = databases.get(db);
    if (!found) return;
    databases.delete(db);
    await found.pglite.close();
  },
};

parentPort.on('message', (request) => {
  Promise.resolve()
    .then(() => run[request.op](request))
    .then(
      (result) => parentPort.postMessage({ id: request.id, ok: true, result }),
      (error) => parentPort.postMessage({ id: request.id, ok: false, error: describe(error) }),
    );
});
