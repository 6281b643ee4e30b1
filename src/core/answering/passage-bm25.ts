import type { RetrievedChunk } from '../retrieval/retrieved-chunk.js';
import { holds, wordsOf } from './select-sentences.js';

/** A passage's words and where each question term occurs in them. */
export interface TermPositions {
  length: number;
  /** term → word positions (empty when absent). */
  positions: Map<string, number[]>;
}

/** Where each term occurs in the text, matched as sentence selection matches them (first letters; numbers whole). */
export function termPositions(text: string, terms: readonly string[]): TermPositions {
  const words = wordsOf(text);
  const positions = new Map<string, number[]>();
  for (const term of terms) {
    const at: number[] = [];
    words.forEach((word, index) => {
      if (word.length > 0 && holds([word], word, term)) at.push(index);
    });
    positions.set(term, at);
  }
  return { length: words.length, positions };
}

/**
 * BM25 of each passage for the question's terms, with the idf retrieval computed over the asker's
 * scope and the passages' own term frequencies and lengths (average length over these passages).
 */
export function bm25Scores(
  chunks: readonly RetrievedChunk[],
  weights: ReadonlyMap<string, number>,
  k1: number,
  b: number,
): { chunk: RetrievedChunk; score: number; found: TermPositions }[] {
  const terms = [...weights.keys()].flatMap((term) => term.split(' or '));
  const weightOf = (term: string) => weights.get(term) ?? [...weights].find(([key]) => key.split(' or ').includes(term))?.[1] ?? 0;
  const found = chunks.map((chunk) => termPositions(chunk.text, terms));
  const averageLength = found.reduce((sum, f) => sum + f.length, 0) / Math.max(1, found.length) || 1;
  return chunks.map((chunk, i) => {
    const { length, positions } = found[i]!;
    let score = 0;
    for (const term of terms) {
      const tf = positions.get(term)?.length ?? 0;
      if (tf === 0) continue;
      score += (weightOf(term) * (tf * (k1 + 1))) / (tf + k1 * (1 - b + (b * length) / averageLength));
    }
    return { chunk, score, found: found[i]! };
  });
}

/** The most of these terms found together within a window of `window` consecutive words. */
export function mostTermsTogether(found: TermPositions, terms: readonly string[], window: number): number {
  const hits = terms.flatMap((term) => (found.positions.get(term) ?? []).map((at) => ({ at, term }))).sort((a, b) => a.at - b.at);
  let most = 0;
  for (let start = 0; start < hits.length; start += 1) {
    const within = new Set<string>();
    for (let end = start; end < hits.length && hits[end]!.at - hits[start]!.at < window; end += 1) within.add(hits[end]!.term);
    most = Math.max(most, within.size);
  }
  return most;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
