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
  it('keeps the passages of another kind of document holding a figure of the question the named kind lacks', () => {
    const first = chunk({ chunkId: 3, documentId: 'doc-2022', text: 'In 2022, 2 border posts were connected.' });
    const later = chunk({
      chunkId: 4,
      documentId: 'doc-needs',
      kind: 'ta_needs',
      text: 'Identified after the follow-up visit of July 2026.',
    });
    // The same list's item need not repeat the year that dates the list.
    const item = chunk({ chunkId: 5, documentId: 'doc-needs', kind: 'ta_needs', text: 'Connect the remaining 12 border posts.' });
    const other = chunk({ chunkId: 6, documentId: 'doc-other', kind: 'ta_needs', text: 'Connect the remaining border posts.' });
    const selection = selectionOf(
      'Compare the border posts at the 2022 assessment and at the 2026 follow-up visit.',
      [first, later, item, other],
      {
        anchors: [first, later, item, other],
      },
    );
    expect(narrowToNamedKindsStep.run(selection, DEFAULT_POLICY).chunks.map((c) => c.chunkId)).toEqual([3, 4, 5]);
  });
});
