import { termShares } from './term-shares.js';
import type { RetrievedChunk } from './retrieved-chunk.js';

/** Words that many Member State names share ("Republic of …", "United Republic of …"): they name no one State. */
const SHARED_NAME_WORDS = new Set(['islands', 'republic', 'kingdom', 'state', 'states', 'federation', 'federal', 'united']);

/** English endings that make a State's adjective or people from its name ("Koravian", "Skarnlanders"); retrieval's SQL uses the same. */
export const DEMONYM_ENDINGS = ['n', 'an', 'ans', 'ian', 'ians', 'ese', 'ic', 'er', 'ers', 'ish', 'i'] as const;

/** Whether a question term names the State: one of its name words, or their stem with an English demonym ending. */
export function termNamesState(term: string, stateName: string): boolean {
  const words = stateName
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length >= 5 && !SHARED_NAME_WORDS.has(word));
  return term.split(' or ').some((part) =>
    words.some((word) => {
      const stem = word.replace(/[aeiouy]$/u, '');
      return (
        part === word ||
        (stem.length >= 5 && part.startsWith(stem) && (DEMONYM_ENDINGS as readonly string[]).includes(part.slice(stem.length)))
      );
    }),
  );
}

/** The first letters of a Member State's name words that every adjective shares ("Valdori" of Valdoria, Valdorian). */
export function nameStems(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length >= 5 && !SHARED_NAME_WORDS.has(word))
    .map((word) => word.replace(/[aeiouy]$/u, ''));
}

/**
 * The Member States among the passages' that the question names, by name or adjective ("Koravian
 * nationals"): a word of the question starts with the stem of one of the State's name words. Names
 * come from the directory (via the passages), so nothing here is tuned to a corpus.
 */
export function memberStatesNamed(question: string, chunks: readonly Pick<RetrievedChunk, 'memberStateName'>[]): Set<string> {
  const words = question
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length >= 4);
  const named = new Set<string>();
  for (const name of new Set(chunks.map((chunk) => chunk.memberStateName).filter((n): n is string => Boolean(n)))) {
    if (nameStems(name).some((stem) => words.some((word) => word.startsWith(stem)))) named.add(name);
  }
  return named;
}

type Scored = Pick<RetrievedChunk, 'memberStateName' | 'coverage' | 'focusCoverage' | 'matchedTerms' | 'termWeights'>;

/**
 * A question naming several Member States ("across the needs lists for Kavrenia, Zafira and
 * Lombeza, which needs…") is about each of them, yet a passage can name one only: the State names
 * would cap every passage's coverage. They act as a filter instead (onlyNamedMemberStates), so
 * coverage and focus coverage are computed over the question's other terms, with the same idf
 * weights and the same "rarer half" rule as retrieval. A question naming one State keeps the name
 * as a term: there it tells the State's passages from general ones. Returns the passages rescored,
 * best first, or unchanged when fewer than two States are named.
 */
export function rescoreAcrossNamedStates<T extends Scored>(question: string, passages: T[]): T[] {
  const kept = weighedTerms(question, passages);
  if (!kept || kept.length === Object.keys(passages[0]?.termWeights ?? {}).length || kept.length === 0) return passages;
  const shares = termShares(kept);
  return passages
    .map((passage) => {
      const held = new Set(passage.matchedTerms ?? []);
      return { ...passage, coverage: shares.coverage(held), focusCoverage: shares.focusCoverage(held) };
    })
    .sort((a, b) => b.coverage - a.coverage);
}

/**
 * The question's terms with their weights as coverage weighs them: all of them, or, when the
 * question names several Member States, those other than the States' names (see above).
 */
export function weighedTerms(question: string, passages: readonly Scored[]): [string, number][] | null {
  const weights = passages[0]?.termWeights;
  if (!weights) return null;
  const named = memberStatesNamed(question, passages);
  if (named.size < 2) return Object.entries(weights);
  const stems = [...named].flatMap(nameStems);
  return Object.entries(weights).filter(([term]) => !term.split(' or ').some((part) => stems.some((stem) => part.startsWith(stem))));
}
