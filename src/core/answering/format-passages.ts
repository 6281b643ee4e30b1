import type { Classification } from '../retrieval/retrieved-chunk.js';

/** What answering and summaries need of a retrieved chunk (RetrievedChunk satisfies it). */
export interface CitablePassage {
  chunkId: number;
  documentId: string;
  title: string;
  memberStateId: string | null;
  kind: string;
  documentDate: string | null;
  language: string;
  classification: Classification;
  heading: string | null;
  text: string;
  consentVersion: number | null;
}

export interface NumberedPassage<P extends CitablePassage = CitablePassage> {
  n: number;
  passage: P;
}

export const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  fr: 'French',
  es: 'Spanish',
  ru: 'Russian',
  ar: 'Arabic',
  zh: 'Chinese',
};

export function languageInstruction(language: string | undefined): string {
  const name = language ? LANGUAGE_NAMES[language] : undefined;
  return name ? `${name} (the language of the question)` : 'the same language as the question';
}

/** Strips anything that could close the data delimiter early and pose as prompt structure. */
function neutralise(text: string): string {
  return text.replace(/<\/?\s*(passage|passages|question)\b[^>]*>/gi, '');
}

/**
 * One passage as delimited data: an id the model cites, then metadata, then the text. The text is
 * inside the tag so instructions planted in a document read as quoted data, not as our prompt.
 */
export function formatPassage({ n, passage }: NumberedPassage): string {
  const meta = [passage.title, passage.memberStateId, passage.kind, passage.documentDate, passage.language]
    .filter((v): v is string => Boolean(v))
    .map(neutralise)
    .join(' | ');
  const heading = passage.heading ? `${neutralise(passage.heading)}\n` : '';
  return `<passage id="${n}" source="${meta.replace(/"/g, "'")}">\n${heading}${neutralise(passage.text)}\n</passage>`;
}

export function formatPassages(numbered: readonly NumberedPassage[]): string {
  return numbered.map(formatPassage).join('\n');
}

export interface AnswerCitation {
  n: number;
  documentId: string;
  title: string;
  chunkId: number;
}

export function citationsFor(numbered: readonly NumberedPassage[], cited: readonly number[]): AnswerCitation[] {
  const byN = new Map(numbered.map((entry) => [entry.n, entry.passage]));
  return cited
    .map((n) => ({ n, passage: byN.get(n) }))
    .filter((entry): entry is { n: number; passage: CitablePassage } => entry.passage !== undefined)
    .map(({ n, passage }) => ({ n, documentId: passage.documentId, title: passage.title, chunkId: passage.chunkId }));
}

/** A passage quoted verbatim (shortened), for extractive answers and restricted passages. */
export function quotePassage({ n, passage }: NumberedPassage, maxChars = 600): string {
  const text = passage.text.replace(/\s+/g, ' ').trim();
  const short = text.length > maxChars ? `${text.slice(0, maxChars).replace(/\s+\S*$/, '')}…` : text;
  return `> ${short} [${n}]`;
}
