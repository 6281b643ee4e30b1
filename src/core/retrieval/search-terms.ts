import type { Language } from './retrieved-chunk.js';
import { asksSomething } from './interrogatives.js';

/**
 * How text becomes searchable, shared by ingestion (documents) and retrieval (questions) so both
 * sides agree. Postgres has stemmers for five UN languages; Chinese has none and no word spaces, so
 * runs of Han characters become overlapping character bigrams indexed with the `simple` config.
 */

const TEXT_SEARCH_CONFIG: Record<Language, string> = {
  en: 'english',
  fr: 'french',
  es: 'spanish',
  ru: 'russian',
  ar: 'arabic',
  zh: 'simple',
};

export function textSearchConfig(language: Language): string {
  return TEXT_SEARCH_CONFIG[language];
}

const HAN_RUN = /\p{Script=Han}+/gu;

/** "全球保护" → "全球 球保 保护"; other text is left as it is. A lone Han character stays a token. */
export function hanBigrams(text: string): string {
  return text.replace(HAN_RUN, (run) => {
    const chars = [...run];
    if (chars.length === 1) return ` ${run} `;
    const grams: string[] = [];
    for (let i = 0; i + 1 < chars.length; i += 1) grams.push(`${chars[i]}${chars[i + 1]}`);
    return ` ${grams.join(' ')} `;
  });
}

/** The text handed to to_tsvector for a passage: bigrams for Han characters in any document. */
export function toSearchText(text: string): string {
  return /\p{Script=Han}/u.test(text) ? hanBigrams(text) : text;
}

/**
 * Stop words per language, from a standard list (the composition root loads stopwords-iso): words
 * that frame a sentence in that language, whatever the corpus. The database's own stemmer stop
 * lists apply on top; Chinese and Arabic have none there.
 */
export type StopWords = Partial<Record<Language, ReadonlySet<string>>>;

/** A word's dictionary form per language, where the composition root has a lemmatizer (src/app/word-forms.ts). */
export type BaseForms = Partial<Record<Language, (word: string) => string>>;

/**
 * Function characters: a bigram containing one mostly spans a word boundary ("年的", "算是") and
 * names nothing, yet, being rare, would weigh like a subject word.
 */
const CHINESE_FUNCTION_CHARACTERS = /[的是了吗呢么什哪这那之其与和及或也都被把吧呀啊]/u;

/**
 * The question's terms, one per word (Chinese: one per bigram), deduplicated, without punctuation
 * that websearch_to_tsquery would read as an operator. The database stems them with the question
 * language's configuration and drops its stop words.
 */
export function questionTerms(question: string, language: Language, stopWords: StopWords = {}, baseForms: BaseForms = {}): string[] {
  const terms = termsOf(question, language, stopWords, baseForms);
  const parts = requestAfterQuestion(question);
  if (!parts) return terms;
  // The question itself must say enough to search on ("Is that so? The report says…" asks in its second part).
  const asked = new Set(termsOf(parts.asked, language, stopWords, baseForms));
  if (asked.size < 2) return terms;
  // A name or a figure the request adds still narrows what is asked ("…? Only for Kenaroua.").
  const named = new Set(
    [...parts.request.matchAll(/(?<=[\p{L}\p{N},;:]\s+)\p{Lu}[\p{L}\p{M}]*|[\p{L}\p{N}-]*\d[\p{L}\p{N}-]*/gu)].map((m) =>
      m[0].toLowerCase(),
    ),
  );
  return terms.filter((term) => asked.has(term) || named.has(term.split(' or ')[0]!));
}

/**
 * What follows a question's last question mark when that is no question: a request about the
 * answer's form or the asker's purpose ("Give the need numbers.", "I need the dates for my
 * calendar."). It names nothing the documents hold, and its words would count as missing. What
 * holds an interrogative is a question without its mark ("…numbers? how many extremists").
 */
export function requestAfterQuestion(question: string): { asked: string; request: string } | null {
  const match = /^([\s\S]*[?？؟])([^?？؟]*[\p{L}\p{N}][^?？؟]*)$/u.exec(question);
  return match && !asksSomething(match[2]!) ? { asked: match[1]!, request: match[2]! } : null;
}

/** The question without a request after it. */
export function askedPart(question: string): string {
  return requestAfterQuestion(question)?.asked ?? question;
}

