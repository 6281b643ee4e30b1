import { createHash } from 'node:crypto';
import type { Embedder } from '../core/retrieval/embedder.js';
import type { Database, Queryable } from '../db/database.js';
import { applyConsentChange, findConsent, findLastCatalogConsent, sameAudience } from '../db/queries/consents.js';
import { listDirectoryIds, type DirectoryIds } from '../db/queries/directory.js';
import { findContentHash, replaceDocument, type ChunkRecord } from '../db/queries/documents.js';
import { AppError, isAppError } from '../errors.js';
import { chunkDocument, DEFAULT_CHUNKING, documentLead, type ChunkingOptions } from './chunk-document.js';
import { extractText } from './extract-text.js';
import { loadCatalogFile, type CatalogEntry } from './load-catalog-file.js';
import { detectQualityWarnings, indexableText, type QualityWarning } from './quality-warnings.js';

/**
 * Bump when extraction, chunking or indexing changes, so a re-ingest rebuilds documents even from
 * unchanged files. v3: title vectors carry the weight-A stems retrieval reads (see migration 0031).
 * v4: HTML pages without their site furniture; a PDF's items coded with a one-letter series
 * ("WDM-R-07") on lines of their own; plain-text outlines read as paragraphs and items, not headings.
 */
const PIPELINE_VERSION = 'ingest-v4';

