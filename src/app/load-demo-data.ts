import { fileURLToPath } from 'node:url';
import type { Database } from '../db/database.js';
import { countDirectory, importDirectory, listDirectoryIds, memberExists } from '../db/queries/directory.js';
import { upsertReminders } from '../db/queries/reminders.js';
import { loadDirectoryFile } from '../ingest/load-directory-file.js';
import { ingestCatalog } from '../ingest/ingest-catalog.js';
import type { Logger } from '../logger.js';
import { loadRemindersFile } from '../ingest/load-reminders-file.js';

export const DEMO_DIR = fileURLToPath(new URL('../../examples/demo/', import.meta.url));

/**
 * Loads the project's fictional demo data (directory, documents with their consent, reminders) into
 * an empty embedded database, and upgrades a database that already holds the demo: the directory
 * and reminders are upserted, documents re-ingested only when their content hash changed (a no-op on
 * an unchanged demo). A database with members but none of the demo's is someone's real data and is
 * never touched. Returns whether anything was loaded.
 */
export async function loadDemoData(db: Database, logger: Logger, now: Date = new Date()): Promise<boolean> {
  const directory = loadDirectoryFile(`${DEMO_DIR}directory.yaml`);
  const counts = await countDirectory(db);
  const firstDemoMember = directory.members[0]?.id;
  if (counts.members > 0 && !(firstDemoMember && (await memberExists(db, firstDemoMember)))) return false;
  await importDirectory(db, directory);
  const ingest = await ingestCatalog(db, `${DEMO_DIR}catalog.yaml`);
  const reminders = await upsertReminders(db, loadRemindersFile(`${DEMO_DIR}reminders.yaml`, await listDirectoryIds(db)), now);
  logger.info(
    {
      members: directory.members.length,
      added: ingest.added.length,
      updated: ingest.updated.length,
      unchanged: ingest.unchanged.length,
      failed: ingest.failed.length,
      reminders: reminders.inserted + reminders.updated,
    },
    counts.members > 0 ? 'upgraded the demo data' : 'loaded the demo data',
  );
  return true;
}
