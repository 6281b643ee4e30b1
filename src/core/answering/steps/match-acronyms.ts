import { weighedTerms } from '../../retrieval/member-state-names.js';
import type { RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import { creditTerms, termShares } from '../../retrieval/term-shares.js';
import { acronymsIn, spellsOut } from '../acronyms.js';
import type { PassageStep } from './passage-step.js';

/** The letters a question term spells, if the question wrote it as an acronym ("ftfs" of "FTFs" → "ftf", "tor" of "ToR" → "tr"). */
export function acronymOf(term: string, acronyms: ReadonlyMap<string, string>): string | null {
  return acronyms.get(term) ?? acronyms.get(term.replace(/s$/u, '')) ?? null;
}

/**
 * A passage that spells out an acronym of the question ("gross national income" for "GNI"), or
 * whose document's title does (a working group's terms of reference for "RM"), holds that term: it
 * counts as matched, in coverage and focus coverage by the scope's idf shares (as retrieval counts a
 * matched word), and the term is no longer one the scope lacks.
 */
export const matchAcronymsStep: PassageStep = {
  name: 'match-acronyms',
  run: (selection) => {
    const question = selection.question;
    if (!question) return selection;
    const acronyms = acronymsIn(question.text);
    const terms = [...question.termWeights.keys()].filter((term) => acronymOf(term, acronyms) !== null);
    if (terms.length === 0) return selection;
    const weighed = weighedTerms(question.text, selection.retrieved);
    if (!weighed) return selection;
    const shares = termShares(weighed);
    const credited = new Map<RetrievedChunk, RetrievedChunk>();
    for (const chunk of selection.retrieved) {
      const matched = new Set(chunk.matchedTerms ?? []);
      const gained = terms.filter((term) => !matched.has(term) && spellsOut(`${chunk.title}\n${chunk.text}`, acronymOf(term, acronyms)!));
      if (gained.length === 0) continue;
      credited.set(chunk, creditTerms(chunk, gained, shares));
    }
    if (credited.size === 0) return selection;
    const found = new Set([...credited.values()].flatMap((chunk) => chunk.matchedTerms ?? []));
    const update = (chunk: RetrievedChunk) => {
      const next = credited.get(chunk) ?? chunk;
      return chunk.absentTerms ? { ...next, absentTerms: chunk.absentTerms.filter((term) => !found.has(term)) } : next;
    };
    const byCoverage = (a: RetrievedChunk, b: RetrievedChunk) => b.coverage - a.coverage;
    return {
      ...selection,
      retrieved: selection.retrieved.map(update).sort(byCoverage),
      chunks: selection.chunks.map(update).sort(byCoverage),
    };
  },
};
