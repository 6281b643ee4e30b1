import { namesItsDocument, type RetrievedChunk } from '../retrieval/retrieved-chunk.js';

/**
 * When retrieved passages count as an answer. Coverage is the IDF-weighted share of the question's
 * terms found in a passage (see src/db/queries/retrieval.ts); the thresholds were tuned on the
 * evaluation corpus as a method (one setting for every language and question), not per item.
 */
export interface RelevancePolicy {
  /** The best passage must cover at least this share of the question for an answer at all. */
  minCoverage: number;
  /** …and at least this share of the question's rarer (subject) terms. */
  minFocusCoverage: number;
  /** Further passages must reach this fraction of the best passage's coverage. */
  relativeToBest: number;
  /** Cosine similarity that makes a passage relevant on its own when embeddings are on. */
  minSimilarity: number;
  maxPassages: number;
}

export const DEFAULT_RELEVANCE: RelevancePolicy = {
  minCoverage: 0.45,
  minFocusCoverage: 0.6,
  relativeToBest: 0.6,
  minSimilarity: 0.55,
  maxPassages: 6,
};

/**
 * A passage answers on its own when it covers the question and its subject, or when it covers the
 * question, belongs to the document the question names by title, and shares at least one of the
 * question's other words found in the scope. The subject words of "post the needs list with the
 * priority levels" are the title's, which every passage of the list carries, and the list has
 * priorities if not "levels"; "the needs list on drones" gets no passage of a list without drones.
 */
function isRelevant(chunk: RetrievedChunk, policy: RelevancePolicy): boolean {
  const covered = chunk.coverage >= policy.minCoverage;
  const aboutSubject = (chunk.focusCoverage ?? chunk.coverage) >= policy.minFocusCoverage;
  const fromNamedDocument = namesItsDocument(chunk) && (chunk.beyondTitleCoverage ?? 1) > 0;
  const lexical = covered && (aboutSubject || fromNamedDocument);
  return lexical || (chunk.similarity !== null && chunk.similarity >= policy.minSimilarity);
}

/**
 * The passages an answer may use, best first; empty means "couldn't find". The decision to answer
 * rests on one passage passing both thresholds; once it does, further passages close to it in
 * coverage join (a cross-document question is answered from several documents, and a list often
 * continues in the next chunk).
 */
export function selectPassages(chunks: RetrievedChunk[], policy: RelevancePolicy = DEFAULT_RELEVANCE): RetrievedChunk[] {
  const anchors = chunks.filter((chunk) => isRelevant(chunk, policy));
  if (anchors.length === 0) return [];
  const best = Math.max(...anchors.map((chunk) => chunk.coverage));
  return chunks
    .filter(
      (chunk) =>
        anchors.includes(chunk) ||
        chunk.coverage >= Math.max(best * policy.relativeToBest, policy.minCoverage) ||
        (chunk.similarity !== null && chunk.similarity >= policy.minSimilarity),
    )
    .slice(0, policy.maxPassages);
}
