import type { Config } from '../config.js';
import type { Database } from './database.js';
import { openPgliteDatabase } from './pglite-driver.js';
import { openPostgresDatabase } from './pg-driver.js';

export async function openDatabase(database: Config['database']): Promise<Database> {
  return database.kind === 'postgres' ? openPostgresDatabase(database.url) : openPgliteDatabase(database.dataDir);
}
