import { describe, expect, it } from 'vitest';
import { markNamedDocumentsStep } from '../../../../src/core/answering/steps/mark-named-documents.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

describe('mark-named-documents', () => {
  it('marks the one document the question names by Member State and kind, and nothing when it names none', () => {
    const needs = chunk({ chunkId: 1, documentId: 'doc-ta', kind: 'ta_needs' });
    const report = chunk({ chunkId: 2, documentId: 'doc-as' });
    const marked = markNamedDocumentsStep.run(
      selectionOf('Which Valdoria needs are rated high priority?', [needs, report]),
      DEFAULT_POLICY,
    );
    expect(marked.chunks.map((c) => c.namedByStateAndKind === true)).toEqual([true, false]);
    const none = markNamedDocumentsStep.run(selectionOf('Which needs are rated high priority?', [needs]), DEFAULT_POLICY);
    expect(none.chunks[0]?.namedByStateAndKind).toBeUndefined();
  });
});
