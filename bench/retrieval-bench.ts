/**
 * Retrieval benchmark (issue 3, item 7): a synthetic corpus ingested through the project's own write
 * path on PGlite and PostgreSQL; scoped top-10 retrieval latency and recall@10 per backend; and the
 * same questions through LangChain's in-memory BM25Retriever, filtered to the asker's scope
 * afterwards. Run alone with `npx tsx bench/retrieval-bench.ts [--chunks=5000]`, or via `npm run bench`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Document } from '@langchain/core/documents';
import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import pg from 'pg';
import { formatContext } from '../src/core/types.js';
import type { Database, QueryResult, Queryable } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { openPgliteDatabase } from '../src/db/pglite-driver.js';
import { describePostgresUrl } from '../src/config.js';
import { openPostgresDatabase } from '../src/db/pg-driver.js';
import { listScopedDocumentIds } from '../src/db/queries/access-scope.js';
import { applyConsentChange } from '../src/db/queries/consents.js';
import { importDirectory } from '../src/db/queries/directory.js';
import { replaceDocument, type ChunkRecord } from '../src/db/queries/documents.js';
import { searchChunks } from '../src/db/queries/retrieval.js';
import { indexableText } from '../src/ingest/quality-warnings.js';
import { describeMachine, formatMachine } from './machine-info.js';
import { generateSyntheticCorpus, type BenchQuery, type SyntheticCorpus, type SyntheticDocument } from './synthetic-corpus.js';

export type BackendKind = 'pglite' | 'postgres';

export interface RetrievalBenchOptions {
  /** Chunks in the main corpus (default 100,000). */
  chunks: number;
  chunksPerDocument: number;
  queries: number;
  /** Questions put to BM25 at the main size (it rescans every chunk per question). */
  bm25Sample: number;
  /** A second, small corpus where BM25 answers every question; 0 to skip. */
  smallChunks: number;
  backends: BackendKind[];
  postgresUrl: string;
  seed: number;
  /** Leave the main size's databases in place (BENCH_KEEP_DATABASE=1): PostgreSQL's scratch database and PGlite's temp folder, to EXPLAIN against. */
  keepDatabase: boolean;
  /** PostgreSQL's scratch database (BENCH_DATABASE): each developer on a shared server names their own. */
  scratchDatabase: string;
  /**
   * Keep the main size's PostgreSQL database and load it only when it does not already hold this very
   * corpus (BENCH_REUSE_DATABASE=1): loading 1M chunks takes long, the queries take seconds. Pending
   * migrations are applied to a reused database, so a new index is measured on the same rows.
   */
  reuseDatabase: boolean;
  /** Where results go as JSON; null to skip writing. */
  resultsPath: string | null;
  log: (message: string) => void;
}

export const TARGET_P95_MS = 20;
/** Issue 14: p95 ≤ 20 ms at 100k chunks, ≤ 50 ms at 1M chunks / 20,000 documents. */
export const TARGET_P95_MS_AT_1M = 50;

/** The p95 target for the main corpus size, or null below 100k chunks (no target there). */
export function targetP95For(chunks: number): number | null {
  if (chunks >= 1_000_000) return TARGET_P95_MS_AT_1M;
  return chunks >= 100_000 ? TARGET_P95_MS : null;
}
const TOP_K = 10;
const WARMUP_QUERIES = 5;
const DEFAULT_SCRATCH_DATABASE = 'compact_bot_bench';
const DEFAULT_RESULTS_PATH = fileURLToPath(new URL('./results/latest.json', import.meta.url));

export interface LatencySummary {
  p50: number;
  p95: number;
  mean: number;
  max: number;
}

export interface BackendRun {
  backend: BackendKind;
  serverVersion: string;
  chunks: number;
  documents: number;
  ingestSeconds: number;
  ingestChunksPerSecond: number;
  /** VACUUM ANALYZE after loading, so the planner sees real statistics (as autovacuum would give). */
  analyzeSeconds: number;
  queries: number;
  latencyMs: LatencySummary;
  /** The same split by context: a channel's scope (every member of the group may see) costs more than a DM's. */
  latencyByContextMs: { dm: LatencySummary; channel: LatencySummary };
  /** Mean recall@10 of the relevant documents in the asker's scope, over questions that have any. */
  recallAt10: number;
  recallQuestions: number;
  /** Over questions with no capitalised term, to compare with BM25 where it can match at all. */
  recallAt10Lowercase: number | null;
  /** Result documents outside the asker's scope (must be 0). */
  scopeViolations: number;
  /** The slowest question, its statements and the plan of the slowest statement. */
  slowest: SlowestQuery | null;
  perQuery: PerQuery[];
}

