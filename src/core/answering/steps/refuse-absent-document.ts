import { kindTermsOf, namesKind } from '../../retrieval/document-kinds.js';
import type { RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import { namesMemberState, type ScopedQuestion } from '../question-analysis.js';
import { SENTENCE_END, holds, splitUnits, wordsOf } from '../select-sentences.js';
import { refused, type PassageStep } from './passage-step.js';

/**
 * Whether a sentence of the passage speaks of a document of a kind the question names about what
 * the question asks: it names the kind in full ("the roadmap agreed", "the needs list") and holds a
 * word of the question that names neither the kind nor a State. A sentence noting that such a list
 * exists ("recommendations are issued separately, with a list of technical-assistance needs") or
 * one sharing only a kind's word ("mutual legal assistance") says nothing of what the list holds.
 */
function speaksOfKind(question: ScopedQuestion, chunk: RetrievedChunk, kindTerms: ReadonlySet<string>): boolean {
  const asked = [...question.termWeights.keys()]
    .flatMap((term) => term.split(' or '))
    .filter((term) => !kindTerms.has(term) && !namesMemberState(question, term));
  // Sentences, not the quotable units: a short numbered paragraph is one unit of several sentences.
  const sentences = splitUnits(chunk.text).flatMap((unit) => unit.text.split(SENTENCE_END));
  return sentences.some((sentence) => {
    if (!question.kinds.some((kind) => namesKind(sentence, kind))) return false;
    const text = sentence.normalize('NFKC').toLowerCase();
    const words = wordsOf(sentence);
    return asked.some((term) => holds(words, text, term));
  });
}

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
      (question.kinds.includes(chunk.kind) ||
        ((chunk.matchedTerms ?? []).some((term) => kindTerms.has(term)) && speaksOfKind(question, chunk, kindTerms))),
  );
}

export const refuseAbsentDocumentStep: PassageStep = {
  name: 'refuse-absent-document',
  run: (selection) =>
    selection.question && asksOfAbsentDocument(selection.question, selection.chunks)
      ? refused(selection, 'refuse-absent-document')
      : selection,
};
