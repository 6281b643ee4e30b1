import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

/**
 * A test's own documents beside the ingestion fixture (which gives word weights a realistic spread:
 * in a two-document scope every word is common): `files` (paths relative to a temporary folder,
 * `catalog.yaml` among them) are written and that catalog ingested. Returns the folder's removal.
 */
export async function ingestBesideFixture(
  db: Database,
  files: Record<string, string>,
): Promise<{ failed: IngestSummary['failed']; remove(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-docs-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  await loadIngestFixture(db);
  const summary = await ingestCatalog(db, path.join(dir, 'catalog.yaml'));
  return { failed: summary.failed, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
