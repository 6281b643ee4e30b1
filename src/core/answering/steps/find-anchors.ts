import { namesItsDocument, type RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import type { AnswerPolicy } from '../answer-policy.js';
import type { PassageStep } from './passage-step.js';
import { holdsFigure } from './answer-cautiously.js';

/**
 * A passage holding every one of the question's terms that occur anywhere in the scope is the best
 * match the scope can give (the words it lacks are in no document at all), when at least half the
 * question's words, counted, are known to the scope and there are enough of them to say something.
 */
export function holdsEveryKnownTerm(chunk: RetrievedChunk, policy: AnswerPolicy): boolean {
  if (!chunk.termWeights || !chunk.matchedTerms) return false;
  const absent = new Set(chunk.absentTerms ?? []);
  const terms = Object.keys(chunk.termWeights);
  const known = terms.filter((term) => !absent.has(term));
  const matched = new Set(chunk.matchedTerms);
  return known.length >= policy.minKnownTerms && known.length >= terms.length - known.length && known.every((term) => matched.has(term));
}

/**
 * Whether a passage answers on its own: it covers the question and its subject (or belongs to the
 * document the question names, or holds a code it names), or holds every term the scope knows.
 */
export function isAnchor(chunk: RetrievedChunk, policy: AnswerPolicy, codes: readonly string[], kinds: readonly string[]): boolean {
  const covered = chunk.coverage >= policy.minCoverage;
  const focus = chunk.focusCoverage ?? chunk.coverage;
  const aboutSubject = focus >= policy.minFocusCoverage || (chunk.coverage >= policy.strongCoverage && focus >= policy.minFocusWhenStrong);
  const fromNamedDocument = namesItsDocument(chunk) && (chunk.beyondTitleCoverage ?? 1) > 0;
  // An identifier is an exact reference: a passage holding a code the question names is about what it asks.
  const holdsCode = codes.some((code) => chunk.text.toLowerCase().includes(code));
  // A question naming this passage's document asks something of it beyond its title words.
  const asksBeyondItsTitle = (chunk.titleCoverage ?? 0) < 0.5 || (chunk.beyondTitleCoverage ?? 1) > 0;
  // A question naming a kind of document asks for one: a passage of another kind is not that document.
  const ofNamedKind = kinds.length === 0 || kinds.includes(chunk.kind);
  const lexical =
    asksBeyondItsTitle &&
    ((covered && (aboutSubject || fromNamedDocument || holdsCode)) || (ofNamedKind && holdsEveryKnownTerm(chunk, policy)));
  return lexical || (chunk.similarity !== null && chunk.similarity >= policy.minSimilarity);
}

/**
 * A figure the question names ("STRs received in 2024") is a named term: when no passage of the
 * anchors' documents holds one of them, the anchors answer another question ("94 reports in 2025").
 * One is enough, in any retrieved passage of those documents: a comparison or a two-part question
 * names figures that different passages hold.
 */
const holdsANamedFigure = (chunk: RetrievedChunk, numbers: readonly string[]) =>
  numbers.length === 0 || numbers.some((figure) => holdsFigure(chunk, figure));

/** The passages that pass the confident cut. */
export const findAnchorsStep: PassageStep = {
  name: 'find-anchors',
  run: (selection, policy) => {
    const anchors = selection.chunks.filter((chunk) =>
      isAnchor(chunk, policy, selection.question?.codes ?? [], selection.question?.kinds ?? []),
    );
    const numbers = selection.question?.numbers ?? [];
    const documents = new Set(anchors.map((chunk) => chunk.documentId));
    return selection.retrieved.some((chunk) => documents.has(chunk.documentId) && holdsANamedFigure(chunk, numbers))
      ? { ...selection, anchors, decision: 'confident', decidedBy: 'find-anchors' }
      : selection;
  },
};
