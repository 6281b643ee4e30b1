import type { StateNamedRecord } from '../retrieval/member-state-names.js';
import type { AuditRecord } from '../audit/audit-record.js';
import { formatContext, type AskContext } from '../types.js';
import { absentTermsOf, type Language, type RetrievedChunk, type SearchChunks } from '../retrieval/retrieved-chunk.js';
import type { StopWords } from '../retrieval/search-terms.js';
import { cautiousIntro, noAccessMessage, notFoundMessage, overrideRefusedMessage } from './answer-messages.js';
import { isPlantedInstruction } from '../retrieval/planted-text.js';
import { catalogIntro, catalogQuestion, describeEntry, matchingEntries, type CatalogEntry, type ListCatalog } from './catalog-questions.js';
import {
  composeExtractiveAnswer,
  describeSources,
  kindLabel,
  withSourcesList,
  type AnswerSource,
  type Citation,
} from './extractive-answer.js';
import { selectAnswer } from './select-passages.js';
import { withStateNamesSpelled } from '../retrieval/member-state-names.js';
import { DEFAULT_POLICY, type AnswerPolicy } from './answer-policy.js';

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
  /** The thresholds of the decision to answer (answer-policy.ts); DEFAULT_POLICY when absent. */
  relevance?: AnswerPolicy;
  /** How many passages to retrieve before the relevance cut. */
  retrieveLimit?: number;
  /** The scoped catalog, for questions about documents themselves ("which documents on X can I see"). */
  listCatalog?: ListCatalog;
  /** Every Member State name of the directory: a question naming one whose documents are not in scope names it still. */
  memberStateNames?: () => Promise<readonly StateNamedRecord[]>;
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
  /** The closest passage quoted with the caveat that it may not answer exactly (steps/answer-cautiously.ts). */
  cautious?: boolean;
  /** The member pressed Stop: the answer is what was said until then (no feedback is asked for it). */
  stopped?: boolean;
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
  const latency = () => deps.clock.now() - started;
  if (request.memberId === null) {
    const result = withoutPassages(noAccessMessage(language), context);
    result.auditId = await auditIdOf(
      deps.recordAnswer?.({ ...auditRecordFor(request, platform, result, latency()), kind: 'access_denied' }),
    );
    return result;
  }
  // A question that addresses instructions to the assistant ("ignore previous instructions", "system
  // override") asks it to act outside its rules: it gets no passage, retrieved or quoted, and is
  // audited like any answer. The access rules hold in SQL either way; this keeps the reply plain.
  if (isPlantedInstruction(request.question)) {
    const result = withoutPassages(overrideRefusedMessage(language), context);
    result.auditId = await auditIdOf(deps.recordAnswer?.(auditRecordFor(request, platform, result, latency())));
    return result;
  }
  const directoryStates = (await deps.memberStateNames?.()) ?? [];
  const { question, retrieved } = await searchSpellingStateNames(
    (query) => deps.searchChunks({ memberId: request.memberId, context: request.context, query, limit: deps.retrieveLimit ?? 8, language }),
    request.question,
    directoryStates,
  );
  const fromCatalog = await answerFromCatalog(deps, { ...request, question }, retrieved, context);
  if (fromCatalog) {
    const record = auditRecordFor(request, platform, fromCatalog.result, latency());
    for (const entry of fromCatalog.entries)
      if (entry.consentVersion !== null) record.consentVersions[entry.documentId] = entry.consentVersion;
    fromCatalog.result.auditId = await auditIdOf(deps.recordAnswer?.(record));
    return fromCatalog.result;
  }
  const selection = selectAnswer(retrieved, deps.relevance ?? DEFAULT_POLICY, question, language, directoryStates);
  const passages = selection.chunks;
  const cautious = selection.decision === 'cautious';
  const notFound = notFoundMessage(language);
  const quoted =
    passages.length > 0
      ? composeExtractiveAnswer(passages, {
          question,
          language,
          stopWords: deps.stopWords,
          intro: cautious ? cautiousIntro(language) : undefined,
        })
      : null;
  const answerable = quoted?.answersItsKind === true;
  const composed = answerable && quoted ? quoted : { body: notFound, answer: notFound, citations: [] };
  const result: AnswerResult = {
    answerable,
    answer: composed.answer,
    body: composed.body,
    citations: composed.citations,
    sources: describeSources(composed.citations, passages),
    auditId: null,
    context,
    chunks: answerable ? passages : [],
    retrieved,
    model: answerable ? 'extractive' : null,
    cautious: answerable && cautious,
  };
  result.auditId = await auditIdOf(deps.recordAnswer?.(auditRecordFor(request, platform, result, latency())));
  return result;
}

