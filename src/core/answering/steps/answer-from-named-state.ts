import { kindTermsOf } from '../../retrieval/document-kinds.js';
import { fold, termNamesState } from '../../retrieval/member-state-names.js';
import type { RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import { focusTerms } from '../../retrieval/term-shares.js';
import { bm25Scores, mostTermsTogether } from '../passage-bm25.js';
import { namesMemberState, type ScopedQuestion } from '../question-analysis.js';
import { holdsFigure } from './answer-cautiously.js';
import { holdsANameOf, knownNameParts, ofANamedState } from './keep-passages-holding-names.js';
import type { PassageStep } from './passage-step.js';

/**
 * The decided trade-off again (see answer-cautiously.ts): a question naming a Member State asks
 * what that State's own documents say, and a statement answers in its own words, not the
 * question's ("blame" for "as a result of"). So when passages of the named State's documents are
 * retrieved and none passed the cuts before, they are compared with each other, not with the
 * other passages retrieved (many passages of one statement raise that median until none stands
 * out): the one with the best BM25 over the question's subject words is quoted with the caveat,
 * if it holds one of the subject's rarer words and subject words close together, every figure
 * the question names, and its document every proper name the question names; and if the scope
 * lacks at most one subject word (several unknown words ask about what the scope lacks).
 */

/** Whether a question word names this State: its catalog field, which every passage of its documents holds unsaid. */
function namesThisState(question: ScopedQuestion, part: string, state: string): boolean {
  return (
    namesMemberState(question, part) &&
    (termNamesState(part, state) ||
      fold(state)
        .split(/[^\p{L}]+/u)
        .includes(part))
  );
}

/** The question's terms a passage of this State answers: less the words naming the State and the kinds of document named. */
function subjectFor(question: ScopedQuestion, state: string): [string, number][] {
  const kindTerms = kindTermsOf(question.text, [...question.termWeights.keys()]);
  return [...question.termWeights].filter(
    ([term]) => !kindTerms.has(term) && !term.split(' or ').some((part) => namesThisState(question, part, state)),
  );
}

export const answerFromNamedStateStep: PassageStep = {
  name: 'answer-from-named-state',
  run: (selection, policy) => {
    const question = selection.question;
    if (selection.decision !== 'undecided' || !question) return selection;
    const own = selection.chunks.filter(
      (chunk) => ofANamedState(question, chunk) && (question.kinds.length === 0 || question.kinds.includes(chunk.kind)),
    );
    const names = knownNameParts(question, selection.chunks);
    // A statement names its speaker or a place once: a name its document holds is the passage's context.
    const documentHoldsNames = (chunk: RetrievedChunk) =>
      [...names].every((part) =>
        selection.chunks.some((other) => other.documentId === chunk.documentId && holdsANameOf(other, new Set([part]))),
      );
    const candidates = [...new Set(own.map((chunk) => chunk.memberStateName!))].flatMap((state) => {
      const subject = subjectFor(question, state);
      const known = new Map(subject.filter(([term]) => !question.absentTerms.has(term)));
      if (known.size === 0 || subject.length - known.size > policy.namedStateMaxAbsentTerms) return [];
      const rarer = focusTerms(subject)
        .filter(([term]) => known.has(term))
        .flatMap(([term]) => term.split(' or '));
      const words = [...known.keys()].flatMap((term) => term.split(' or '));
      const together = Math.min(policy.cautiousMinTermsTogether, known.size);
      // Scored over all the named States' passages (one length average), each for its own State's subject.
      return bm25Scores(own, known, policy.bm25K1, policy.bm25B).filter(
        ({ chunk, found }) =>
          chunk.memberStateName === state &&
          rarer.some((word) => (found.positions.get(word) ?? []).length > 0) &&
          mostTermsTogether(found, words, policy.proximityWindow) >= together &&
          question.numbers.every((figure) => holdsFigure(chunk, figure)) &&
          documentHoldsNames(chunk),
      );
    });
    const best = candidates.sort((a, b) => b.score - a.score)[0];
    if (!best) return selection;
    return { ...selection, chunks: [best.chunk], anchors: [best.chunk], decision: 'cautious', decidedBy: 'answer-from-named-state' };
  },
};
