import type { RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import { namesMemberState, type ScopedQuestion } from '../question-analysis.js';
import type { PassageStep } from './passage-step.js';

/**
 * The proper names the question names, as their parts that are question terms the scope holds
 * (not acronyms, which name entities documents often leave unsaid), less the words naming a Member
 * State: the State filter holds those (a statement seldom names its own State, and "American" is
 * as often "the United States").
 */
export function knownNameParts(question: ScopedQuestion, chunks: readonly RetrievedChunk[]): Set<string> {
  const names = question.names.filter((name) => !namesMemberState(question, name));
  const first = chunks[0];
  if (!first?.termWeights) return new Set();
  const absent = new Set(first.absentTerms ?? []);
  const known = new Set(
    Object.keys(first.termWeights)
      .filter((term) => !absent.has(term))
      .flatMap((term) => term.split(' or ')),
  );
  return new Set(names.flatMap((name) => name.split(/[-'’/]/u)).filter((part) => known.has(part)));
}

/** Whether the passage holds one of these name parts. */
export function holdsANameOf(chunk: RetrievedChunk, parts: ReadonlySet<string>): boolean {
  return (chunk.matchedTerms ?? []).some((term) => term.split(' or ').some((part) => parts.has(part)));
}

/** Whether the passage is of a document of a Member State the question names: it holds that name, said or not. */
export function ofANamedState(question: ScopedQuestion, chunk: RetrievedChunk): boolean {
  return chunk.memberStateName !== null && question.memberStates.has(chunk.memberStateName);
}

/**
 * A passage holding none of the question's proper names is about something else ("the population
 * of Bakanzi"); a Member State's name is held by that State's documents.
 */
export const keepPassagesHoldingNamesStep: PassageStep = {
  name: 'keep-passages-holding-names',
  run: (selection) => {
    const question = selection.question;
    if (!question) return selection;
    const parts = knownNameParts(question, selection.chunks);
    const namesState = question.names.some((name) => namesMemberState(question, name));
    if (parts.size === 0 && !namesState) return selection;
    // A State named anywhere, first word included ("Kyrgyzstan is running for the Security Council…"), is held by its documents.
    const statesNamed = namesState || question.memberStates.size > 0;
    const holds = (chunk: RetrievedChunk) =>
      holdsANameOf(chunk, parts) ||
      (statesNamed && (ofANamedState(question, chunk) || (chunk.matchedTerms ?? []).some((term) => namesMemberState(question, term))));
    return { ...selection, chunks: selection.chunks.filter(holds) };
  },
};
