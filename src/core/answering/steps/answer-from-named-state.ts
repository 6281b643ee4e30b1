import { kindTermsOf } from '../../retrieval/document-kinds.js';
import { fold, memberStatesInOrder, memberStatesNamed, termNamesState } from '../../retrieval/member-state-names.js';
import type { RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import { focusTerms } from '../../retrieval/term-shares.js';
import { bm25Scores, mostTermsTogether } from '../passage-bm25.js';
import { namesMemberState, type ScopedQuestion } from '../question-analysis.js';
import { holdsFigure } from './answer-cautiously.js';
import { holdsANameOf, knownNameParts } from './keep-passages-holding-names.js';
import type { PassageStep } from './passage-step.js';

/**
 * The decided trade-off again (see answer-cautiously.ts): a question naming a Member State asks
 * what that State's own documents say, and a statement answers in its own words, not the
 * question's ("blame" for "as a result of"). So when passages of the named State's documents are
 * retrieved and none passed the cuts before, they are compared with each other, not with the
 * other passages retrieved (many passages of one statement raise that median until none stands
 * out): the one with the best BM25 over the question's words less the State's name is quoted with
 * the caveat, if it holds one of the rarer of those words (and as many of them close together as
 * namedStateMinTermsTogether says), every figure the question names and the other Member States it
 * names, and its document every proper name the question names; and if the scope lacks at most one of the question's words (several
 * unknown words ask about what the scope lacks).
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

/**
 * The State whose word is asked for: of several named, the first ("What does Saudi Arabia accuse
 * the Iranian regime of?", "According to Niger, …"); the six languages name the speaker before
 * what it speaks of in such questions.
 */
export function speakingState(question: ScopedQuestion, records: readonly RetrievedChunk[]): string | undefined {
  return memberStatesInOrder(question.text, [...records, ...question.directoryStates]).find((state) => question.memberStates.has(state));
}

export const answerFromNamedStateStep: PassageStep = {
  name: 'answer-from-named-state',
  run: (selection, policy) => {
    const question = selection.question;
    if (selection.decision !== 'undecided' || !question) return selection;
    const state = speakingState(question, selection.retrieved);
    const own = selection.chunks.filter(
      (chunk) => chunk.memberStateName === state && (question.kinds.length === 0 || question.kinds.includes(chunk.kind)),
    );
    if (state === undefined || own.length === 0) return selection;
    const kindTerms = kindTermsOf(question.text, [...question.termWeights.keys()]);
    const subject = [...question.termWeights].filter(
      ([term]) => !kindTerms.has(term) && !term.split(' or ').some((part) => namesThisState(question, part, state)),
    );
    const known = new Map(subject.filter(([term]) => !question.absentTerms.has(term)));
    if (known.size === 0 || subject.length - known.size > policy.namedStateMaxAbsentTerms) return selection;
    const rarer = focusTerms(subject)
      .filter(([term]) => known.has(term))
      .flatMap(([term]) => term.split(' or '));
    const words = [...known.keys()].flatMap((term) => term.split(' or '));
    const together = Math.min(policy.namedStateMinTermsTogether, known.size);
    // The other States named are what the speaker is asked about: its passage speaks of them.
    const others = [...question.memberStates].filter((other) => other !== state);
    const records = [...selection.retrieved, ...question.directoryStates];
    const speaksOfOthers = (chunk: RetrievedChunk) => {
      const spoken = others.length > 0 ? memberStatesNamed(chunk.text, records) : new Set<string>();
      return others.every((other) => spoken.has(other));
    };
    // A statement names its speaker or a place once: a name its document holds is the passage's context.
    const names = knownNameParts(question, selection.chunks);
    const documentHoldsNames = (chunk: RetrievedChunk) =>
      [...names].every((part) =>
        selection.chunks.some((other) => other.documentId === chunk.documentId && holdsANameOf(other, new Set([part]))),
      );
    const best = bm25Scores(own, known, policy.bm25K1, policy.bm25B)
      .filter(
        ({ chunk, found }) =>
          rarer.some((word) => (found.positions.get(word) ?? []).length > 0) &&
          mostTermsTogether(found, words, policy.proximityWindow) >= together &&
          question.numbers.every((figure) => holdsFigure(chunk, figure)) &&
          speaksOfOthers(chunk) &&
          documentHoldsNames(chunk),
      )
      .sort((a, b) => b.score - a.score)[0];
    if (!best) return selection;
    return { ...selection, chunks: [best.chunk], anchors: [best.chunk], decision: 'cautious', decidedBy: 'answer-from-named-state' };
  },
};
