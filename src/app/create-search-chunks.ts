import type { AnswerDependencies, Clock } from '../core/answering/answer-question.js';
import { systemClock } from '../core/answering/answer-question.js';
import { listMemberStateNames } from '../db/queries/member-state-names.js';
import type { AnswerPolicy as RelevancePolicy } from '../core/answering/answer-policy.js';
import type { Embedder } from '../core/retrieval/embedder.js';
import type { SearchChunks } from '../core/retrieval/retrieved-chunk.js';
import type { Queryable } from '../db/database.js';
import { hasVectorSupport } from '../db/migrate.js';
import { recordAudit } from '../db/queries/audit.js';
import { listScopedCatalog } from '../db/queries/scoped-catalog.js';
import { searchChunks, type SearchOptions } from '../db/queries/retrieval.js';
import { detectQuestionLanguage } from '../ingest/detect-language.js';
import { fillMissingMemberStateNames, memberStatesOutsideDirectory } from '../ingest/member-state-name-forms.js';
import type { StateNamedRecord } from '../core/retrieval/member-state-names.js';
import { languageStopWords } from './stop-words.js';
import { languageBaseForms } from './word-forms.js';
import type { Logger } from '../logger.js';
import { metrics } from '../observability/metrics.js';

export interface SearchWiring {
  /** Used only when the database has the embedding column; otherwise retrieval is lexical. */
  embedder?: Embedder;
  logger?: Logger;
  candidateLimit?: number;
}

/**
 * The retrieval port for core, over a concrete database: lexical always; plus vector similarity
 * fused by reciprocal rank when an embedder is configured AND chunks have an embedding column. A
 * failing embedding endpoint degrades to lexical for that question instead of failing it.
 */
export async function createSearchChunks(db: Queryable, wiring: SearchWiring = {}): Promise<SearchChunks> {
  const embedder = wiring.embedder && (await hasVectorSupport(db)) ? wiring.embedder : undefined;
  // Member States stored without their name forms (before migration 0125) get them from the datasets.
  await fillMissingMemberStateNames(db);
  return async (request) => {
    const options: SearchOptions = {
      candidateLimit: wiring.candidateLimit,
      stopWords: languageStopWords(),
      baseForms: languageBaseForms(),
    };
    if (embedder && request.memberId !== null) {
      try {
        options.queryEmbedding = (await embedder.embed([request.query]))[0] ?? null;
      } catch (error) {
        wiring.logger?.warn({ err: error }, 'embedding the question failed; lexical retrieval only');
      }
    }
    const stopTimer = metrics.retrievalSeconds.startTimer();
    try {
      return await searchChunks(db, { ...request, language: request.language ?? detectQuestionLanguage(request.query) }, options);
    } finally {
      stopTimer();
    }
  };
}

/** Everything answerQuestion needs, wired to one database: scoped retrieval, the clock, the audit trail. */
export async function createAnswerDependencies(
  db: Queryable,
  options: SearchWiring & { clock?: Clock; relevance?: RelevancePolicy; audit?: boolean } = {},
): Promise<AnswerDependencies> {
  return {
    searchChunks: await createSearchChunks(db, options),
    clock: options.clock ?? systemClock,
    relevance: options.relevance,
    stopWords: languageStopWords(),
    listCatalog: (request) => listScopedCatalog(db, request),
    memberStateNames: memberStateNamesOf(db),
    recordAnswer: options.audit === false ? undefined : (record) => recordAudit(db, record),
  };
}

/**
 * The directory's Member States with their forms, then every other UN Member State of the names
 * dataset: a question naming a State that no document is about names it all the same (computed
 * once per directory).
 */
function memberStateNamesOf(db: Queryable): () => Promise<readonly StateNamedRecord[]> {
  let cached: { key: string; records: readonly StateNamedRecord[] } | undefined;
  return async () => {
    const directory = await listMemberStateNames(db);
    const key = directory.map((record) => `${record.memberStateName}:${(record.memberStateNames ?? []).length}`).join('|');
    if (cached?.key !== key) cached = { key, records: [...directory, ...memberStatesOutsideDirectory(directory)] };
    return cached.records;
  };
}
