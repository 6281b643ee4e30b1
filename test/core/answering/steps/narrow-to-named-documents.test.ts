import { describe, expect, it } from 'vitest';
import { narrowToNamedDocumentsStep } from '../../../../src/core/answering/steps/narrow-to-named-documents.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

describe('narrow-to-named-documents', () => {
  it("answers from the document the question names, keeping other States' passages", () => {
    const named = chunk({ chunkId: 1, titleCoverage: 1 });
    const sameState = chunk({ chunkId: 2, documentId: 'doc-b', kind: 'ta_needs' });
    const otherState = chunk({ chunkId: 3, documentId: 'doc-c', memberStateName: 'Kingdom of Istrana' });
    const all = [named, sameState, otherState];
    const narrowed = narrowToNamedDocumentsStep.run(
      selectionOf('What does the Valdoria assessment say about detention?', all, { anchors: all }),
      DEFAULT_POLICY,
    );
    expect(narrowed.chunks.map((c) => c.chunkId)).toEqual([1, 3]);
  });

  it('keeps every document of a kind named when the State holds several of it', () => {
    const notes = chunk({ chunkId: 1, documentId: 'doc-notes', kind: 'consultation_notes', namedByStateAndKind: true });
    const followUp = chunk({ chunkId: 2, documentId: 'doc-assess-2026' });
    const first = chunk({ chunkId: 3, documentId: 'doc-assess-2022' });
    const needs = chunk({ chunkId: 4, documentId: 'doc-needs', kind: 'ta_needs' });
    const all = [notes, followUp, first, needs];
    const narrowed = narrowToNamedDocumentsStep.run(
      selectionOf('What does the Valdoria follow-up assessment say about the centre, and what did the consultation decide?', all, {
        anchors: all,
      }),
      DEFAULT_POLICY,
    );
    expect(narrowed.chunks.map((c) => c.chunkId)).toEqual([1, 2, 3]);
  });
});