function termsOf(question: string, language: Language, stopWords: StopWords, baseForms: BaseForms): string[] {
  // Markup comments are invisible in chat clients; whatever they say is not part of the question.
  const normalized = question
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(\p{L})['’]s\b/gu, '$1')
    .replace(/’/gu, "'");
  const stop = stopWords[language] ?? new Set<string>();
  // Capitalised words inside a sentence are names; a sentence's first word is capitalised anyway.
  const names = new Set(
    [...question.normalize('NFKC').matchAll(/(?<![.?!¿¡]\s*|^\s*)(?<=\s)\p{Lu}[\p{L}\p{M}]*/gu)].map((match) => match[0].toLowerCase()),
  );
  const terms: string[] = [];
  const text = /\p{Script=Han}/u.test(normalized) ? hanBigrams(normalized) : normalized;
  // An apostrophe separates words (the elisions of French: "l'État", "d'Ivoire"), except inside an
  // English name written with one ("Da'esh"), which stays one word.
  const pieces = text
    .split(/[\s,;:!?¿¡()[\]{}"«»“”„`<>|=+*~^&#]+/u)
    .flatMap((raw) => (language === 'en' && APOSTROPHE_NAME.test(trimmed(raw)) ? [raw] : raw.split(/'+/u)));
  for (const raw of pieces) {
    // Trim punctuation at the edges ("drones." "-" "'s") but keep inner hyphens, dots and slashes (VAL-TA-02, I-24/7, 1.15).
    const word = trimmed(raw);
    if (word.length === 0) continue;
    // It is searched as written and without the apostrophe ("da'esh or daesh": the parser reads the
    // written form as a phrase of its parts, and texts write it both ways).
    if (APOSTROPHE_NAME.test(word)) {
      const term = `${word} or ${word.replace("'", '')}`;
      if (!terms.includes(term)) terms.push(term);
      continue;
    }
    if (stop.has(word)) continue;
    if (/^\p{Script=Han}{2}$/u.test(word) && CHINESE_FUNCTION_CHARACTERS.test(word)) continue;
    if (!/[\p{L}\p{N}]/u.test(word)) continue;
    // "or"/"and" would become operators inside websearch_to_tsquery; they are stop words anyway.
    if (word === 'or' || word === 'and') continue;
    // A hyphenated word is searched as its parts: "technical-assistance" must find "technical
    // assistance" (the parser indexes the compound only when it is written with the hyphen). Codes
    // with digits (VAL-TA-02, I-24/7) stay whole; a count before a word ("42-country", "20-year") is
    // no code but a figure and a word, which texts write in their own way ("the 42-member group").
    const measure = /^\d+(?:[.,]\d+)?-\p{L}{3,}$/u.test(word);
    const parts = (/\d/.test(word) && !measure) || !word.includes('-') ? [word] : word.split('-').filter((part) => part.length > 0);
    // Inside a compound a listed word is no function word: "high-priority" asks for the high ones.
    const compound = parts.length > 1 && parts.some((part) => !stop.has(part));
    for (const part of parts) {
      if (stop.has(part) && !compound) continue;
      // "وما" (and what) is a stop word behind a one-letter proclitic.
      if (language === 'ar' && part.length > 2 && ARABIC_PROCLITICS.includes(part[0] ?? '') && stop.has(part.slice(1))) continue;
      const term =
        language === 'ar'
          ? withoutArabicProclitic(part)
          : language === 'en' && names.has(part)
            ? withoutDiacritics(part)
            : withIrregularBase(part, baseForms[language]);
      if (!terms.includes(term)) terms.push(term);
    }
  }
  return terms;
}

/** An English word of two parts joined by an apostrophe, each of two letters or more ("Da'esh"): a name, not an elision. */
const APOSTROPHE_NAME = /^\p{L}{2,}'\p{L}{2,}$/u;

/** A word without the punctuation at its edges ("drones." "(VAL-TA-02)"), inner hyphens, dots and slashes kept. */
export const trimmed = (raw: string) => raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/**
 * Words the question writes in capitals that the stop list drops ("the UK", "the US"): they may be a
 * Member State's short name, which retrieval keeps as a term only when the directory names a State so.
 */
export function capitalisedStopWords(question: string, language: Language, stopWords: StopWords = {}): string[] {
  const stop = stopWords[language] ?? new Set<string>();
  const words = question.match(/\b\p{Lu}{2,5}\b/gu) ?? [];
  return [...new Set(words.map((word) => word.toLowerCase()).filter((word) => stop.has(word)))];
}

/**
 * A name (a capitalised Latin word) with diacritics in an English question is searched in both
 * spellings ("são or sao"): English texts write foreign names with or without them (São Tomé, Sao
 * Tome; Türkiye, Turkiye), while in French or Spanish the accents are the spelling.
 */
function withoutDiacritics(word: string): string {
  if (!/\p{Script=Latin}/u.test(word)) return word;
  const folded = word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
  return folded === word ? word : `${word} or ${folded}`;
}

/**
 * An irregular form is searched with its dictionary form too ("withdrawn or withdraw", "sought or
 * seek"): the stemmer strips regular endings only ("-ed", "-ing", "-s"), which it handles itself.
 */
function withIrregularBase(word: string, baseForm: ((word: string) => string) | undefined): string {
  if (!baseForm || /(?:ed|ing|s)$/u.test(word) || /\d/u.test(word)) return word;
  const base = baseForm(word);
  return base && base !== word ? `${word} or ${base}` : word;
}

/**
 * Arabic attaches one-letter proclitics (و and, ف so, ب with, ل for, ك like) to the word; the
 * stemmer leaves a bare one on ("لمملكة" for the Kingdom). A long enough word is searched in both
 * forms, as a websearch OR: "لمملكة or مملكة".
 */
const ARABIC_PROCLITICS = 'وفبلك';

function withoutArabicProclitic(word: string): string {
  const letters = [...word];
  if (letters.length < 5 || !ARABIC_PROCLITICS.includes(letters[0] ?? '') || word.startsWith('ال')) return word;
  return `${word} or ${letters.slice(1).join('')}`;
}
