import type { Database } from '../db/database.js';
import { importDirectory, type DirectoryCounts } from '../db/queries/directory.js';
import { loadDirectoryFile } from './load-directory-file.js';
import { ingestCatalog, type IngestOptions, type IngestSummary } from './ingest-catalog.js';

export interface CorpusPaths {
  /** directory.yaml */
  directory: string;
  /** One or more catalog.yaml files, ingested in order (later ones add documents). */
  catalogs: string[];
}

/**
 * A whole corpus into a database: the directory first (documents reference its entities and Member
 * States), then each catalog. For the evaluation harness, benchmarks and demos.
 */
export async function loadCorpus(
  db: Database,
  paths: CorpusPaths,
  options: IngestOptions = {},
): Promise<{ directory: DirectoryCounts; catalogs: IngestSummary[] }> {
  const directory = await importDirectory(db, loadDirectoryFile(paths.directory));
  const catalogs: IngestSummary[] = [];
  for (const catalog of paths.catalogs) catalogs.push(await ingestCatalog(db, catalog, options));
  return { directory, catalogs };
}
