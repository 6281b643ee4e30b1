import { createRequire } from 'node:module';
import type { BaseForms } from '../core/retrieval/search-terms.js';

let cached: BaseForms | undefined;

/**
 * A word's dictionary form, per language, where a maintained lemmatizer exists: English, from
 * wink-lemmatizer (WordNet's exception lists), so "withdrawn" finds "withdraw" and "sought" finds
 * "seek", which the database's suffix-stripping stemmer cannot reach.
 */
export function languageBaseForms(): BaseForms {
  if (cached) return cached;
  const lemmatizer = createRequire(import.meta.url)('wink-lemmatizer') as { verb(word: string): string };
  cached = { en: (word) => lemmatizer.verb(word) };
  return cached;
}
