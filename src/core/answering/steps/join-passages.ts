import { namesItsDocument, type RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import type { PassageStep } from './passage-step.js';

/**
 * The passages quoted besides the anchors: one completing a two-part question from the same
 * document (a term no anchor holds), one close to the best in coverage that shares a subject word,
 * and every passage of a document the question names (the quote budget still bounds the answer).
 */
export const joinPassagesStep: PassageStep = {
  name: 'join-passages',
  run: (selection, policy) => {
    const { anchors, chunks } = selection;
    if (anchors.length === 0) return selection;
    const best = Math.max(...anchors.map((chunk) => chunk.coverage));
    const anchored = new Set(anchors.flatMap((chunk) => chunk.matchedTerms ?? []));
    const anchorDocuments = new Set(anchors.map((chunk) => chunk.documentId));
    const completes = (chunk: RetrievedChunk) =>
      anchorDocuments.has(chunk.documentId) && (chunk.matchedTerms ?? []).some((term) => !anchored.has(term));
    const wholeDocument = (chunk: RetrievedChunk) => namesItsDocument(chunk) && anchorDocuments.has(chunk.documentId);
    const joining = chunks
      .filter(
        (chunk) =>
          !wholeDocument(chunk) &&
          (anchors.includes(chunk) ||
            completes(chunk) ||
            // A joining passage shares a subject word: one matching only the framing would crowd out the answer.
            (chunk.coverage >= Math.max(best * policy.relativeToBest, policy.minCoverage) && (chunk.focusCoverage ?? 1) > 0) ||
            (chunk.similarity !== null && chunk.similarity >= policy.minSimilarity)),
      )
      .slice(0, policy.maxPassages);
    return { ...selection, chunks: chunks.filter((chunk) => wholeDocument(chunk) || joining.includes(chunk)) };
  },
};
