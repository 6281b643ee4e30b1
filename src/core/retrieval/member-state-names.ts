import distance from 'damerau-levenshtein';
import { termShares } from './term-shares.js';
import type { RetrievedChunk } from './retrieved-chunk.js';

/**
 * A record about one Member State's document: its directory name and, when the directory import
 * supplied them, every form naming it (src/ingest/member-state-name-forms.ts: names, formal names,
 * alternatives and adjectives in the six UN languages from maintained datasets; for an invented
 * State, its directory name, distinctive words and derived adjectives).
 */
export interface StateNamedRecord {
  memberStateName: string | null;
  memberStateNames?: readonly string[] | null;
}

/**
 * The forms seen with each directory name. Records carry them (passages, catalog entries); the
 * functions that take a name alone (nameStems, termNamesState) read them here. A directory name
 * belongs to one State and its forms come from the directory import, so the latest seen is right.
 */
const knownForms = new Map<string, readonly string[]>();

function rememberForms(records: readonly StateNamedRecord[]): void {
  for (const record of records)
    if (record.memberStateName && record.memberStateNames && record.memberStateNames.length > 0)
      knownForms.set(record.memberStateName, record.memberStateNames);
}

/** The forms naming a State: those imported with the directory, else its directory name alone. */
function formsOf(name: string): readonly string[] {
  return knownForms.get(name) ?? [name];
}

/** Lower case without diacritics or tatweel, one apostrophe: how forms and questions are compared. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\p{M}\u0640]/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’ʼ`]/gu, "'");
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "UK", "U.S.": capitals only, four letters at most. */
function isAbbreviation(form: string): boolean {
  return /^[\p{Lu}.]+$/u.test(form) && form.replace(/[^\p{L}]/gu, '').length <= 4;
}

const patterns = new Map<string, RegExp>();

/**
 * The pattern of one form in a question. Abbreviations ("UK", "US") match as written, capitals
 * included ("us" is a pronoun). Chinese has no spaces: a form matches anywhere. Otherwise a form
 * matches as whole words with the inflections of its language: English plural and possessive
 * ("Skarnlanders", "Iran's"), Russian case endings (Ирака, Сирии), Arabic proclitics, article and
 * relative suffix (والعراق, العراقية).
 */
function patternOf(form: string): RegExp {
  const cached = patterns.get(form);
  if (cached) return cached;
  let pattern: RegExp;
  if (isAbbreviation(form)) {
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escape(form)}(?![\\p{L}\\p{N}])`, 'gu');
  } else {
    const folded = fold(form);
    if (/\p{Script=Han}/u.test(folded)) pattern = new RegExp(escape(folded), 'gu');
    else if (/\p{Script=Cyrillic}/u.test(folded))
      pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escape(folded.replace(/[аяоеиыйь]$/u, ''))}\\p{L}{0,3}(?![\\p{L}\\p{N}])`, 'gu');
    else if (/\p{Script=Arabic}/u.test(folded)) {
      const bare = folded.replace(/^ال/u, '');
      pattern = new RegExp(`(?<![\\p{L}\\p{N}])[وفبلك]?(?:ال)?${escape(bare)}(?:ي|ية|يون|يين)?(?![\\p{L}\\p{N}])`, 'gu');
    } else pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escape(folded)}(?:s|'s)?(?![\\p{L}\\p{N}])`, 'gu');
  }
  patterns.set(form, pattern);
  return pattern;
}

const needles = new Map<string, string>();

/** What the text must contain for the form's pattern to match (its folded letters less an ending or article), checked before the pattern. */
function needleOf(form: string): string {
  let needle = needles.get(form);
  if (needle === undefined) {
    const folded = isAbbreviation(form) ? form : fold(form);
    needle = /\p{Script=Cyrillic}/u.test(folded) ? folded.slice(0, -1) : folded.replace(/^ال/u, '');
    needles.set(form, needle);
  }
  return needle;
}

/** Where a form occurs in the question: [start, end) in the folded (or, for abbreviations, the NFKC) text. */
function spansOf(form: string, question: { raw: string; folded: string }): [number, number][] {
  const text = isAbbreviation(form) ? question.raw : question.folded;
  if (!text.includes(needleOf(form))) return [];
  return [...text.matchAll(patternOf(form))].map((match) => [match.index, match.index + match[0].length]);
}

/** Whether a question term names the State: one of its one-word forms (a name or adjective), as written or in the plural. */
export function termNamesState(term: string, stateName: string): boolean {
  const words = oneWordForms(stateName);
  return term.split(' or ').some((part) => words.some((word) => part === word || part === `${word}s`));
}

