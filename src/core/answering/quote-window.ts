import { ITEM_LABEL, MAX_UNIT, holds, wordsOf, type TextUnit } from './select-sentences.js';

/** Where one question term stands in a unit's text. */
interface TermMatch {
  start: number;
  end: number;
  term: string;
  weight: number;
}

/**
 * How far a cut end may move to the nearest clause boundary (a comma, a dash, a semicolon) rather
 * than stop mid-clause: about a line of text, so the window keeps most of its length.
 */
const SNAP_REACH = 60;

/** A clause boundary: the punctuation that ends a clause, and the space after it. */
const CLAUSE_END = /[,;:—–]\s+|\.\s+|\s[—–]\s+/gu;

/** A token of running text: letters, marks and digits, with the joiners a word may hold ("counter-drone", "I-24/7"). */
const TOKEN = /[\p{L}\p{N}][\p{L}\p{M}\p{N}\-/.'’]*/gu;

/** The places in the text where the unit's terms stand (a term only its heading holds stands nowhere). */
function termMatches(text: string, terms: ReadonlyMap<string, number>): TermMatch[] {
  const matches: TermMatch[] = [];
  const lower = text.normalize('NFKC').toLowerCase();
  const sameLength = lower.length === text.length;
  for (const [term, weight] of terms) {
    if (/\p{Script=Han}/u.test(term)) {
      if (!sameLength) continue;
      for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + 1))
        matches.push({ start: at, end: at + term.length, term, weight });
      continue;
    }
    for (const token of text.matchAll(TOKEN)) {
      const word = token[0].replace(/[^\p{L}\p{N}]+$/u, '');
      if (holds(wordsOf(word), word.normalize('NFKC').toLowerCase(), term))
        matches.push({ start: token.index, end: token.index + word.length, term, weight });
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}

/**
 * The shortest stretch of the text holding the weightiest set of distinct terms that fits in the
 * window: where the unit says what the question asks.
 */
function densestSpan(matches: readonly TermMatch[], width: number): { start: number; end: number } | null {
  let best: { start: number; end: number; weight: number } | null = null;
  for (let i = 0; i < matches.length; i++) {
    const seen = new Map<string, number>();
    for (let j = i; j < matches.length && matches[j]!.end - matches[i]!.start <= width; j++) {
      seen.set(matches[j]!.term, matches[j]!.weight);
      const weight = [...seen.values()].reduce((sum, value) => sum + value, 0);
      const start = matches[i]!.start;
      const end = matches[j]!.end;
      if (!best || weight > best.weight + 1e-9 || (Math.abs(weight - best.weight) <= 1e-9 && end - start < best.end - best.start))
        best = { start, end, weight };
    }
  }
  return best;
}

/**
 * A window of at most `width` characters of a long text, centred on the stretch holding most of the
 * question's weight, its ends moved to a clause boundary within reach (else to a word boundary), and
 * marked with "…" where it cuts the text. A long sentence often says what is asked past its first
 * 400 characters ("…two terrorist attacks targeting the Bardo Museum and a tourist site in … Sousse").
 */
export function quoteWindow(text: string, terms: ReadonlyMap<string, number>, width = MAX_UNIT): string {
  if (text.length <= width) return text;
  const span = densestSpan(termMatches(text, terms), width) ?? { start: 0, end: 0 };
  const centre = (span.start + span.end) / 2;
  let start = span.start === span.end ? 0 : Math.round(Math.max(0, Math.min(text.length - width, centre - width / 2)));
  let end = Math.min(text.length, start + width);
  if (start > 0) {
    // Forward to the start of the next clause, else of the next word, never past the stretch.
    const limit = Math.min(start + SNAP_REACH, span.start);
    const clause = [...text.slice(start, limit).matchAll(CLAUSE_END)][0];
    if (clause) start += clause.index + clause[0].length;
    else {
      const space = text.slice(start - 1, span.start).search(/\s/u);
      if (space >= 0) start += space;
      start += /^\s*/u.exec(text.slice(start))![0].length;
    }
  }
  if (end < text.length) {
    // Back to the end of the last clause, else of the last word, never into the stretch.
    const floor = Math.max(end - SNAP_REACH, span.end);
    const clauses = [...text.slice(floor, end).matchAll(CLAUSE_END)];
    const clause = clauses[clauses.length - 1];
    if (clause) end = floor + clause.index;
    else if (!/\s/u.test(text[end] ?? ' ')) {
      const cut = text.slice(span.end, end).search(/\s\S*$/u);
      if (cut >= 0) end = span.end + cut;
    }
  }
  const quote = text
    .slice(start, end)
    .trim()
    .replace(/[,;:—–]$/u, '');
  return `${start > 0 ? '…' : ''}${quote}${end < text.length ? '…' : ''}`;
}

/** A unit as quoted: whole when short, else the window around what it says of the question. */
export function quoteUnit(unit: TextUnit): string {
  const width = Math.min(MAX_UNIT, unit.width ?? MAX_UNIT);
  if (unit.text.length <= width) return unit.text;
  // A list item's window keeps its label, which says which item it is ("VER-TA-05 … Lead: UNODC").
  const label = unit.line ? ITEM_LABEL.exec(unit.text)?.[0].trim() : undefined;
  if (!label) return quoteWindow(unit.text, unit.terms, width);
  const rest = unit.text.slice(label.length).trim();
  // A later sentence of an item is split as "label … sentence": the mark stays when the window starts with it.
  const later = rest.startsWith('…');
  const window = quoteWindow(rest.replace(/^…\s*/u, ''), unit.terms, width - label.length - 2);
  return `${label} ${later && !window.startsWith('…') ? '… ' : ''}${window}`;
}
