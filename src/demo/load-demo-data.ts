import { fileURLToPath } from 'node:url';
import type { Database } from '../db/database.js';
import { countDirectory, importDirectory } from '../db/queries/directory.js';
import { loadDirectoryFile } from '../directory/load-directory-file.js';
import type { Logger } from '../logger.js';

export const DEMO_DIR = fileURLToPath(new URL('../../examples/demo/', import.meta.url));

/**
 * On a fresh embedded database, loads the project's fictional demo directory so `npm start` has
 * someone to chat as. A database that already has members is never touched.
 */
export async function loadDemoDataIfEmpty(db: Database, logger: Logger): Promise<boolean> {
  const counts = await countDirectory(db);
  if (counts.members > 0) return false;
  const directory = loadDirectoryFile(`${DEMO_DIR}directory.yaml`);
  await importDirectory(db, directory);
  logger.info({ members: directory.members.length }, 'loaded the demo directory');
  return true;
}
