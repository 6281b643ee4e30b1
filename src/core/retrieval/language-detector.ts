import type { Language } from './retrieved-chunk.js';

/**
 * The language-detection port: which of the six UN languages a question or passage is in, or
 * `fallback` (English when not given) when the text does not say. src/ingest/detect-language.ts
 * implements it (scripts, then franc); src/app injects it where core needs it.
 */
export type LanguageDetector = (text: string, fallback?: Language) => Language;
