import { kindTermsOf } from '../../retrieval/document-kinds.js';
import type { RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import type { ScopedQuestion } from '../question-analysis.js';
import { refused, type PassageStep } from './passage-step.js';

/**
 * Whether the question asks of a Member State's document of a kind ("what does the Tselinar
 * roadmap plan…") and no retrieved passage about that State is one or speaks of one: another kind
 * of document about it does not answer for it, while notes telling of "the roadmap agreed" do.
 */
export function asksOfAbsentDocument(question: ScopedQuestion, chunks: readonly RetrievedChunk[]): boolean {
  if (question.kinds.length === 0 || question.memberStates.size === 0) return false;
  const kindTerms = new Set(kindTermsOf(question.text, Object.keys(chunks[0]?.termWeights ?? {})).keys());
  return !chunks.some(
    (chunk) =>
      chunk.memberStateName !== null &&
      question.memberStates.has(chunk.memberStateName) &&
      (question.kinds.includes(chunk.kind) || (chunk.matchedTerms ?? []).some((term) => kindTerms.has(term))),
  );
}

export const refuseAbsentDocumentStep: PassageStep = {
  name: 'refuse-absent-document',
  run: (selection) =>
    selection.question && asksOfAbsentDocument(selection.question, selection.chunks)
      ? refused(selection, 'refuse-absent-document')
      : selection,
};
