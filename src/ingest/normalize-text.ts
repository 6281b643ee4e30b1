import { stripControlCharacters } from '../core/text/strip-control-characters.js';

/**
 * Unicode NFKC (full-width forms, ligatures and compatibility characters fold to what people type),
 * one kind of line break, no control characters, no trailing spaces. Leading indentation is kept:
 * plain-text paragraph detection reads it.
 */
export function normalizeText(text: string): string {
  return stripControlCharacters(text.replace(/^\uFEFF/, ''))
    .normalize('NFKC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/\t/g, '    ')
    .replace(/[ \u00A0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
