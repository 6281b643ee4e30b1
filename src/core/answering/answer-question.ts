import type { AuditRecord } from '../audit/audit-record.js';
import { formatContext, type AskContext } from '../types.js';
import type { Language, RetrievedChunk, SearchChunks } from '../retrieval/retrieved-chunk.js';
import type { StopWords } from '../retrieval/search-terms.js';
import { noAccessMessage, notFoundMessage } from './answer-messages.js';
import { composeExtractiveAnswer, describeSources, type AnswerSource, type Citation } from './extractive-answer.js';
import { DEFAULT_RELEVANCE, onlyNamedMemberStates, selectPassages, type RelevancePolicy } from './select-passages.js';

/** Milliseconds from a monotonic or wall clock; a port so tests control latency and time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The audit row of an answer (or of a refused unknown identity). */
export type AnswerAuditRecord = AuditRecord & { kind: 'answer' | 'access_denied' };

export interface AnswerDependencies {
  searchChunks: SearchChunks;
  clock: Clock;
  /** Every answer writes an audit row; omitted only in pure unit tests. */
  /** Returns the audit row's id (feedback and posted messages refer to it). */
  recordAnswer?: (record: AnswerAuditRecord) => Promise<number | void>;
  relevance?: RelevancePolicy;
  /** How many passages to retrieve before the relevance cut. */
  retrieveLimit?: number;
  /** Stop lists per language, for choosing the sentences an extractive answer quotes. */
  stopWords?: StopWords;
}

export interface AnswerRequest {
  /** null when the chat identity maps to no member: no documents, only how to get access. */
  memberId: string | null;
  context: AskContext;
  question: string;
  /** Where the question came from, for the audit trail: 'cli', 'slack', 'teams', 'web'. */
  platform?: string;
  /**
   * The language the bot replies in (its own words: "couldn't find", intro, sources label) and the
   * question's language for retrieval; src/app detects it (the client's locale when the question is
   * too short to tell). English when absent.
   */
  language?: Language;
}

export interface AnswerResult {
  answerable: boolean;
  /** The whole reply as plain text: body, then the sources list. */
  answer: string;
  /** The reply without its sources list, for chat adapters that render sources natively. */
  body: string;
  citations: Citation[];
  /** The cited documents with what adapters show of them (Member State, kind, date, classification). */
  sources: AnswerSource[];
  /** The audit row written for this answer (null when auditing is off). */
  auditId: number | null;
  /** 'dm' or 'channel:<wg-id>' */
  context: string;
  /** The passages the answer quotes (all in scope). */
  chunks: RetrievedChunk[];
  /** Everything retrieval returned before the relevance cut (all in scope), for the audit and the LLM path. */
  retrieved: RetrievedChunk[];
  model: string | null;
}

/**
 * Answers a member's question from the documents they may use in this context, extractively.
 * Retrieval is scoped in SQL (the port); this function only decides relevance, composes and audits.
 */
export async function answerQuestion(deps: AnswerDependencies, request: AnswerRequest): Promise<AnswerResult> {
  const started = deps.clock.now();
  const context = formatContext(request.context);
  const platform = request.platform ?? 'cli';
  const language = request.language;
  if (request.memberId === null) {
    const noAccess = noAccessMessage(language);
    const result: AnswerResult = {
      answerable: false,
      answer: noAccess,
      body: noAccess,
      citations: [],
      sources: [],
      auditId: null,
      context,
      chunks: [],
      retrieved: [],
      model: null,
    };
    result.auditId = await auditIdOf(
      deps.recordAnswer?.({
        kind: 'access_denied',
        memberId: null,
        platform,
        context,
        question: request.question,
        chunkIds: [],
        documentIds: [],
        citedDocumentIds: [],
        consentVersions: {},
        answerText: result.answer,
        model: null,
        promptVersion: null,
        latencyMs: deps.clock.now() - started,
      }),
    );
    return result;
  }
  const retrieved = await deps.searchChunks({
    memberId: request.memberId,
    context: request.context,
    query: request.question,
    limit: deps.retrieveLimit ?? 8,
    language,
  });
  const passages = selectPassages(onlyNamedMemberStates(request.question, retrieved), deps.relevance ?? DEFAULT_RELEVANCE);
  const notFound = notFoundMessage(language);
  const composed =
    passages.length > 0
      ? composeExtractiveAnswer(passages, { question: request.question, language, stopWords: deps.stopWords })
      : { body: notFound, answer: notFound, citations: [] };
  const result: AnswerResult = {
    answerable: passages.length > 0,
    answer: composed.answer,
    body: composed.body,
    citations: composed.citations,
    sources: describeSources(composed.citations, passages),
    auditId: null,
    context,
    chunks: passages,
    retrieved,
    model: passages.length > 0 ? 'extractive' : null,
  };
  result.auditId = await auditIdOf(deps.recordAnswer?.(auditRecordFor(request, platform, result, deps.clock.now() - started)));
  return result;
}

export async function auditIdOf(written: Promise<number | void> | undefined): Promise<number | null> {
  const id = await written;
  return typeof id === 'number' && id > 0 ? id : null;
}

export function auditRecordFor(request: AnswerRequest, platform: string, result: AnswerResult, latencyMs: number): AnswerAuditRecord {
  const consentVersions: Record<string, number> = {};
  for (const chunk of result.retrieved) if (chunk.consentVersion !== null) consentVersions[chunk.documentId] = chunk.consentVersion;
  return {
    kind: 'answer',
    memberId: request.memberId,
    platform,
    context: result.context,
    question: request.question,
    chunkIds: result.retrieved.map((chunk) => chunk.chunkId),
    documentIds: [...new Set(result.retrieved.map((chunk) => chunk.documentId))],
    citedDocumentIds: result.citations.map((citation) => citation.documentId),
    consentVersions,
    answerText: result.answer,
    model: result.model,
    promptVersion: null,
    latencyMs,
  };
}
