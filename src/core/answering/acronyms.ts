/**
 * Acronyms a question writes for what the texts spell out ("GNI" for "gross national income",
 * "FTFs" for "foreign terrorist fighters", "UAE"): a word of the question in capitals matches a run
 * of words whose initials spell it, the small words inside a name ("of", "and", "the") skipped
 * (the usual acronym-definition rule of Schwartz and Hearst, 2003). Language-neutral: no list of
 * acronyms of ours.
 */

/** Lower-case words inside a name that its acronym usually leaves out, in the alphabetic UN languages. */
const JOINING_WORDS = new Set([
  'of',
  'and',
  'the',
  'for',
  'on',
  'in',
  'to',
  'de',
  'des',
  'du',
  'la',
  'le',
  'les',
  'et',
  'del',
  'y',
  'el',
  'los',
  'las',
  'и',
  'по',
  'в',
]);

/**
 * The question's words written as acronyms, lower-cased without a plural "s", each with the letters
 * its name spells: two to six capitals ("GCTF", "FTFs"), or capitals with a joining word's initial
 * between them ("ToR" for "Terms of Reference", "BiH", "MoUs"), which spell their capitals.
 */
export function acronymsIn(question: string): Map<string, string> {
  const words = question.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  const acronyms = words.filter((word) => /^\p{Lu}{2,6}s?$/u.test(word) || /^\p{Lu}(?:\p{Ll}?\p{Lu}){1,4}s?$/u.test(word));
  // A question written in capitals says nothing by its case.
  if (acronyms.length * 2 > words.length) return new Map();
  return new Map(
    acronyms.map((word) => {
      const singular = word.replace(/s$/u, '');
      return [singular.toLowerCase(), singular.replace(/\p{Ll}/gu, '').toLowerCase()];
    }),
  );
}

/** The text's words for acronym matching: letters only, hyphenated words as their parts ("Counter-Terrorism"), with their case. */
export function acronymWords(text: string): string[] {
  return text.normalize('NFKC').match(/\p{L}+/gu) ?? [];
}

/**
 * Where in the words a run spelling the acronym starts (empty when none). A two-letter acronym
 * spells only capitalised words ("United Nations" for "UN", not "under new"): two initials of
 * lower-case words meet by chance.
 */
export function acronymPositions(words: readonly string[], acronym: string): number[] {
  const letters = [...acronym];
  if (letters.length < 2) return [];
  const named = (word: string) => letters.length > 2 || /^\p{Lu}/u.test(word);
  const starts: number[] = [];
  for (let start = 0; start < words.length; start += 1) {
    const first = words[start]!;
    if (!first.toLowerCase().startsWith(letters[0]!) || !named(first)) continue;
    let next = 1;
    let at = start + 1;
    while (next < letters.length && at < words.length) {
      const word = words[at]!;
      const lower = word.toLowerCase();
      if (lower.startsWith(letters[next]!) && named(word) && !JOINING_WORDS.has(lower)) next += 1;
      else if (!JOINING_WORDS.has(lower)) break;
      at += 1;
    }
    if (next === letters.length) starts.push(start);
  }
  return starts;
}

/** Whether the text spells the acronym out. */
export function spellsOut(text: string, acronym: string): boolean {
  return acronymPositions(acronymWords(text), acronym).length > 0;
}
