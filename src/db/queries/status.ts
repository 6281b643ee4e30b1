import type { Queryable } from '../database.js';
import { hasVectorSupport, migrationLevel } from '../migrate.js';
import { countDirectory, type DirectoryCounts } from './directory.js';

export interface DatabaseStatus {
  migrationLevel: number;
  vectorSearch: boolean;
  counts: DirectoryCounts & { documents: number; chunks: number; reminders: number; auditEntries: number };
}

export async function collectDatabaseStatus(db: Queryable): Promise<DatabaseStatus> {
  const directory = await countDirectory(db);
  const other = await db.query<{ documents: number; chunks: number; reminders: number; audit_entries: number }>(`SELECT
    (SELECT count(*)::int FROM documents) AS documents,
    (SELECT count(*)::int FROM chunks) AS chunks,
    (SELECT count(*)::int FROM reminders) AS reminders,
    (SELECT count(*)::int FROM audit_log) AS audit_entries`);
  const row = other.rows[0];
  return {
    migrationLevel: await migrationLevel(db),
    vectorSearch: await hasVectorSupport(db),
    counts: {
      ...directory,
      documents: row?.documents ?? 0,
      chunks: row?.chunks ?? 0,
      reminders: row?.reminders ?? 0,
      auditEntries: row?.audit_entries ?? 0,
    },
  };
}
