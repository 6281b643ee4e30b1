import { describe, expect, it } from 'vitest';
import { narrowToNamedKindsStep } from '../../../../src/core/answering/steps/narrow-to-named-kinds.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

describe('narrow-to-named-kinds', () => {
  const needs = chunk({ chunkId: 1, kind: 'ta_needs' });
  const assessment = chunk({ chunkId: 2 });
  it('keeps the named kind once a passage of it answers', () => {
    const selection = selectionOf('Which needs lists call for a cyber response team?', [needs, assessment], {
      anchors: [needs, assessment],
    });
    expect(narrowToNamedKindsStep.run(selection, DEFAULT_POLICY).chunks).toEqual([needs]);
  });
  it('filters nothing when no passage of the named kind answers', () => {
    const selection = selectionOf('Which needs lists call for a cyber response team?', [assessment], { anchors: [assessment] });
    expect(narrowToNamedKindsStep.run(selection, DEFAULT_POLICY).chunks).toEqual([assessment]);
  });
});