/** The State's forms that are one word, lower-cased ("iran", "iranian", "иран"; not "uk", which only its capitals name). */
function oneWordForms(name: string): string[] {
  return formsOf(name)
    .filter((form) => !isAbbreviation(form))
    .map(fold)
    .filter((form) => /^[\p{L}'-]+$/u.test(form) && !/\p{Script=Han}/u.test(form));
}

/**
 * The State's one-word names and adjectives of four letters or more, lower-cased: what a passage's
 * text or a question term starts with when it speaks of the State ("iraq", "iraqi", "valdorian").
 */
export function nameStems(name: string): string[] {
  const forms = knownForms.has(name) ? oneWordForms(name) : fold(name).split(/[^\p{L}]+/u);
  return [...new Set(forms.filter((form) => form.length >= 4))];
}

/**
 * The Member States among the records' that the question names, by any of their forms ("Syria",
 * "the UK", "Britain", "Koravian nationals"). A form inside a longer form of another State is not
 * a mention of it ("Guinea" in "Equatorial Guinea"). Names come from the directory import (via
 * the records), so nothing here is tuned to a corpus.
 */
export function memberStatesNamed(question: string, records: readonly StateNamedRecord[]): Set<string> {
  return new Set(mentionsOf(question, records).map((mention) => mention.name));
}

/**
 * The words of the question that name a Member State ("ivory" and "coast" of "Ivory Coast",
 * "american"), folded: together they are one name, held by the State's documents and by any of its
 * forms, whether or not a passage writes these very words.
 */
export function memberStateMentionWords(question: string, records: readonly StateNamedRecord[]): Set<string> {
  return new Set(
    mentionsOf(question, records).flatMap((mention) =>
      fold(mention.text)
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    ),
  );
}

/** The Member States the question names, in the order it first names them ("Saudi Arabia … the Iranian regime"). */
export function memberStatesInOrder(question: string, records: readonly StateNamedRecord[]): string[] {
  const mentions = mentionsOf(question, records).sort((a, b) => a.start - b.start);
  return [...new Set(mentions.map((mention) => mention.name))];
}

/** The directory names of the records' Member States, each once. */
function stateNamesOf(records: readonly StateNamedRecord[]): string[] {
  return [...new Set(records.map((record) => record.memberStateName).filter((n): n is string => Boolean(n)))];
}

function mentionsOf(question: string, records: readonly StateNamedRecord[]): { name: string; start: number; text: string }[] {
  rememberForms(records);
  const text = { raw: question.normalize('NFKC'), folded: fold(question) };
  const found: { name: string; start: number; end: number; text: string }[] = [];
  for (const name of stateNamesOf(records))
    for (const form of formsOf(name))
      for (const [start, end] of spansOf(form, text))
        found.push({ name, start, end, text: (isAbbreviation(form) ? text.raw : text.folded).slice(start, end) });
  return found.filter(
    (mention) =>
      !found.some(
        (other) =>
          other.name !== mention.name &&
          other.start <= mention.start &&
          other.end >= mention.end &&
          other.end - other.start > mention.end - mention.start,
      ),
  );
}

/** Shortest one-word name a misspelling is read as: in shorter names one letter more or less is another word ("Mali", "Chad"). */
const MIN_MISSPELT_NAME = 6;

/**
 * The question with Member State names written with one letter wrong, missing, extra or swapped
 * ("Djbouti", "Valdora") spelled as the State's form, so that search and the answer steps read the
 * name the member meant rather than a name the scope lacks. A word is read so when it is written as
 * a name (capitalised, not a sentence's first word), no document of the scope holds it (`absent`,
 * the search's absent terms: "Islands" is one edit from "Islande" too), names no State itself, and
 * is one edit from one-word forms of exactly one State: a word one edit from two States' names names
 * neither.
 */
export function withStateNamesSpelled(question: string, records: readonly StateNamedRecord[], absent: ReadonlySet<string>): string {
  // Most questions hold no word the scope lacks: nothing to read against every State's forms.
  if (absent.size === 0) return question;
  rememberForms(records);
  const forms = stateNamesOf(records).map((name) => oneWordForms(name).filter((form) => form.length >= MIN_MISSPELT_NAME));
  const said = new Set(mentionsOf(question, records).flatMap((mention) => fold(mention.text).split(/[^\p{L}]+/u)));
  let spelled = false;
  const text = question.normalize('NFKC').replace(/(?<![.?!¿¡:]\s*|^\s*)(?<=\s)\p{Lu}[\p{L}\p{M}]*/gu, (written) => {
    const word = fold(written);
    if (word.length < MIN_MISSPELT_NAME - 1 || said.has(word) || !absent.has(written.toLowerCase())) return written;
    const near = forms
      .map((words) => words.find((form) => Math.abs(form.length - word.length) <= 1 && distance(word, form).steps === 1))
      .filter((form): form is string => form !== undefined);
    if (near.length !== 1) return written;
    spelled = true;
    return near[0]!.charAt(0).toUpperCase() + near[0]!.slice(1);
  });
  return spelled ? text : question;
}

type Scored = Pick<RetrievedChunk, 'memberStateName' | 'memberStateNames' | 'coverage' | 'focusCoverage' | 'matchedTerms' | 'termWeights'>;

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
