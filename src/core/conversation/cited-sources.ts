import type { CatalogEntry } from '../answering/catalog-questions.js';
import { kindLabel, type AnswerSource } from '../answering/extractive-answer.js';

/** A stored citation: its `[n]`, the document and its title as cited. */
export interface StoredCitation {
  n: number;
  documentId: string;
  title: string;
}

/**
 * Each citation with its document's catalog metadata, so a post of a stored answer or summary
 * carries what a fresh answer carries (titles, sensitivity labels). A document missing from
 * `catalog` (no longer in the scope it was read from) is labelled restricted: a label too strict
 * is safe, one too lax is not.
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

/** The sources of a stored answer's cited documents, numbered [1]… in order, from the catalog of the scope it is posted in. */
export function citedSources(catalog: readonly CatalogEntry[], documentIds: readonly string[]): AnswerSource[] {
  const citations = documentIds.map((documentId, i) => ({
    n: i + 1,
    documentId,
    title: catalog.find((entry) => entry.documentId === documentId)?.title ?? documentId,
  }));
  return sourcesFromCatalog(citations, catalog);
}