export interface IngestOptions {
  chunking?: ChunkingOptions;
  /** Embeds chunks when given; pass it only when the database has the embedding column. */
  embedder?: Embedder;
  /**
   * Whether restricted documents may be sent to the embedding endpoint (only when it runs inside
   * the organisation, LLM_EGRESS=internal). When false they are indexed lexically only.
   */
  embedRestricted?: boolean;
  onProgress?: (event: { done: number; total: number; documentId: string }) => void;
  /** Documents must lie inside this folder (symlinks resolved); default: the catalog's folder. */
  root?: string;
  /** Larger files fail alone with a message naming the limit (default 25 MB, INGEST_MAX_FILE_MB). */
  maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 25 * 1024 * 1024;

export type IngestOutcome = 'added' | 'updated' | 'unchanged' | 'failed';

export interface IngestFailure {
  documentId: string;
  path: string;
  reason: string;
}

export interface IngestWarning {
  documentId: string;
  path: string;
  kind: QualityWarning['kind'];
  message: string;
}

export interface IngestSummary {
  catalog: string;
  added: string[];
  updated: string[];
  unchanged: string[];
  failed: IngestFailure[];
  warnings: IngestWarning[];
  /** Documents whose consent the catalog set or changed in this run. */
  consentChanged: string[];
  chunks: number;
}

function contentHash(entry: CatalogEntry, bytes: Buffer, chunking: ChunkingOptions): string {
  const metadata = {
    title: entry.title,
    kind: entry.kind,
    format: entry.format,
    memberState: entry.memberStateId,
    owner: entry.ownerEntityId,
    language: entry.language,
    date: entry.date,
    classification: entry.classification,
    canary: entry.canary,
    path: entry.relativePath,
  };
  return createHash('sha256')
    .update(PIPELINE_VERSION)
    .update(JSON.stringify(chunking))
    .update(JSON.stringify(metadata))
    .update(bytes)
    .digest('hex');
}

/**
 * The catalog's consent is applied when a document first arrives, and again only when the catalog's
 * own statement changes: a grant or revocation made later with `compact-bot consent` survives
 * re-ingesting an unchanged catalog.
 */
async function applyCatalogConsent(tx: Queryable, entry: CatalogEntry): Promise<boolean> {
  const current = await findConsent(tx, entry.id);
  const lastFromCatalog = await findLastCatalogConsent(tx, entry.id);
  const wanted = entry.consent;
  if (current && lastFromCatalog && lastFromCatalog.status === wanted.status && sameAudience(lastFromCatalog.audience, wanted.audience))
    return false;
  if (current && !lastFromCatalog && current.status === wanted.status && sameAudience(current.audience, wanted.audience)) return false;
  await applyConsentChange(tx, entry.id, {
    status: wanted.status,
    audience: wanted.audience,
    actor: 'catalog',
    reason: current ? 'catalog consent changed' : 'initial consent from catalog',
    grantedOn: wanted.grantedOn,
    revokedOn: wanted.revokedOn,
  });
  return true;
}

function checkReferences(directory: DirectoryIds, entries: CatalogEntry[]): Map<string, string> {
  const { entities, memberStates: states } = directory;
  const problems = new Map<string, string>();
  for (const entry of entries) {
    if (!entities.has(entry.ownerEntityId))
      problems.set(entry.id, `unknown owner entity '${entry.ownerEntityId}' (import the directory first)`);
    else if (entry.memberStateId && !states.has(entry.memberStateId))
      problems.set(entry.id, `unknown Member State '${entry.memberStateId}' (import the directory first)`);
  }
  return problems;
}

async function embedChunks(embedder: Embedder, chunks: ChunkRecord[], title: string): Promise<void> {
  const batchSize = 64;
  for (let start = 0; start < chunks.length; start += batchSize) {
    const batch = chunks.slice(start, start + batchSize);
    const vectors = await embedder.embed(batch.map((chunk) => `${title}\n${chunk.heading ?? ''}\n${chunk.text}`));
    batch.forEach((chunk, index) => {
      chunk.embedding = vectors[index];
    });
  }
}

/**
 * Loads every document of a catalog: extract, normalise, chunk, index, with consent from the
 * catalog. Each document is one transaction: unchanged (same content hash) is a no-op, changed
 * replaces the document and its chunks atomically, and a bad file fails alone — reported with its
 * path and reason, leaving nothing of itself behind — while the others load.
 * Throws only when the catalog itself is invalid (nothing is ingested then).
 */
export async function ingestCatalog(db: Database, catalogPath: string, options: IngestOptions = {}): Promise<IngestSummary> {
  const directory = await listDirectoryIds(db);
  const entries = loadCatalogFile(catalogPath, { root: options.root, directory });
  const chunking = options.chunking ?? DEFAULT_CHUNKING;
  const summary: IngestSummary = {
    catalog: catalogPath,
    added: [],
    updated: [],
    unchanged: [],
    failed: [],
    warnings: [],
    consentChanged: [],
    chunks: 0,
  };
  const referenceProblems = checkReferences(directory, entries);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let done = 0;
  for (const entry of entries) {
    try {
      const problem = referenceProblems.get(entry.id);
      if (problem) throw new Error(problem);
      const embedder = entry.classification === 'restricted' && options.embedRestricted === false ? undefined : options.embedder;
      const outcome = await ingestEntry(db, entry, { chunking, maxFileBytes }, embedder, summary);
      if (outcome === 'added') summary.added.push(entry.id);
      else if (outcome === 'updated') summary.updated.push(entry.id);
      else summary.unchanged.push(entry.id);
    } catch (error) {
      // The database going away is not this document's fault: stop, and say how far we got.
      if (isAppError(error) && error.code === 'db.connection_lost') {
        const loaded = summary.added.length + summary.updated.length + summary.unchanged.length;
        throw new AppError(
          'db.connection_lost',
          `the database connection was lost; ${loaded} document${loaded === 1 ? ' was' : 's were'} loaded, the rest were not — run ingest again`,
          { exitCode: 1, cause: error, detail: summary },
        );
      }
      const reason = isAppError(error)
        ? error.userMessage.replace(`${entry.filePath}: `, '')
        : error instanceof Error
          ? error.message
          : String(error);
      summary.failed.push({ documentId: entry.id, path: entry.filePath, reason });
    }
    done += 1;
    options.onProgress?.({ done, total: entries.length, documentId: entry.id });
  }
  return summary;
}

async function ingestEntry(
  db: Database,
  entry: CatalogEntry,
  { chunking, maxFileBytes }: { chunking: ChunkingOptions; maxFileBytes: number },
  embedder: Embedder | undefined,
  summary: IngestSummary,
): Promise<IngestOutcome> {
  const { text, bytes } = await extractText(entry.filePath, entry.format, { maxBytes: maxFileBytes });
  const hash = contentHash(entry, bytes, chunking);
  const previous = await findContentHash(db, entry.id);
  if (previous === hash) {
    const consentChanged = await db.transaction((tx) => applyCatalogConsent(tx, entry));
    if (consentChanged) summary.consentChanged.push(entry.id);
    return 'unchanged';
  }
  for (const warning of detectQualityWarnings(text)) {
    summary.warnings.push({ documentId: entry.id, path: entry.filePath, kind: warning.kind, message: warning.message });
  }
  const pieces = await chunkDocument(text, entry.language, chunking);
  const searchTexts = pieces.map((chunk) => indexableText(chunk.text));
  const lead = documentLead(searchTexts[0] ?? '');
  const chunks: ChunkRecord[] = pieces.map((chunk, index) => ({
    ...chunk,
    searchText: index === 0 ? searchTexts[index] : `${lead}${searchTexts[index] ?? ''}`,
  }));
  if (chunks.length === 0) throw new Error('no text to index after extraction');
  if (embedder) await embedChunks(embedder, chunks, entry.title);
  const consentChanged = await db.transaction(async (tx) => {
    await replaceDocument(
      tx,
      {
        id: entry.id,
        title: entry.title,
        kind: entry.kind,
        format: entry.format,
        memberStateId: entry.memberStateId,
        ownerEntityId: entry.ownerEntityId,
        language: entry.language,
        documentDate: entry.date,
        classification: entry.classification,
        canary: entry.canary,
        sourcePath: entry.relativePath,
        contentHash: hash,
      },
      chunks,
      embedder?.model,
    );
    return applyCatalogConsent(tx, entry);
  });
  if (consentChanged) summary.consentChanged.push(entry.id);
  summary.chunks += chunks.length;
  return previous === undefined ? 'added' : 'updated';
}
