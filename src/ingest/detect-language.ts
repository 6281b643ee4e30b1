import { franc } from 'franc-min';
import type { LanguageDetector } from '../core/retrieval/language-detector.js';
import type { Language } from '../core/retrieval/retrieved-chunk.js';

const FROM_ISO_639_3: Record<string, Language> = { eng: 'en', fra: 'fr', spa: 'es', rus: 'ru', arb: 'ar', cmn: 'zh' };

/**
 * The language of a question or passage, among the six UN languages. Scripts decide first (Han,
 * Arabic, Cyrillic are unambiguous and franc needs more text than a question gives for trigrams);
 * franc-min separates English, French and Spanish. Falls back to English. Implements core's
 * LanguageDetector port.
 */
export const detectLanguage: LanguageDetector = (text, fallback = 'en') => {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length === 0) return fallback;
  const share = (pattern: RegExp) => (letters.match(pattern)?.length ?? 0) / letters.length;
  if (share(/\p{Script=Han}/gu) > 0.3) return 'zh';
  if (share(/\p{Script=Arabic}/gu) > 0.3) return 'ar';
  if (share(/\p{Script=Cyrillic}/gu) > 0.3) return 'ru';
  const code = franc(text, { only: ['eng', 'fra', 'spa'], minLength: 3 });
  return FROM_ISO_639_3[code] ?? fallback;
};
