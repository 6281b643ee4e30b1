import type { RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import type { PassageStep } from './passage-step.js';

/**
 * The proper names the question names, as their parts that are question terms the scope holds
 * (not acronyms, which name entities documents often leave unsaid).
 */
export function knownNameParts(names: readonly string[], chunks: readonly RetrievedChunk[]): Set<string> {
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

/** A passage holding none of the question's proper names is about something else ("the population of Bakanzi"). */
export const keepPassagesHoldingNamesStep: PassageStep = {
  name: 'keep-passages-holding-names',
  run: (selection) => {
    if (!selection.question) return selection;
    const parts = knownNameParts(selection.question.names, selection.chunks);
    if (parts.size === 0) return selection;
    return { ...selection, chunks: selection.chunks.filter((chunk) => holdsANameOf(chunk, parts)) };
  },
};
