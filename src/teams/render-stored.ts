import type { AnswerSource } from '../core/answering/extractive-answer.js';
import { kindLabel } from '../core/answering/extractive-answer.js';
import type { CatalogEntry } from '../core/answering/catalog-questions.js';
import { message } from '../core/messages/index.js';
import { LANGUAGES } from '../core/retrieval/retrieved-chunk.js';
import { renderAnswer, type RenderedAnswer } from './render-answer.js';

/**
 * What was answered or drafted earlier, posted again where others read it (Post to channel, an
 * approved summary), carrying what a fresh answer carries: the AI label, the citations, the
 * sensitivity label and the feedback switch. The entity is built by render-answer.ts, the one
 * place for it.
 */

/** A stored citation: its `[n]`, the document and its title as cited. */
export interface StoredCitation {
  n: number;
  documentId: string;
  title: string;
}

/**
 * Each citation with its document's catalog metadata. A document missing from `catalog` (no longer
 * in the scope it was read from) is labelled restricted: a label too strict is safe, one too lax is not.
 */
export function sourcesFromCatalog(citations: readonly StoredCitation[], catalog: readonly CatalogEntry[]): AnswerSource[] {
  return citations.map((citation) => {
    const entry = catalog.find((candidate) => candidate.documentId === citation.documentId);
    return {
      ...citation,
      memberStateName: entry ? (entry.memberStateName ?? entry.memberStateId) : null,
      kind: entry?.kind ?? 'document',
      kindLabel: kindLabel(entry?.kind ?? 'document'),
      documentDate: entry?.documentDate ?? null,
      classification: entry?.classification ?? 'restricted',
      language: (entry?.language ?? 'en') as AnswerSource['language'],
      heading: null,
    };
  });
}

/** The body of a stored answer: its text without the plain sources list (Teams shows the sources as citations). */
export function bodyOfStoredAnswer(answerText: string): string {
  let body = answerText;
  for (const language of LANGUAGES) {
    const at = body.lastIndexOf(`\n\n${message('answer.sources', language)}:\n`);
    if (at > 0) body = body.slice(0, at);
  }
  return body;
}

/** A stored answer, shared to a channel: the audit row's text and cited documents (numbered `[1]`… in order of first use). */
export function renderSharedAnswer(
  stored: { answerText: string; citedDocumentIds: readonly string[]; model: string | null },
  catalog: readonly CatalogEntry[],
  language: string,
): RenderedAnswer {
  const citations = stored.citedDocumentIds.map((documentId, i) => ({
    n: i + 1,
    documentId,
    title: catalog.find((entry) => entry.documentId === documentId)?.title ?? documentId,
  }));
  return renderAnswer(
    { body: bodyOfStoredAnswer(stored.answerText), sources: sourcesFromCatalog(citations, catalog), language },
    { extractive: stored.model === null || stored.model === 'extractive' },
  );
}

/** An approved consultation summary: its text keeps its own sources list, the citations point at it. */
export function renderApprovedSummary(
  draft: { text: string; citations: readonly StoredCitation[]; language: string },
  catalog: readonly CatalogEntry[],
): RenderedAnswer {
  return renderAnswer(
    { body: draft.text, sources: sourcesFromCatalog(draft.citations, catalog), language: draft.language },
    { extractive: false },
  );
}
