import { LANGUAGES, type Language } from '../retrieval/retrieved-chunk.js';
import { answering } from './answering.js';
import { answersExtra } from './answers-extra.js';
import { chat } from './chat.js';
import { conversation } from './conversation.js';
import { teamsSurface } from './teams-surface.js';
import { slackSurface } from './slack-surface.js';
import { summaryReview } from './summary-review.js';
import { sensitivityLabels } from './sensitivity-labels.js';
import type { Translations } from './catalogue-types.js';

/**
 * The bot's own words, in the six UN languages, in one catalogue (one file per area). Adapters and
 * core ask for a key in the asker's language; a test checks every key has all six.
 */
export const CATALOGUE = {
  ...answering,
  ...chat,
  ...conversation,
  ...answersExtra,
  ...teamsSurface,
  ...slackSurface,
  ...summaryReview,
  ...sensitivityLabels,
} satisfies Record<string, Translations>;

export type MessageKey = keyof typeof CATALOGUE;

/** The message in `language` (English when the language is not a UN language), placeholders filled. */
export function message(key: MessageKey, language: string = 'en', params: Record<string, string | number> = {}): string {
  const translations: Translations = CATALOGUE[key];
  const text = (LANGUAGES as readonly string[]).includes(language) ? translations[language as Language] : translations.en;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A chat client's locale ('fr-FR', 'zh_CN', 'ar') as a UN language, or undefined. */
export function languageFromLocale(locale: string | null | undefined): Language | undefined {
  const base = locale?.toLowerCase().split(/[-_]/)[0];
  return base && (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : undefined;
}
