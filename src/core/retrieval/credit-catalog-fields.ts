import { kindTermsOf } from './document-kinds.js';
import { memberStatesNamed, termNamesState, weighedTerms } from './member-state-names.js';
import type { RetrievedChunk } from './retrieved-chunk.js';
import { creditTerms, termShares } from './term-shares.js';

type Scored = Pick<RetrievedChunk, 'kind' | 'memberStateName' | 'coverage' | 'focusCoverage' | 'matchedTerms' | 'termWeights'>;

/**
 * A passage holds the question's words that name its document's catalog fields, whether or not
 * its text says them: the document kind ("which needs lists call for…", and a needs list's item
 * never says "list") and the Member State ("the Jaldara needs", and the list is in Arabic, or the
 * passage is one page of a report whose title alone names the State). Kind and State are
 * structured fields of the catalog, so such a passage is credited those words' weight in its
 * coverage and focus share, by the same idf shares as retrieval, and counts them as matched. When
 * the question names Member States, only their documents and general ones get the kind's words.
 */
export function creditCatalogFields<T extends Scored>(question: string, passages: T[]): T[] {
  const weighed = weighedTerms(question, passages);
  if (!weighed) return passages;
  const terms = weighed.map(([term]) => term);
  const kindTerms = kindTermsOf(question, terms);
  const states = memberStatesNamed(question, passages);
  // State names stay terms only when the question names one State (weighedTerms).
  const stateTerms = new Map([...states].map((state) => [state, terms.filter((term) => termNamesState(term, state))]));
  if (kindTerms.size === 0 && [...stateTerms.values()].every((held) => held.length === 0)) return passages;
  const shares = termShares(weighed);
  let changed = false;
  const credited = passages.map((passage) => {
    if (states.size > 0 && passage.memberStateName !== null && !states.has(passage.memberStateName)) return passage;
    const matched = new Set(passage.matchedTerms ?? []);
    const fields = [
      ...[...kindTerms].filter(([, kinds]) => kinds.includes(passage.kind)).map(([term]) => term),
      ...(passage.memberStateName === null ? [] : (stateTerms.get(passage.memberStateName) ?? [])),
    ];
    const gained = [...new Set(fields)].filter((term) => !matched.has(term));
    if (gained.length === 0) return passage;
    changed = true;
    // Added to retrieval's own shares, which may weigh more than the matched terms (State adjectives).
    return creditTerms(passage, gained, shares);
  });
  return changed ? credited.sort((a, b) => b.coverage - a.coverage) : passages;
}
