import type { Database } from '../db/database.js';
import { importDirectory, type DirectoryCounts } from '../db/queries/directory.js';
import { loadDirectoryFile } from './load-directory-file.js';
import { ingestCatalog, type IngestOptions, type IngestSummary } from './ingest-catalog.js';

export interface CorpusPaths {
  /** directory.yaml, or several imported in order (a later one may add Member States to an earlier one's entities). */
  directory: string | string[];
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
  const files = Array.isArray(paths.directory) ? paths.directory : [paths.directory];
  let directory: DirectoryCounts | undefined;
  for (const file of files) directory = await importDirectory(db, loadDirectoryFile(file));
  if (!directory) throw new Error('loadCorpus: no directory file');
  const catalogs: IngestSummary[] = [];
  for (const catalog of paths.catalogs) catalogs.push(await ingestCatalog(db, catalog, options));
  return { directory, catalogs };
}
