import { fileURLToPath } from 'node:url';
import type { Database } from '../db/database.js';
import { countDirectory, importDirectory, listDirectoryIds } from '../db/queries/directory.js';
import { upsertReminders } from '../db/queries/reminders.js';
import { loadDirectoryFile } from '../ingest/load-directory-file.js';
import { ingestCatalog } from '../ingest/ingest-catalog.js';
import type { Logger } from '../logger.js';
import { loadRemindersFile } from '../ingest/load-reminders-file.js';

export const DEMO_DIR = fileURLToPath(new URL('../../examples/demo/', import.meta.url));

/**
 * On a fresh embedded database, loads the project's fictional demo data (directory, a few documents
 * with their consent, one reminder) so `npm start` has someone to chat as and something to answer
 * from. A database that already has members is never touched.
 */
export async function loadDemoDataIfEmpty(db: Database, logger: Logger, now: Date = new Date()): Promise<boolean> {
  const counts = await countDirectory(db);
  if (counts.members > 0) return false;
  const directory = loadDirectoryFile(`${DEMO_DIR}directory.yaml`);
  await importDirectory(db, directory);
  const ingest = await ingestCatalog(db, `${DEMO_DIR}catalog.yaml`);
  const reminders = await upsertReminders(db, loadRemindersFile(`${DEMO_DIR}reminders.yaml`, await listDirectoryIds(db)), now);
  logger.info(
    { members: directory.members.length, documents: ingest.added.length, failed: ingest.failed.length, reminders: reminders.inserted },
    'loaded the demo data',
  );
  return true;
}
