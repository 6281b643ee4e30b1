/**
 * `npm run schema:dump`: migrates a fresh in-memory database and writes its schema to
 * migrations/schema.sql. Run it after adding a migration and commit the result with it; a test
 * (test/db/schema-snapshot.test.ts) fails while the file and the migrations disagree.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrate } from '../src/db/migrate.js';
import { openPgliteDatabase } from '../src/db/pglite-driver.js';
import { describeSchema } from '../src/db/queries/schema.js';

const target = fileURLToPath(new URL('../migrations/schema.sql', import.meta.url));
const db = await openPgliteDatabase('memory');
try {
  await migrate(db);
  writeFileSync(target, await describeSchema(db));
  process.stderr.write(`wrote ${target}\n`);
} finally {
  await db.close();
}
