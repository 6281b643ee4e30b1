/**
 * Citation check after generation (rule 3 of the design): a citation must name a passage that was
 * handed to the model. Anything else — an invented number, a number of a passage the model never
 * saw — is removed. Callers log the removed numbers, never the text around them.
 */
export interface CitationCheck {
  /** The text with invalid citations removed. */
  text: string;
  /** Valid passage numbers in order of first appearance. */
  cited: number[];
  /** Invalid numbers that were removed (for the log). */
  removed: number[];
}

// `[3]`, `[1][2]`, `[1, 3]`, `[1,2,5]`, and the footnote-ish `[^3]` some models write.
const CITATION = /\[\^?(\d{1,4}(?:\s*,\s*\^?\d{1,4})*)\]/g;

export function checkCitations(text: string, allowed: Iterable<number>): CitationCheck {
  const allowedSet = new Set(allowed);
  const cited: number[] = [];
  const removed: number[] = [];
  let replaced = text.replace(CITATION, (_match, list: string) => {
    const numbers = list.split(',').map((part) => Number(part.replace(/[\s^]/g, '')));
    const kept = numbers.filter((n) => allowedSet.has(n));
    for (const n of numbers) {
      if (!allowedSet.has(n)) removed.push(n);
      else if (!cited.includes(n)) cited.push(n);
    }
    return kept.map((n) => `[${n}]`).join('');
  });
  if (removed.length > 0) {
    // Tidy the gaps a removed citation leaves ("word [9]." → "word.").
    replaced = replaced
      .replace(/[ \t]+([.,;:!?。、])/g, '$1')
      .replace(/[ \t]{2,}/g, ' ')
      .replace(/[ \t]+$/gm, '');
  }
  return { text: replaced, cited, removed };
}

/**
 * The same check on a token stream: text passes through at once except a possible citation, which is
 * held until its closing bracket shows whether it is valid. What a member sees while the answer
 * streams therefore never contains an invented citation either.
 */
export function createCitationStreamFilter(allowed: Iterable<number>): { push(token: string): string; flush(): string } {
  const allowedSet = new Set(allowed);
  let held = '';
  const release = (candidate: string) => checkCitations(candidate, allowedSet).text;
  return {
    push(token: string): string {
      let out = '';
      for (const char of token) {
        if (held) {
          held += char;
          if (char === ']') {
            out += release(held);
            held = '';
          } else if (!/[\d,\s^]/.test(char) || held.length > 40) {
            out += held;
            held = '';
          }
        } else if (char === '[') {
          held = '[';
        } else {
          out += char;
        }
      }
      return out;
    },
    flush(): string {
      const rest = held;
      held = '';
      return rest;
    },
  };
}