/**
 * Searches for the question, and again with a Member State's name misspelt by one letter spelled as
 * the State ("Djbouti"), when no document in scope holds that word: the question as the answer
 * steps read it, and its passages. The audit keeps the member's words.
 */
export async function searchSpellingStateNames(
  search: (query: string) => Promise<RetrievedChunk[]>,
  question: string,
  directoryStates: readonly StateNamedRecord[],
): Promise<{ question: string; retrieved: RetrievedChunk[] }> {
  const first = await search(question);
  const spelled = withStateNamesSpelled(question, directoryStates, absentTermsOf(first));
  return { question: spelled, retrieved: spelled === question ? first : await search(spelled) };
}

/** A reply that reads no passage (the how-to-get-access line, a refusal). */
function withoutPassages(text: string, context: string): AnswerResult {
  return {
    answerable: false,
    answer: text,
    body: text,
    citations: [],
    sources: [],
    auditId: null,
    context,
    chunks: [],
    retrieved: [],
    model: null,
  };
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

function sourceOf(entry: CatalogEntry, n: number): AnswerSource {
  return {
    n,
    documentId: entry.documentId,
    title: entry.title,
    memberStateName: entry.memberStateName ?? entry.memberStateId,
    kind: entry.kind,
    kindLabel: kindLabel(entry.kind),
    documentDate: entry.documentDate,
    classification: entry.classification,
    language: entry.language as AnswerSource['language'],
    heading: null,
  };
}

/**
 * A question about documents themselves, answered from the scoped catalog (computed in SQL with
 * the same access scope as passages): the list of documents on a Member State or of a kind, or the
 * latest one of a kind with who shared it, followed by what its passages say about the rest of the
 * question. Null when the question is not about the catalog; "couldn't find" when nothing in scope matches.
 */
export async function answerFromCatalog(
  deps: Pick<AnswerDependencies, 'listCatalog' | 'stopWords'>,
  request: AnswerRequest,
  retrieved: RetrievedChunk[],
  context: string,
): Promise<{ result: AnswerResult; entries: CatalogEntry[] } | null> {
  // Whether a question asks about documents does not depend on the catalog (only which States it
  // names does), so the scoped catalog, thousands of rows in a large corpus, is read only for those.
  if (!deps.listCatalog || request.memberId === null || catalogQuestion(request.question, []) === null) return null;
  const language = request.language ?? 'en';
  const entries = await deps.listCatalog({ memberId: request.memberId, context: request.context });
  const asked = catalogQuestion(request.question, entries);
  if (!asked) return null;
  const matching = matchingEntries(asked, entries);
  const base = { auditId: null, context, retrieved, model: null };
  if (matching.length === 0) {
    const notFound = notFoundMessage(language);
    return {
      result: { ...base, answerable: false, answer: notFound, body: notFound, citations: [], sources: [], chunks: [] },
      entries: [],
    };
  }
  const chosen = asked.intent === 'list' ? matching : matching.slice(0, 1);
  const citations: Citation[] = chosen.map((entry, i) => ({ n: i + 1, documentId: entry.documentId, title: entry.title }));
  const sources = chosen.map((entry, i) => sourceOf(entry, i + 1));
  const lines = chosen.map((entry, i) => `${asked.intent === 'list' ? '- ' : ''}${describeEntry(entry, i + 1, language)}`);
  let body = `${catalogIntro(asked, language)}\n\n${lines.join('\n')}`;
  let chunks: RetrievedChunk[] = [];
  const only = chosen[0];
  if (asked.intent !== 'list' && only) {
    // The rest of the question ("when did the visit take place?") from that document's own passages.
    chunks = retrieved.filter((chunk) => chunk.documentId === only.documentId).slice(0, 3);
    if (chunks.length > 0) {
      const quoted = composeExtractiveAnswer(chunks, { question: request.question, language, stopWords: deps.stopWords, intro: '' });
      body += `\n\n${quoted.body.trim()}`;
    }
  }
  return {
    result: {
      ...base,
      model: 'catalog',
      answerable: true,
      body,
      answer: withSourcesList(body, sources, language),
      citations,
      sources,
      chunks,
    },
    entries: chosen,
  };
}