export interface PerQuery {
  queryId: number;
  ms: number;
  documentIds: string[];
  recall: number | null;
  hasCapitalisedTerm: boolean;
  context: 'dm' | 'channel';
}

export interface SlowestQuery {
  queryId: number;
  text: string;
  context: string;
  ms: number;
  statements: { ms: number; sql: string }[];
  plan: string;
}

export interface Bm25Run {
  chunks: number;
  queries: number;
  sampled: boolean;
  buildSeconds: number;
  latencyMs: LatencySummary;
  recallAt10: number;
  recallQuestions: number;
  /** Recall over questions with no capitalised term (BM25 as shipped never matches those in the text). */
  recallAt10Lowercase: number | null;
  peakRssMiB: number;
  /** Ours on exactly the same questions, for a like-for-like row. */
  ours: { backend: BackendKind; latencyMs: LatencySummary; recallAt10: number; recallAt10Lowercase: number | null } | null;
}

export interface SizeRun {
  chunks: number;
  documents: number;
  questions: number;
  questionsWithRelevantInScope: number;
  backends: BackendRun[];
  bm25: Bm25Run | null;
}

export interface RetrievalBenchResult {
  seed: number;
  options: Omit<RetrievalBenchOptions, 'log' | 'postgresUrl'> & { postgres: string };
  postgresSkipped: string | null;
  sizes: SizeRun[];
  /** The main size's target (targetP95For), null below 100k chunks. */
  targetP95Ms: number | null;
  targetMet: boolean | null;
}

