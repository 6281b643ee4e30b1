import type { Config } from '../config.js';
import type { Database } from './database.js';
import type { Logger } from '../logger.js';
import { openPgliteDatabase } from './pglite-driver.js';
import { openPostgresDatabase } from './pg-driver.js';

/** `logger` hears about dropped PostgreSQL connections (the pool reconnects; queries in flight fail with db.connection_lost). */
export async function openDatabase(database: Config['database'], options: { logger?: Logger } = {}): Promise<Database> {
  if (database.kind === 'pglite') return openPgliteDatabase(database.dataDir);
  const { logger } = options;
  return openPostgresDatabase(database.url, {
    onConnectionError: logger
      ? (error) => logger.warn({ err: error }, 'a database connection was lost; reconnecting on the next query')
      : undefined,
  });
}
