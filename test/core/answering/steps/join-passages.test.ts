import { describe, expect, it } from 'vitest';
import { joinPassagesStep } from '../../../../src/core/answering/steps/join-passages.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

describe('join-passages', () => {
  it('joins a passage completing the question from the anchor’s document and one close to the best, not a weak one', () => {
    const budget = chunk({ chunkId: 1, coverage: 0.8, focusCoverage: 0.8, matchedTerms: ['budget'] });
    const reach = chunk({ chunkId: 2, coverage: 0.3, focusCoverage: 0.3, matchedTerms: ['states'] });
    const close = chunk({ chunkId: 3, documentId: 'doc-b', coverage: 0.7, focusCoverage: 0.2, matchedTerms: ['budget'] });
    const weak = chunk({ chunkId: 4, documentId: 'doc-c', coverage: 0.3, focusCoverage: 0.2, matchedTerms: ['budget'] });
    const all = [budget, reach, close, weak];
    expect(joinPassagesStep.run(selectionOf(null, all, { anchors: [budget] }), DEFAULT_POLICY).chunks.map((c) => c.chunkId)).toEqual([
      1, 2, 3,
    ]);
  });
});