// ---------------------------------------------------------------------------------------------

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function summarise(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    mean: round(sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

function mean(values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** recall@10 of the relevant documents the asker may see; null when none is in scope (nothing to find). */
function recallOf(query: BenchQuery, scope: Set<string>, documentIds: string[]): number | null {
  const relevant = query.relevantDocumentIds.filter((id) => scope.has(id));
  if (relevant.length === 0) return null;
  const found = new Set(documentIds);
  return relevant.filter((id) => found.has(id)).length / relevant.length;
}

function scopeKey(query: BenchQuery): string {
  return `${query.memberId}|${formatContext(query.context)}`;
}

// ---------------------------------------------------------------------------------------------
// Backends

interface OpenBackend {
  db: Database;
  serverVersion: string;
  cleanup: () => Promise<void>;
}

async function openPglite(keep: boolean): Promise<OpenBackend & { location: string }> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-bench-'));
  const db = await openPgliteDatabase(folder);
  const version = await db.query<{ server_version: string }>('SHOW server_version');
  return {
    db,
    location: folder,
    serverVersion: `PGlite (PostgreSQL ${version.rows[0]?.server_version ?? '?'})`,
    cleanup: async () => {
      await db.close();
      if (!keep) rmSync(folder, { recursive: true, force: true });
      rmSync(`${folder}.lock`, { recursive: true, force: true });
    },
  };
}

function scratchUrl(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdminClient<T>(baseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** What a reusable scratch database holds, written as its comment once loaded: seed and sizes fix the corpus. */
function corpusFingerprint(corpus: SyntheticCorpus): string {
  const chunksPerDocument = corpus.documents[0]?.chunks.length ?? 0;
  return `compact-bot bench corpus seed=${corpus.seed} documents=${corpus.documents.length} chunks-per-document=${chunksPerDocument} queries=${corpus.queries.length}`;
}

/**
 * A scratch database, created fresh and dropped after, so the run never touches anyone's data. With
 * `reuse`, an existing one whose comment names this corpus is kept as it is (`loaded`: nothing to ingest).
 */
async function openPostgres(
  baseUrl: string,
  database: string,
  options: { keep: boolean; reuse: boolean; fingerprint: string },
): Promise<OpenBackend & { loaded: boolean }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`--database must be a plain lower-case name (got '${database}')`);
  const loaded = await withAdminClient(baseUrl, async (client) => {
    if (options.reuse) {
      const existing = await client.query<{ comment: string | null }>(
        'SELECT shobj_description(oid, $2) AS comment FROM pg_database WHERE datname = $1',
        [database, 'pg_database'],
      );
      if (existing.rows[0]?.comment === options.fingerprint) return true;
    }
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${database}`);
    return false;
  });
  const db = await openPostgresDatabase(scratchUrl(baseUrl, database), { max: 2 });
  const version = await db.query<{ server_version: string }>('SHOW server_version');
  return {
    db,
    loaded,
    serverVersion: `PostgreSQL ${version.rows[0]?.server_version.split(' ')[0] ?? '?'}`,
    cleanup: async () => {
      await db.close();
      if (!options.keep && !options.reuse)
        await withAdminClient(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    },
  };
}

/** Why PostgreSQL cannot be used, or null when it can. */
async function probePostgres(baseUrl: string): Promise<string | null> {
  try {
    await withAdminClient(baseUrl, (client) => client.query('SELECT 1'));
    return null;
  } catch (error) {
    return `PostgreSQL at ${describePostgresUrl(baseUrl)} is unreachable (${error instanceof Error ? error.message : String(error)})`;
  }
}

// ---------------------------------------------------------------------------------------------
// Ingestion: the project's own write path, one transaction per document as `compact-bot ingest` does.
// Exported so a scratch script can load the same corpus into a database of its own.

function toChunkRecords(document: SyntheticDocument): ChunkRecord[] {
  return document.chunks.map((chunk) => ({
    ordinal: chunk.ordinal,
    heading: chunk.heading,
    text: chunk.text,
    language: document.language,
    searchText: indexableText(chunk.text),
  }));
}

export async function ingestCorpus(db: Database, corpus: SyntheticCorpus, label: string, log: (message: string) => void): Promise<number> {
  await importDirectory(db, corpus.directory);
  const started = performance.now();
  let chunksDone = 0;
  let lastReport = started;
  for (const [index, document] of corpus.documents.entries()) {
    const chunks = toChunkRecords(document);
    const hash = createHash('sha256')
      .update(chunks.map((chunk) => chunk.text).join('\n'))
      .digest('hex');
    await db.transaction(async (tx) => {
      await replaceDocument(
        tx,
        {
          id: document.id,
          title: document.title,
          kind: document.kind,
          format: 'md',
          memberStateId: document.memberStateId,
          ownerEntityId: document.ownerEntityId,
          language: document.language,
          documentDate: document.documentDate,
          classification: document.classification,
          canary: null,
          sourcePath: null,
          contentHash: hash,
        },
        chunks,
      );
      if (document.consent.previouslyGranted) {
        await applyConsentChange(tx, document.id, {
          status: 'granted',
          audience: document.consent.audience,
          actor: 'bench',
          reason: 'initial consent',
        });
      }
      await applyConsentChange(tx, document.id, {
        status: document.consent.status,
        audience: document.consent.audience,
        actor: 'bench',
        reason: 'bench consent',
      });
    });
    chunksDone += chunks.length;
    const now = performance.now();
    if (now - lastReport > 5_000 || index === corpus.documents.length - 1) {
      lastReport = now;
      log(
        `  ${label}: ingested ${index + 1}/${corpus.documents.length} documents (${Math.round(chunksDone / ((now - started) / 1000))} chunks/s)`,
      );
    }
  }
  return (performance.now() - started) / 1000;
}

// ---------------------------------------------------------------------------------------------
// Retrieval

/** Wraps a Queryable to time every statement a call issues: how the slowest question is explained. */
function recordingQueryable(inner: Queryable, statements: { ms: number; sql: string; params: readonly unknown[] }[]): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const started = performance.now();
      const result = await inner.query<Row>(sql, params);
      statements.push({ ms: performance.now() - started, sql, params });
      return result;
    },
    exec: (sql: string) => inner.exec(sql),
  };
}

async function search(db: Queryable, query: BenchQuery): Promise<string[]> {
  const chunks = await searchChunks(db, {
    memberId: query.memberId,
    context: query.context,
    query: query.text,
    limit: TOP_K,
    language: query.language,
  });
  return [...new Set(chunks.map((chunk) => chunk.documentId))];
}

async function explainSlowest(db: Database, query: BenchQuery, ms: number): Promise<SlowestQuery> {
  const statements: { ms: number; sql: string; params: readonly unknown[] }[] = [];
  await search(recordingQueryable(db, statements), query);
  const heaviest = [...statements].sort((a, b) => b.ms - a.ms)[0];
  let plan = '';
  if (heaviest) {
    const result = await db.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${heaviest.sql}`, heaviest.params);
    plan = result.rows.map((row) => Object.values(row)[0] ?? '').join('\n');
  }
  return {
    queryId: query.id,
    text: query.text,
    context: `${query.memberId} ${formatContext(query.context)}`,
    ms: Math.round(ms * 100) / 100,
    statements: statements.map((statement) => ({
      ms: Math.round(statement.ms * 100) / 100,
      sql: statement.sql.replace(/\s+/g, ' ').slice(0, 200),
    })),
    plan,
  };
}

async function loadScopes(db: Database, queries: BenchQuery[]): Promise<Map<string, Set<string>>> {
  const scopes = new Map<string, Set<string>>();
  for (const query of queries) {
    const key = scopeKey(query);
    if (!scopes.has(key)) scopes.set(key, new Set(await listScopedDocumentIds(db, { memberId: query.memberId, context: query.context })));
  }
  return scopes;
}

async function runBackend(
  kind: BackendKind,
  options: RetrievalBenchOptions,
  corpus: SyntheticCorpus,
  scopes: Map<string, Set<string>> | null,
  keep: boolean,
  reusable: boolean,
  database: string,
): Promise<{ run: BackendRun; scopes: Map<string, Set<string>> }> {
  const label = `${kind} ${corpus.chunkCount} chunks`;
  const fingerprint = corpusFingerprint(corpus);
  const reuse = kind === 'postgres' && reusable;
  const backend =
    kind === 'pglite' ? await openPglite(keep) : await openPostgres(options.postgresUrl, database, { keep, reuse, fingerprint });
  const loaded = 'loaded' in backend && backend.loaded;
  options.log(`${label}: ${loaded ? 'reusing the database that holds this corpus' : 'a fresh database'}`);
  if (keep || reuse)
    options.log(
      `${label}: the database stays after the run: ${'location' in backend ? String(backend.location) : describePostgresUrl(scratchUrl(options.postgresUrl, database))}`,
    );
  try {
    const { db } = backend;
    await migrate(db);
    const ingestSeconds = loaded ? Number.NaN : await ingestCorpus(db, corpus, label, options.log);
    const analyzeStarted = performance.now();
    await db.exec('VACUUM ANALYZE');
    const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;
    // Only a completely loaded database is marked reusable: a run stopped mid-ingest loads again.
    if (reuse && !loaded) await db.exec(`COMMENT ON DATABASE ${database} IS '${fingerprint}'`);

    const ownScopes = await loadScopes(db, corpus.queries);
    if (scopes) {
      for (const [key, scope] of scopes) {
        const other = ownScopes.get(key);
        if (!other || other.size !== scope.size || [...scope].some((id) => !other.has(id)))
          throw new Error(`scope of ${key} differs between backends`);
      }
    }

    options.log(`${label}: ${WARMUP_QUERIES} warm-up questions, then ${corpus.queries.length} timed`);
    for (const query of corpus.queries.slice(0, WARMUP_QUERIES)) await search(db, query);
    const perQuery: PerQuery[] = [];
    let scopeViolations = 0;
    for (const query of corpus.queries) {
      const started = performance.now();
      const documentIds = await search(db, query);
      const ms = performance.now() - started;
      const scope = ownScopes.get(scopeKey(query)) ?? new Set<string>();
      scopeViolations += documentIds.filter((id) => !scope.has(id)).length;
      perQuery.push({
        queryId: query.id,
        ms: Math.round(ms * 1000) / 1000,
        documentIds,
        recall: recallOf(query, scope, documentIds),
        hasCapitalisedTerm: query.hasCapitalisedTerm,
        context: query.context.kind,
      });
    }
    const latencyMs = summarise(perQuery.map((entry) => entry.ms));
    const recalls = perQuery.map((entry) => entry.recall).filter((value): value is number => value !== null);
    const lowercaseRecalls = perQuery
      .filter((entry) => !entry.hasCapitalisedTerm)
      .map((entry) => entry.recall)
      .filter((value): value is number => value !== null);

    const slowestEntry = [...perQuery].sort((a, b) => b.ms - a.ms)[0];
    const slowestQuery = slowestEntry ? corpus.queries[slowestEntry.queryId] : undefined;
    const slowest = slowestEntry && slowestQuery ? await explainSlowest(db, slowestQuery, slowestEntry.ms) : null;

    const run: BackendRun = {
      backend: kind,
      serverVersion: backend.serverVersion,
      chunks: corpus.chunkCount,
      documents: corpus.documents.length,
      ingestSeconds: Math.round(ingestSeconds * 10) / 10,
      ingestChunksPerSecond: loaded ? Number.NaN : Math.round(corpus.chunkCount / ingestSeconds),
      analyzeSeconds: Math.round(analyzeSeconds * 10) / 10,
      queries: perQuery.length,
      latencyMs,
      latencyByContextMs: {
        dm: summarise(perQuery.filter((entry) => entry.context === 'dm').map((entry) => entry.ms)),
        channel: summarise(perQuery.filter((entry) => entry.context === 'channel').map((entry) => entry.ms)),
      },
      recallAt10: Math.round(mean(recalls) * 1000) / 1000,
      recallQuestions: recalls.length,
      recallAt10Lowercase: lowercaseRecalls.length > 0 ? Math.round(mean(lowercaseRecalls) * 1000) / 1000 : null,
      scopeViolations,
      slowest,
      perQuery,
    };
    options.log(
      `${label}: p50 ${latencyMs.p50} ms, p95 ${latencyMs.p95} ms, recall@10 ${run.recallAt10}, ${run.ingestChunksPerSecond} chunks/s ingest`,
    );
    return { run, scopes: ownScopes };
  } finally {
    await backend.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------
// Baseline: LangChain's BM25Retriever as shipped, over the same chunk texts.

function sampleQueries(queries: BenchQuery[], count: number): BenchQuery[] {
  if (count >= queries.length) return queries;
  return Array.from({ length: count }, (_, index) => queries[Math.floor((index * queries.length) / count)]).filter(
    (query): query is BenchQuery => query !== undefined,
  );
}

async function runBm25(
  options: RetrievalBenchOptions,
  corpus: SyntheticCorpus,
  scopes: Map<string, Set<string>>,
  sampleSize: number,
  ours: BackendRun | undefined,
): Promise<Bm25Run> {
  const queries = sampleQueries(corpus.queries, sampleSize);
  const buildStarted = performance.now();
  const documents = corpus.documents.flatMap((document) =>
    document.chunks.map((chunk) => new Document({ pageContent: chunk.text, metadata: { documentId: document.id } })),
  );
  // k = every chunk: the scope filter comes after ranking, so the top 10 in scope may lie deep in the list.
  const retriever = BM25Retriever.fromDocuments(documents, { k: documents.length, includeScore: true });
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  options.log(`bm25 ${corpus.chunkCount} chunks: ${queries.length} questions (each rescans every chunk)`);
  const latencies: number[] = [];
  const recalls: { recall: number; lowercase: boolean }[] = [];
  let peakRss = process.memoryUsage().rss;
  for (const [index, query] of queries.entries()) {
    const scope = scopes.get(scopeKey(query)) ?? new Set<string>();
    const started = performance.now();
    const ranked = await retriever.invoke(query.text);
    const documentIds: string[] = [];
    for (const document of ranked) {
      if (documentIds.length >= TOP_K) break;
      const documentId = String(document.metadata.documentId);
      if (Number(document.metadata.bm25Score) > 0 && scope.has(documentId)) documentIds.push(documentId);
    }
    latencies.push(performance.now() - started);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const recall = recallOf(query, scope, [...new Set(documentIds)]);
    if (recall !== null) recalls.push({ recall, lowercase: !query.hasCapitalisedTerm });
    if (queries.length > 20 ? index % 50 === 49 : true)
      options.log(`  bm25: ${index + 1}/${queries.length} (${Math.round(latencies[latencies.length - 1] ?? 0)} ms)`);
  }
  const lowercase = recalls.filter((entry) => entry.lowercase).map((entry) => entry.recall);

  let oursOnSample: Bm25Run['ours'] = null;
  if (ours) {
    const ids = new Set(queries.map((query) => query.id));
    const entries = ours.perQuery.filter((entry) => ids.has(entry.queryId));
    const withRecall = entries.filter((entry) => entry.recall !== null);
    const lower = withRecall.filter((entry) => !entry.hasCapitalisedTerm);
    oursOnSample = {
      backend: ours.backend,
      latencyMs: summarise(entries.map((entry) => entry.ms)),
      recallAt10: Math.round(mean(withRecall.map((entry) => entry.recall ?? 0)) * 1000) / 1000,
      recallAt10Lowercase: lower.length > 0 ? Math.round(mean(lower.map((entry) => entry.recall ?? 0)) * 1000) / 1000 : null,
    };
  }
  return {
    chunks: corpus.chunkCount,
    queries: queries.length,
    sampled: queries.length < corpus.queries.length,
    buildSeconds: Math.round(buildSeconds * 100) / 100,
    latencyMs: summarise(latencies),
    recallAt10: Math.round(mean(recalls.map((entry) => entry.recall)) * 1000) / 1000,
    recallQuestions: recalls.length,
    recallAt10Lowercase: lowercase.length > 0 ? Math.round(mean(lowercase) * 1000) / 1000 : null,
    peakRssMiB: Math.round(peakRss / 1024 ** 2),
    ours: oursOnSample,
  };
}

// ---------------------------------------------------------------------------------------------

async function runSize(
  options: RetrievalBenchOptions,
  chunks: number,
  bm25Sample: number,
  backends: BackendKind[],
  keep: boolean,
  reusable: boolean,
  database: string,
): Promise<SizeRun> {
  const documents = Math.max(1, Math.round(chunks / options.chunksPerDocument));
  options.log(`corpus: generating ${documents} documents × ${options.chunksPerDocument} chunks (seed ${options.seed})`);
  const corpus = generateSyntheticCorpus({
    seed: options.seed,
    documents,
    chunksPerDocument: options.chunksPerDocument,
    queries: options.queries,
  });
  const runs: BackendRun[] = [];
  let scopes: Map<string, Set<string>> | null = null;
  for (const kind of backends) {
    const result = await runBackend(kind, options, corpus, scopes, keep, reusable, database);
    runs.push(result.run);
    scopes = result.scopes;
  }
  const preferred = runs.find((run) => run.backend === 'postgres') ?? runs[0];
  const bm25 = scopes && bm25Sample > 0 ? await runBm25(options, corpus, scopes, bm25Sample, preferred) : null;
  const withRelevant = scopes
    ? corpus.queries.filter((query) => recallOf(query, scopes.get(scopeKey(query)) ?? new Set(), []) !== null).length
    : 0;
  return {
    chunks: corpus.chunkCount,
    documents: corpus.documents.length,
    questions: corpus.queries.length,
    questionsWithRelevantInScope: withRelevant,
    backends: runs,
    bm25,
  };
}

export async function runRetrievalBench(options: RetrievalBenchOptions): Promise<RetrievalBenchResult> {
  let backends = options.backends;
  let postgresSkipped: string | null = null;
  if (backends.includes('postgres')) {
    postgresSkipped = await probePostgres(options.postgresUrl);
    if (postgresSkipped) {
      options.log(`${postgresSkipped}: continuing with PGlite only`);
      backends = backends.filter((kind) => kind !== 'postgres');
    }
  }
  const sizes: SizeRun[] = [
    await runSize(
      options,
      options.chunks,
      options.bm25Sample,
      backends,
      options.keepDatabase,
      options.reuseDatabase,
      options.scratchDatabase,
    ),
  ];
  // The small corpus has a database of its own, so it never drops a main-size database kept for reuse.
  if (options.smallChunks > 0 && options.smallChunks < options.chunks)
    sizes.push(await runSize(options, options.smallChunks, options.queries, backends, false, false, `${options.scratchDatabase}_small`));

  const main = sizes[0]?.backends.find((run) => run.backend === 'postgres');
  const { log: _log, postgresUrl, ...rest } = options;
  const result: RetrievalBenchResult = {
    seed: options.seed,
    options: { ...rest, postgres: describePostgresUrl(postgresUrl) },
    postgresSkipped,
    sizes,
    targetP95Ms: targetP95For(options.chunks),
    targetMet: main && targetP95For(options.chunks) !== null ? main.latencyMs.p95 <= (targetP95For(options.chunks) ?? 0) : null,
  };
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value >= 1000 ? Math.round(value).toLocaleString('en-US') : value.toFixed(digits);
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row.map((cell, column) => (column === 1 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '),
    )
    .join('\n');
}

const BACKEND_LABEL: Record<BackendKind, string> = { pglite: 'ours, PGlite', postgres: 'ours, PostgreSQL' };

export function formatRetrievalBench(result: RetrievalBenchResult): string {
  const lines: string[] = [];
  lines.push(
    'Retrieval: scoped top-10 (ours: Postgres full-text search, scope in SQL) vs LangChain BM25Retriever + scope filter afterwards',
  );
  if (result.postgresSkipped) lines.push(`  ${result.postgresSkipped}: PGlite only.`);
  const rows: string[][] = [['chunks', 'system', 'ingest chunks/s', 'p50 ms', 'p95 ms', 'recall@10', 'recall@10 lc', 'questions']];
  for (const size of result.sizes) {
    for (const run of size.backends) {
      rows.push([
        size.chunks.toLocaleString('en-US'),
        `${BACKEND_LABEL[run.backend]} (${run.serverVersion.replace(/^PGlite \(PostgreSQL (\S+)\)$/, '$1').replace(/^PostgreSQL /, '')})`,
        Number.isNaN(run.ingestChunksPerSecond) ? 'reused' : run.ingestChunksPerSecond.toLocaleString('en-US'),
        formatNumber(run.latencyMs.p50, 2),
        formatNumber(run.latencyMs.p95, 2),
        formatNumber(run.recallAt10, 3),
        formatNumber(run.recallAt10Lowercase, 3),
        String(run.queries),
      ]);
    }
    const bm25 = size.bm25;
    if (bm25) {
      rows.push([
        size.chunks.toLocaleString('en-US'),
        `BM25Retriever${bm25.sampled ? ' (sample)' : ''}`,
        '—',
        formatNumber(bm25.latencyMs.p50, 1),
        formatNumber(bm25.latencyMs.p95, 1),
        formatNumber(bm25.recallAt10, 3),
        formatNumber(bm25.recallAt10Lowercase, 3),
        String(bm25.queries),
      ]);
      // On a sample, ours on the very same questions; on every question the rows above already are that.
      if (bm25.ours && bm25.sampled) {
        rows.push([
          size.chunks.toLocaleString('en-US'),
          `${BACKEND_LABEL[bm25.ours.backend]}, same questions`,
          '—',
          formatNumber(bm25.ours.latencyMs.p50, 2),
          formatNumber(bm25.ours.latencyMs.p95, 2),
          formatNumber(bm25.ours.recallAt10, 3),
          formatNumber(bm25.ours.recallAt10Lowercase, 3),
          String(bm25.queries),
        ]);
      }
    }
  }
  lines.push(table(rows));
  lines.push('');
  for (const size of result.sizes) {
    const violations = size.backends.reduce((sum, run) => sum + run.scopeViolations, 0);
    const bm25 = size.bm25;
    lines.push(
      `${size.chunks.toLocaleString('en-US')} chunks / ${size.documents} documents: ${size.questions} questions, ${size.questionsWithRelevantInScope} with relevant documents in the asker's scope (recall is over those); ` +
        `scope violations in our results: ${violations}` +
        (bm25 ? `; BM25 build ${bm25.buildSeconds} s, peak RSS ${bm25.peakRssMiB} MiB` : ''),
    );
    for (const run of size.backends) {
      const { dm, channel } = run.latencyByContextMs;
      const ingest = Number.isNaN(run.ingestSeconds) ? 'database reused' : `ingest ${run.ingestSeconds} s`;
      lines.push(
        `  ${BACKEND_LABEL[run.backend]}: DM p50/p95 ${dm.p50}/${dm.p95} ms, channel p50/p95 ${channel.p50}/${channel.p95} ms; ${ingest} + VACUUM ANALYZE ${run.analyzeSeconds} s`,
      );
    }
  }
  lines.push(
    "recall@10 lc = questions without a capitalised term: BM25Retriever lowercases the question but not the chunk text, so 'Egmont' never matches.",
  );
  lines.push(
    "BM25Retriever: as shipped, k = every chunk, then the asker's scope (listScopedDocumentIds, computed beforehand and not timed) and the top 10 with a score > 0.",
  );
  lines.push(
    'Ingest: replaceDocument + consent per document in one transaction each (as `compact-bot ingest`); latency includes language-configured term stemming, scope, ranking and diversification.',
  );
  const main = result.sizes[0]?.backends.find((run) => run.backend === 'postgres');
  if (result.targetMet !== null && main) {
    lines.push(
      `Target (PostgreSQL p95 ≤ ${result.targetP95Ms} ms at ${main.chunks >= 1_000_000 ? '1M' : '100k'} chunks): ${result.targetMet ? 'met' : 'MISSED'} — p95 ${main.latencyMs.p95} ms.`,
    );
  }
  // The plan of the target's backend is printed when it misses; every backend's is in the JSON.
  for (const size of result.sizes.slice(0, 1)) {
    for (const run of size.backends) {
      if (!run.slowest || run.backend !== 'postgres' || run.latencyMs.p95 <= (result.targetP95Ms ?? TARGET_P95_MS)) continue;
      lines.push('');
      lines.push(`Slowest question on ${run.serverVersion} (${run.slowest.ms} ms): "${run.slowest.text}" as ${run.slowest.context}`);
      for (const statement of run.slowest.statements) lines.push(`  ${statement.ms} ms  ${statement.sql.slice(0, 100)}…`);
      lines.push('  EXPLAIN (ANALYZE, BUFFERS) of its heaviest statement:');
      lines.push(...run.slowest.plan.split('\n').map((line) => `    ${line}`));
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Options from flags (--chunks=5000) or environment (BENCH_CHUNKS=5000); flags win.

function numberOption(argv: string[], env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const flag = argv.find((arg) => arg.startsWith(`--${name}=`));
  const raw = flag ? flag.slice(name.length + 3) : env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number (got '${raw}')`);
  return Math.floor(value);
}

export function retrievalBenchOptionsFrom(argv: string[], env: NodeJS.ProcessEnv, log: (message: string) => void): RetrievalBenchOptions {
  const backendsFlag =
    argv.find((arg) => arg.startsWith('--backends='))?.slice('--backends='.length) ?? env.BENCH_BACKENDS ?? 'pglite,postgres';
  const backends = backendsFlag
    .split(',')
    .map((value) => value.trim())
    .filter((value): value is BackendKind => value === 'pglite' || value === 'postgres');
  if (backends.length === 0) throw new Error(`--backends must list pglite and/or postgres (got '${backendsFlag}')`);
  return {
    chunks: numberOption(argv, env, 'chunks', 100_000),
    chunksPerDocument: Math.max(1, numberOption(argv, env, 'chunks-per-document', 50)),
    queries: Math.max(1, numberOption(argv, env, 'queries', 200)),
    bm25Sample: numberOption(argv, env, 'bm25-sample', 10),
    smallChunks: numberOption(argv, env, 'small-chunks', 2_000),
    backends,
    postgresUrl: env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    seed: numberOption(argv, env, 'seed', 20_261_127),
    keepDatabase: argv.includes('--keep-database') || env.BENCH_KEEP_DATABASE === '1',
    scratchDatabase:
      argv.find((arg) => arg.startsWith('--database='))?.slice('--database='.length) ?? env.BENCH_DATABASE ?? DEFAULT_SCRATCH_DATABASE,
    reuseDatabase: argv.includes('--reuse-database') || env.BENCH_REUSE_DATABASE === '1',
    resultsPath: DEFAULT_RESULTS_PATH,
    log,
  };
}

export function writeResults(resultsPath: string, results: unknown): void {
  mkdirSync(path.dirname(resultsPath), { recursive: true });
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
}

async function main(): Promise<void> {
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const options = retrievalBenchOptionsFrom(process.argv.slice(2), process.env, log);
  const machine = describeMachine();
  console.log(formatMachine(machine));
  console.log('');
  const retrieval = await runRetrievalBench(options);
  console.log(formatRetrievalBench(retrieval));
  if (options.resultsPath) {
    writeResults(options.resultsPath, { ranAt: new Date().toISOString(), machine, retrieval });
    log(`results written to ${path.relative(process.cwd(), options.resultsPath)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}
