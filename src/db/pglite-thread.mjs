// The thread that runs embedded PGlite for pglite-driver.ts. PGlite executes SQL in WebAssembly,
// synchronously: on the main thread every query (tens of milliseconds for a scoped search) would
// stall HTTP, so a Slack ack or a health check would wait behind answers being worked on. Here the
// main thread only posts messages. Plain JavaScript so that tsx, vitest and the built dist/ all
// start the same file.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/** Type OIDs parsed like database.ts's sharedParsers (the pg driver's): int8 as numbers, dates as text. */
const parsers = { 20: (value) => Number(value), 1082: (value) => value };

const ROLLBACK = Symbol('rollback');

/** An error as plain data (structured clone keeps only an Error's message): code, detail, constraint… */
function describe(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === 'function' || typeof value === 'object') continue;
    fields[key] = value;
  }
  return { ...fields, name: error.name, message: error.message };
}

const pglite = new PGlite(workerData.dataDir, { extensions: { vector, pg_trgm }, parsers });
/** Open transactions by id: the handle to query through and how to end them. */
const transactions = new Map();

const run = {
  async query({ sql, params, tx }) {
    const handle = tx === undefined ? pglite : transactions.get(tx)?.handle;
    if (!handle) throw new Error('transaction is no longer open');
    const result = await handle.query(sql, params);
    return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
  },
  async exec({ sql, tx }) {
    const handle = tx === undefined ? pglite : transactions.get(tx)?.handle;
    if (!handle) throw new Error('transaction is no longer open');
    await handle.exec(sql);
  },
  // Resolves once the transaction holds PGlite; it stays open until commit or rollback.
  begin({ id }) {
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
  async commit({ tx }) {
    const open = transactions.get(tx);
    if (!open) throw new Error('transaction is no longer open');
    open.end('commit');
    try {
      await open.done;
    } finally {
      transactions.delete(tx);
    }
  },
  async rollback({ tx }) {
    const open = transactions.get(tx);
    if (!open) return;
    open.end('rollback');
    await open.done.catch((error) => {
      if (error !== ROLLBACK) throw error;
    });
    transactions.delete(tx);
  },
  async close() {
    await pglite.close();
  },
};

pglite.waitReady.then(
  () => parentPort.postMessage({ ready: true }),
  (error) => parentPort.postMessage({ ready: false, error: describe(error) }),
);

parentPort.on('message', (request) => {
  run[request.op](request).then(
    (result) => parentPort.postMessage({ id: request.id, ok: true, result }),
    (error) => parentPort.postMessage({ id: request.id, ok: false, error: describe(error) }),
  );
});
