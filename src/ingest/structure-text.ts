import { labelCells } from './html-to-structured-text.js';

/**
 * Every format is brought to one simple shape before chunking: lines of text, headings as markdown
 * `#` lines, one numbered paragraph / list item / table row per line, paragraphs separated by a
 * blank line.
 */

// An item code's series may be one letter ("WDM-R-07", a recommendation) or several ("VAL-TA-02").
// A sub-paragraph number ("3.5 Cash couriers.") and a short activity code before a gap of spaces
// ("A2  WFIU analyst training") start an item too.
const ITEM_START =
  /^(\(?\d{1,3}[.)]\s|\d{1,3}(?:\.\d{1,3})+\.?\s|\([a-z]{1,3}\)\s|[-•*–]\s|[A-Z]{2,4}-[A-Z]{1,4}-\d{1,3}\b|R[ée]f\.|[A-Z]\d{1,2}\.\s|[A-Z]{1,2}\d{1,2}\s{2,})/;
const LABEL_LINE = /^[\p{Lu}][\p{L} ]{0,24}:\s/u;

/** Markdown: tables to labelled rows, emphasis and block-quote markers dropped, headings kept. */
export function markdownToStructuredText(markdown: string): string {
  const out: string[] = [];
  let headers: string[] | undefined;
  for (const rawLine of markdown.split('\n')) {
    const line = rawLine.trimEnd();
    const trimmed = line.trim();
    if (trimmed.startsWith('|') && trimmed.endsWith('|')) {
      const cells = trimmed
        .slice(1, -1)
        .split('|')
        .map((cell) => stripEmphasis(cell.trim()));
      if (cells.every((cell) => /^:?-{2,}:?$/.test(cell))) continue; // the |---| separator row
      if (!headers) {
        headers = cells;
        continue;
      }
      out.push(labelCells(headers, cells));
      continue;
    }
    headers = undefined;
    out.push(stripEmphasis(line.replace(/^\s*>\s?/, '')));
  }
  return out.join('\n');
}

function stripEmphasis(text: string): string {
  return text
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_](\S.*?\S|\S)[*_](?=\W|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1');
}

function looksLikeHeading(line: string, previous: string | undefined, next: string | undefined): boolean {
  const text = line.trim();
  // Long lines are wrapped prose, unless the text below is indented under them (a txt outline).
  const indentedBelow = next !== undefined && indentOf(next) > indentOf(line) && next.trim() !== '';
  if (text.length < 3 || text.length > (indentedBelow ? 110 : 80)) return false;
  // A sentence ends inside it (after its number): a paragraph ("3.4 Cash couriers. Customs reported…").
  if (/[.!?]\s+\p{Lu}/u.test(text.replace(/^[\dIVX]+(?:\.\d+)*[.)]?\s+/u, ''))) return false;
  // A line the next one continues in lower case is wrapped prose ("…of which UNODC can" / "cover USD 510,000").
  if (next !== undefined && /^\s*\p{Ll}/u.test(next)) return false;
  if (!/\p{L}/u.test(text)) return false;
  if (/[.,;:]$/.test(text)) return false;
  if (
    LABEL_LINE.test(text) ||
    /^R[ée]f\./.test(text) ||
    /^[-•*–]\s/.test(text) ||
    /^[A-Z]{2,4}-[A-Z]{1,4}-\d/.test(text) ||
    /^[A-Z]{1,2}\d{1,2}\s{2,}/.test(text)
  )
    return false;
  if (!/^[\p{Lu}\d(IVX]/u.test(text)) return false;
  // A heading starts a block: the line before it ended a sentence, was blank, or was a heading too.
  const before = previous?.trim();
  return (
    before === undefined ||
    before === '' ||
    /[.!?:]$/.test(before) ||
    LABEL_LINE.test(before) ||
    /^R[ée]f\./.test(before) ||
    isAllCaps(text)
  );
}

function indentOf(line: string): number {
  return /^\s*/.exec(line)?.[0].length ?? 0;
}

function isAllCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/**
 * Plain text (txt, and what a PDF yields): short title-like lines become headings; lines wrapped by
 * the author or the PDF layout are joined back into their paragraph, while numbered paragraphs,
 * list items and "Label: value" lines keep their own line.
 */
export function plainTextToStructuredText(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let previous: string | undefined;
  let previousWasHeading = false;
  for (const [index, rawLine] of lines.entries()) {
    const line = rawLine.replace(/\s+$/, '');
    const trimmed = line.trim();
    // A rule of dashes or equals signs under a heading ("4. AGREED PACKAGE" / "-----") is layout.
    if (trimmed === '' || /^[-=_~]{3,}$/.test(trimmed)) {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      previous = '';
      previousWasHeading = previousWasHeading && trimmed !== '';
      continue;
    }
    if (
      looksLikeHeading(line, previous, lines[index + 1]) &&
      !(/^\s/.test(line) && previous !== undefined && previous.trim() !== '' && !previousWasHeading)
    ) {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      out.push(`## ${trimmed}`);
      out.push('');
      previous = trimmed;
      previousWasHeading = true;
      continue;
    }
    const startsItem = ITEM_START.test(trimmed) || LABEL_LINE.test(trimmed);
    const last = out[out.length - 1];
    const continues = last !== undefined && last !== '' && !last.startsWith('#') && !startsItem && !previousWasHeading;
    if (continues) out[out.length - 1] = `${last} ${trimmed}`;
    else out.push(trimmed);
    previous = trimmed;
    previousWasHeading = false;
  }
  return out.join('\n');
}

export interface Section {
  /** The nearest heading above the text (null before the first heading). */
  heading: string | null;
  body: string;
}

/** Splits structured text at headings; each section keeps the heading it sits under. */
export function splitSections(structured: string): Section[] {
  const sections: Section[] = [];
  let heading: string | null = null;
  let body: string[] = [];
  const flush = () => {
    const text = body
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    if (text.length > 0) sections.push({ heading, body: text });
    body = [];
  };
  for (const line of structured.split('\n')) {
    const match = /^#{1,6}\s+(.*)$/.exec(line.trim());
    if (match && match[1] !== undefined) {
      flush();
      heading = match[1].trim() || heading;
      continue;
    }
    body.push(line);
  }
  flush();
  return sections;
}
