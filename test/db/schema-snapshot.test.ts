import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasVectorSupport, migrate } from '../../src/db/migrate.js';
import { describeSchema } from '../../src/db/queries/schema.js';
import { useTestDatabase } from '../helpers/test-database.js';

const SNAPSHOT = fileURLToPath(new URL('../../migrations/schema.sql', import.meta.url));

/** What migration 0002 adds only where pgvector exists (PGlite ships it; a PostgreSQL server may not). */
const PGVECTOR_ONLY = /^(?:CREATE EXTENSION vector;| {2}embedding vector,| {2}embedding_model text,)\n/gm;

const test = useTestDatabase({ empty: true, seed: (db) => migrate(db) });

describe('migrations/schema.sql', () => {
  it('is the schema of a freshly migrated database (after a schema change: npm run schema:dump)', async () => {
    const snapshot = readFileSync(SNAPSHOT, 'utf8');
    const actual = await describeSchema(test.db);
    // The snapshot is written on PGlite; a server without pgvector lacks exactly those lines.
    const expected = (await hasVectorSupport(test.db)) ? snapshot : snapshot.replace(PGVECTOR_ONLY, '');
    expect(actual).toBe(expected);
  });
});
