// Child process for pglite-folder-lock.test.ts: opens an embedded database folder, says so, then
// either blocks its own event loop for a while (long synchronous work, as parsing a huge PDF does)
// and closes, or waits to be killed.
import { openPgliteDatabase } from '../../src/db/pglite-driver.js';

const [dataDir, mode, busyMs] = process.argv.slice(2);
const db = await openPgliteDatabase(dataDir!);
await db.query('SELECT 1');
process.stdout.write('locked\n');
if (mode === 'busy') {
  // Deliberately synchronous: no timer of ours can run during this stretch. Atomics.wait blocks the
  // event loop as a spin would, without burning a core the rest of the suite needs.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(busyMs));
  // Say when the lock starts to be released: an opener that succeeds after this is right to.
  process.stdout.write(`releasing ${Date.now()}\n`);
  await db.close();
} else {
  setInterval(() => undefined, 60_000);
}
