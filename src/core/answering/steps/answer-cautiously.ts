import { kindTermsOf } from '../../retrieval/document-kinds.js';
import { nameStems } from '../../retrieval/member-state-names.js';
import type { RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import { focusTerms } from '../../retrieval/term-shares.js';
import { bm25Scores, median, mostTermsTogether } from '../passage-bm25.js';
import { knownNameParts } from './keep-passages-holding-names.js';
import type { PassageStep } from './passage-step.js';

/**
 * The trade-off, decided: a false refusal costs a member more than a cautious answer that quotes the
 * closest passage and says it may not answer exactly (scope is enforced in SQL whatever this step
 * decides, so quoting leaks nothing). When no passage passes the confident cut, the passage with the
 * best BM25 score over the scope is quoted with that caveat if the scope holds most of the
 * question, the passage holds what the question names (its kind of document, proper names, figures),
 * holds subject words close together, and stands clearly above the other passages retrieved for the
 * question. Not required: the question's rarest word, which in a paraphrase is often the very word
 * the text says otherwise ("optimistic" for "bleak").
 */
/** A figure the question names is in the passage, or in its document's title or date (the year of a statement). */
export function holdsFigure(chunk: RetrievedChunk, figure: string): boolean {
  return [chunk.text, chunk.title, chunk.documentDate ?? ''].some((field) => field.includes(figure));
}

export const answerCautiouslyStep: PassageStep = {
  name: 'answer-cautiously',
  run: (selection, policy) => {
    const question = selection.question;
    if (selection.decision !== 'undecided' || !question || selection.chunks.length === 0) return selection;
    const stems = [...question.memberStates].flatMap(nameStems);
    const kindTerms = kindTermsOf(question.text, [...question.termWeights.keys()]);
    // The subject: the known words less those naming a Member State or a kind of document (they filter, not ask).
    const subject = question.knownTerms
      .flatMap((term) => term.split(' or '))
      .filter((term) => !kindTerms.has(term) && !stems.some((stem) => term.startsWith(stem)));
    if (subject.length === 0) return selection;
    // A question whose subject (its rarer half of words, by idf over the scope) is mostly in no
    // document of the scope asks about something the scope lacks.
    const focus = focusTerms([...question.termWeights]);
    const total = focus.reduce((sum, [, w]) => sum + w, 0);
    const known = focus.reduce((sum, [term, w]) => sum + (question.absentTerms.has(term) ? 0 : w), 0);
    if (known < policy.cautiousMinKnownShare * total) return selection;
    const together = Math.min(policy.cautiousMinTermsTogether, subject.length);
    const names = knownNameParts(question, selection.chunks);
    const scored = bm25Scores(selection.retrieved, question.termWeights, policy.bm25K1, policy.bm25B);
    // The question's score distribution is the ranked list's, and the closest passage one of it: the
    // further passages of a named State handed on are weighed against each other (answer-from-named-state).
    const ranked = scored.filter(({ chunk }) => !chunk.ofNamedStateBeyondRanking);
    const typical = median(ranked.map((entry) => entry.score));
    const holdsEveryName = (chunk: RetrievedChunk) =>
      [...names].every((part) => (chunk.matchedTerms ?? []).some((term) => term.split(' or ').includes(part)));
    const candidates = ranked
      .filter((entry) => selection.chunks.includes(entry.chunk))
      .sort((a, b) => b.score - a.score)
      .filter(
        ({ chunk, score }) =>
          (question.kinds.length === 0 || question.kinds.includes(chunk.kind)) &&
          holdsEveryName(chunk) &&
          question.numbers.every((figure) => holdsFigure(chunk, figure)) &&
          score >= policy.cautiousStanding * typical,
      );
    // The best passage holding subject words together; failing that, one standing far above the rest
    // (a paraphrase spreads the subject words over its sentence, yet its passage outscores the others).
    const closest =
      candidates.find(({ found }) => mostTermsTogether(found, subject, policy.proximityWindow) >= together) ??
      candidates.find(({ score }) => score >= policy.cautiousStandingAlone * typical);
    if (!closest) return selection;
    return { ...selection, chunks: [closest.chunk], anchors: [closest.chunk], decision: 'cautious', decidedBy: 'answer-cautiously' };
  },
};
