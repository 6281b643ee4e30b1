import { describe, expect, it } from 'vitest';
import { keepPassagesHoldingNamesStep } from '../../../../src/core/answering/steps/keep-passages-holding-names.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

describe('keep-passages-holding-names', () => {
  const termWeights = { population: 3.5, bakanzi: 2 };
  const population = chunk({ chunkId: 1, termWeights, matchedTerms: ['population'] });
  const town = chunk({ chunkId: 2, termWeights, matchedTerms: ['population', 'bakanzi'] });
  const ids = (question: string) =>
    keepPassagesHoldingNamesStep.run(selectionOf(question, [population, town]), DEFAULT_POLICY).chunks.map((c) => c.chunkId);
  it('keeps only passages holding a proper name the question names', () => {
    expect(ids("What's the population of Bakanzi?")).toEqual([2]);
  });
  it('reads no name in a sentence’s first word', () => {
    expect(ids('Population figures? Give them.')).toEqual([1, 2]);
  });
});
