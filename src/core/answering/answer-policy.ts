/**
 * Every threshold of the decision to answer, in one object. Each says why in one line; how each
 * setting scores on every evaluation set is what `npm run eval -- --report` prints (one row per step
 * switched off), not a table in a comment.
 */
export interface AnswerPolicy {
  /** The best passage must hold this IDF-weighted share of the question for a confident answer. */
  minCoverage: number;
  /** …and this share of the question's rarer (subject) terms. */
  minFocusCoverage: number;
  /** A passage holding this much of the question… */
  strongCoverage: number;
  /** …needs only this share of its subject terms (inflected forms miss some by form only). */
  minFocusWhenStrong: number;
  /** Further passages join when they reach this fraction of the best passage's coverage. */
  relativeToBest: number;
  /** Cosine similarity that makes a passage relevant on its own when embeddings are on. */
  minSimilarity: number;
  maxPassages: number;
  /** Fewest question terms the scope knows for a passage holding all of them to answer on that alone (one shared word says nothing). */
  minKnownTerms: number;
  /** The model path's noise floor: a passage goes to the model above this coverage with a subject word (the model decides). */
  modelNoiseFloor: number;
  /**
   * The cautious answer (see steps/answer-cautiously.ts): when no passage passes the confident cut,
   * the closest passage is quoted with a caveat if its BM25 score stands this many times above the
   * median of the passages retrieved for the question…
   */
  cautiousStanding: number;
  /** …and the scope holds at least this share of the question's subject weight (its rarer half of words; mostly in no document: the scope lacks what is asked)… */
  cautiousMinKnownShare: number;
  /** …and it holds the question's subject terms close together: at least this many within one window… */
  cautiousMinTermsTogether: number;
  /** …of this many words… */
  proximityWindow: number;
  /** …unless its BM25 score stands this many times above that median (standing alone says it is the passage asked about). */
  cautiousStandingAlone: number;
  /**
   * A question naming a Member State whose own passages are retrieved (steps/answer-from-named-state.ts)
   * has the closest of them quoted with the caveat when the scope lacks at most this many of its
   * subject words (a paraphrase says one thing otherwise; several unknown words ask what the scope lacks).
   */
  namedStateMaxAbsentTerms: number;
  /**
   * …and its closest passage holds this many of those words within the proximity window: one of the
   * rarer is enough, since a statement says the rest in its own words ("emigrated" for "left").
   */
  namedStateMinTermsTogether: number;
  /** BM25 term-frequency saturation and length normalisation (the usual values). */
  bm25K1: number;
  bm25B: number;
  /** Steps switched off by name (the eval's --report measures each step this way); none in production. */
  disabledSteps: ReadonlySet<string>;
}

export const DEFAULT_POLICY: AnswerPolicy = {
  minCoverage: 0.45,
  minFocusCoverage: 0.5,
  strongCoverage: 0.65,
  minFocusWhenStrong: 0.4,
  relativeToBest: 0.6,
  minSimilarity: 0.55,
  maxPassages: 6,
  minKnownTerms: 2,
  modelNoiseFloor: 0.2,
  cautiousStanding: 1.25,
  cautiousMinKnownShare: 0.5,
  cautiousMinTermsTogether: 2,
  proximityWindow: 12,
  cautiousStandingAlone: 1.5,
  namedStateMaxAbsentTerms: 1,
  namedStateMinTermsTogether: 1,
  bm25K1: 1.2,
  bm25B: 0.75,
  disabledSteps: new Set(),
};
