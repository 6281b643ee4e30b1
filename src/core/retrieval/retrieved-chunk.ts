import type { AskContext } from '../types.js';

/** The six UN languages: each has a full-text configuration (Chinese: character bigrams). */
export const LANGUAGES = ['en', 'fr', 'es', 'ru', 'ar', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

export type Classification = 'public' | 'internal' | 'restricted';

/** One ranked passage, already inside the asker's scope for the context it was retrieved for. */
export interface RetrievedChunk {
  chunkId: number;
  documentId: string;
  title: string;
  memberStateId: string | null;
  memberStateName: string | null;
  /** Every form naming that Member State (directory import, src/ingest/member-state-name-forms.ts); absent when not imported. */
  memberStateNames?: readonly string[] | null;
  kind: string;
  documentDate: string | null;
  /** Language of the passage. */
  language: Language;
  classification: Classification;
  heading: string | null;
  text: string;
  /** The fused rank score (higher is better); only comparable within one result list. */
  score: number;
  /**
   * Share of the question's weighted terms (IDF over the scope) found in the passage, 0..1. The
   * relevance threshold is applied to this, so it is comparable across questions.
   */
  coverage: number;
  /**
   * The same share over the question's rarer half of terms (IDF at or above the median): the words
   * that name what the question is about. A passage that matches the phrasing but not the subject
   * scores low here. Absent when the retrieval path does not compute it.
   */
  focusCoverage?: number;
  /**
   * Share of the words of the passage's document title that the question contains, 0..1: near 1
   * when the question names the document ("post Valdoria's technical-assistance needs list").
   * Absent when the retrieval path does not compute it.
   */
  titleCoverage?: number;
  /**
   * The coverage of the question's words beyond that title, counting only words found somewhere in
   * the scope (1 when there are none): what the question asks of the named document ("…needs list
   * with the priority levels", "…needs list on drones").
   */
  beyondTitleCoverage?: number;
  /**
   * The question's terms with their BM25 idf over the scope (the same for every passage of one
   * search), so answers weigh a sentence's words as retrieval did. Absent on the vector path.
   */
  termWeights?: Record<string, number>;
  /** The question names this passage's Member State and document kind, and no other document in the list has both. */
  namedByStateAndKind?: boolean;
  /** The question's terms this passage contains (as in termWeights). Absent on the vector path. */
  matchedTerms?: string[];
  /** The question's terms that no document in the scope contains (the same for every passage of one search). */
  absentTerms?: string[];
  /**
   * Handed on beyond the ranked list because its document is of a Member State the question names
   * (a statement answers in its own words): read by the answer, not part of the question's score
   * distribution.
   */
  ofNamedStateBeyondRanking?: boolean;
  /** Cosine similarity with the question when embeddings took part; otherwise null. */
  similarity: number | null;
  /** Consent version of the document at retrieval time (null for documents with no consent row). */
  consentVersion: number | null;
}

export interface SearchChunksRequest {
  /** null for an unknown identity: nothing is returned. */
  memberId: string | null;
  context: AskContext;
  query: string;
  limit?: number;
  /** The question's language; detected from the text when absent. */
  language?: Language;
}

/** The retrieval port: core asks, src/db answers (scope applied in SQL). */
export type SearchChunks = (request: SearchChunksRequest) => Promise<RetrievedChunk[]>;

/** A question containing this share of a document's title words asks for that document by name. */
const NAMED_DOCUMENT_SHARE = 0.8;

/**
 * Whether the question names this passage's document (so the whole document is in question): by its
 * title, or by its Member State and kind ("the Lombeza needs list"), which markNamedDocuments sets.
 */
export function namesItsDocument(chunk: Pick<RetrievedChunk, 'titleCoverage' | 'namedByStateAndKind'>): boolean {
  return namesItsTitle(chunk) || chunk.namedByStateAndKind === true;
}

/** Whether the question names this passage's document by (almost all the words of) its title: "post the X needs list". */
export function namesItsTitle(chunk: Pick<RetrievedChunk, 'titleCoverage'>): boolean {
  return (chunk.titleCoverage ?? 0) >= NAMED_DOCUMENT_SHARE;
}

/** The question's words no document of the scope holds, as the search measured them (each form of a term). */
export function absentTermsOf(chunks: readonly Pick<RetrievedChunk, 'absentTerms'>[]): Set<string> {
  return new Set((chunks[0]?.absentTerms ?? []).flatMap((term) => term.split(' or ')));
}
