import { createRequire } from 'node:module';
import { LANGUAGES } from '../core/retrieval/retrieved-chunk.js';
import type { StopWords } from '../core/retrieval/search-terms.js';

let cached: StopWords | undefined;

/**
 * The standard stop lists of the six UN languages (stopwords-iso, a union of the published lists
 * per language): what a question's words are weighed against is the language, never the questions
 * of an evaluation set.
 */
export function languageStopWords(): StopWords {
  if (cached) return cached;
  const lists = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[] | undefined>;
  const stopWords: StopWords = {};
  for (const language of LANGUAGES)
    stopWords[language] = new Set((lists[language] ?? []).map((word) => word.normalize('NFKC').toLowerCase()));
  cached = stopWords;
  return stopWords;
}
