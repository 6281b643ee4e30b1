/**
 * How retrieval weighs a question's terms (src/db/queries/retrieval.ts): each by its idf over the
 * scope, coverage as the weighed share a passage holds, focus coverage as that share over the
 * rarer half (idf at or above the median). Core rescoring uses the same rule on the same weights.
 */
export interface TermShares {
  /** Share of the terms' weight that these terms carry, 0..1. */
  coverage(held: ReadonlySet<string>): number;
  /** The same over the rarer half of the terms. */
  focusCoverage(held: ReadonlySet<string>): number;
}

/** The rarer half of the terms: idf at or above the median (the words that say what is asked). */
export function focusTerms<T extends readonly [string, number]>(weights: readonly T[]): T[] {
  const sorted = weights.map(([, weight]) => weight).sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median =
    sorted.length === 0 ? 0 : sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return weights.filter(([, weight]) => weight >= median);
}

export function termShares(weights: readonly (readonly [string, number])[]): TermShares {
  const focus = focusTerms(weights);
  const share = (terms: readonly (readonly [string, number])[], held: ReadonlySet<string>) => {
    const total = terms.reduce((sum, [, weight]) => sum + weight, 0);
    return total > 0 ? terms.reduce((sum, [term, weight]) => sum + (held.has(term) ? weight : 0), 0) / total : 0;
  };
  return { coverage: (held) => share(weights, held), focusCoverage: (held) => share(focus, held) };
}

type Credited = { coverage: number; focusCoverage?: number | undefined; matchedTerms?: string[] | undefined };

/**
 * A passage credited terms it holds in another form (a catalog field, an acronym spelled out): they
 * count as matched, and its coverage and focus share grow by their weight under the same shares.
 */
export function creditTerms<T extends Credited>(passage: T, gained: readonly string[], shares: TermShares): T {
  const matched = new Set(passage.matchedTerms ?? []);
  const held = new Set([...matched, ...gained]);
  return {
    ...passage,
    coverage: Math.min(1, passage.coverage + shares.coverage(held) - shares.coverage(matched)),
    focusCoverage:
      passage.focusCoverage === undefined
        ? undefined
        : Math.min(1, passage.focusCoverage + shares.focusCoverage(held) - shares.focusCoverage(matched)),
    matchedTerms: [...matched, ...gained],
  };
}
