import { fileURLToPath } from 'node:url';
import type { Database } from '../../src/db/database.js';
import { importDirectory } from '../../src/db/queries/directory.js';
import { loadDirectoryFile } from '../../src/ingest/load-directory-file.js';
import { ingestCatalog, type IngestSummary } from '../../src/ingest/ingest-catalog.js';

/** The ingestion fixture: every format, six languages, every consent status and audience kind. */
export const INGEST_FIXTURE_DIR = fileURLToPath(new URL('../fixtures/ingest/', import.meta.url));
export const FIXTURE_DIRECTORY = `${INGEST_FIXTURE_DIR}directory.yaml`;
export const FIXTURE_CATALOG = `${INGEST_FIXTURE_DIR}catalog.yaml`;
export const FIXTURE_BAD_CATALOG = `${INGEST_FIXTURE_DIR}catalog-with-bad-files.yaml`;

export async function loadIngestFixture(db: Database): Promise<IngestSummary> {
  await importDirectory(db, loadDirectoryFile(FIXTURE_DIRECTORY));
  return ingestCatalog(db, FIXTURE_CATALOG);
}
