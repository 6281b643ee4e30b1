import { franc } from 'franc-min';
import { eld } from 'eld/extrasmall';
import type { LanguageDetector } from '../core/retrieval/language-detector.js';
import type { Language } from '../core/retrieval/retrieved-chunk.js';

const FROM_ISO_639_3: Record<string, Language> = { eng: 'en', fra: 'fr', spa: 'es', rus: 'ru', arb: 'ar', cmn: 'zh' };
const LATIN_LANGUAGES: Language[] = ['en', 'fr', 'es'];

/**
 * The six UN languages written in scripts of their own: Han, Arabic and Cyrillic text is Chinese,
 * Arabic or Russian whatever its length (trigram models need more text than a question gives).
 */
function languageOfScript(letters: string): Language | null {
  const share = (pattern: RegExp) => (letters.match(pattern)?.length ?? 0) / letters.length;
  if (share(/\p{Script=Han}/gu) > 0.3) return 'zh';
  if (share(/\p{Script=Arabic}/gu) > 0.3) return 'ar';
  if (share(/\p{Script=Cyrillic}/gu) > 0.3) return 'ru';
  return null;
}

/**
 * The language of a document or passage, among the six UN languages: scripts first, then franc-min
 * among English, French and Spanish. Documents are long, and franc's trigrams are reliable there
 * (every document of the four evaluation corpora is tagged right); changing it would change how
 * every stored chunk is stemmed. Falls back to English. Implements core's LanguageDetector port.
 */
export const detectLanguage: LanguageDetector = (text, fallback = 'en') => {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length === 0) return fallback;
  const script = languageOfScript(letters);
  if (script) return script;
  const code = franc(text, { only: ['eng', 'fra', 'spa'], minLength: 3 });
  return FROM_ISO_639_3[code] ?? fallback;
};

eld.setLanguageSubset(LATIN_LANGUAGES);

/**
 * The language of a question: scripts first, then eld among English, French and Spanish, which
 * reads short text best of the detectors compared (bench/language-detectors.ts; figures
 * in the README: franc-min took "What did Iraq say about Da'esh?" for French). When eld is unsure
 * (it says its result is unreliable, or the question has too few letters to tell), the answer is
 * `fallback`: the member's last language, or English.
 */
export const detectQuestionLanguage: LanguageDetector = (text, fallback = 'en') => questionLanguageIfSure(text) ?? fallback;

/** The question's language when the script or eld is sure of it; null when unsure. */
export function questionLanguageIfSure(text: string): Language | null {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length === 0) return null;
  const script = languageOfScript(letters);
  if (script) return script;
  const result = eld.detect(text);
  const language = LATIN_LANGUAGES.find((candidate) => candidate === result.language);
  return language && result.isReliable() ? language : null;
}
