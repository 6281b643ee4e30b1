import { INSTRUCTION_PATTERNS, injectedHanRun, isPlantedInstruction, SPAM_PATTERN } from '../core/retrieval/planted-text.js';

/**
 * Text-quality checks reported in the ingest summary. The text is stored as it is either way: it is
 * data, and a warning is for the administrator to decide whether to fix the source.
 */
export interface QualityWarning {
  kind: 'mojibake' | 'injected_text';
  /** A short description with a few examples; never more than a few words of the document. */
  message: string;
}

const DOUBLE_ENCODED = /(?:Ã[\u0080-\u00BF¡-¿]|Â[\u00A0-\u00BF]|â€[\u0080-\u00BF™œ"'˜”“])/g;
/** A '?' standing where a letter was lost: inside a word (Fran?ais) or as a run of them (???????). */
const LOST_LETTERS = /\p{L}+\?+\p{L}+|\?{3,}/gu;

function examples(matches: string[], limit = 3): string {
  return [...new Set(matches)]
    .slice(0, limit)
    .map((m) => `'${m}'`)
    .join(', ');
}

export function detectQualityWarnings(text: string): QualityWarning[] {
  const warnings: QualityWarning[] = [];
  const doubled = text.match(DOUBLE_ENCODED) ?? [];
  const lost = (text.match(LOST_LETTERS) ?? []).filter((m) => !/^\?+$/.test(m) || m.length >= 3);
  if (doubled.length > 0 || lost.length > 0) {
    const parts: string[] = [];
    if (lost.length > 0) parts.push(`${lost.length} place(s) where '?' replaced letters (e.g. ${examples(lost)})`);
    if (doubled.length > 0) parts.push(`${doubled.length} double-encoded UTF-8 sequence(s) (e.g. ${examples(doubled)})`);
    warnings.push({ kind: 'mojibake', message: `encoding damage: ${parts.join('; ')}` });
  }
  const instructions = INSTRUCTION_PATTERNS.map((pattern) => pattern.exec(text)?.[0]).filter((m): m is string => Boolean(m));
  if (instructions.length > 0) {
    warnings.push({
      kind: 'injected_text',
      message: `instructions addressed to an AI assistant (e.g. ${examples(instructions, 2)}); stored as data, never followed`,
    });
  }
  const spam = [...new Set((text.match(SPAM_PATTERN) ?? []).map((m) => m.toLowerCase()))];
  if (spam.length >= 2) {
    warnings.push({ kind: 'injected_text', message: `text that looks injected (advertising/spam, e.g. ${examples(spam, 2)})` });
  }
  const foreign = foreignScriptRun(text);
  if (foreign) warnings.push({ kind: 'injected_text', message: `a run of another script inside the text ('${foreign}')` });
  return warnings;
}

/**
 * A run of another script than the document's dominant one inside a line: ≥ 4 words of Cyrillic or
 * Arabic, or Han characters injected into a sentence of another script (injectedHanRun). Latin is
 * left alone: names and codes are Latin everywhere.
 */
function foreignScriptRun(text: string): string | undefined {
  const scripts = ['Latin', 'Cyrillic', 'Arabic', 'Han'] as const;
  const counts = scripts.map((script) => (text.match(new RegExp(`\\p{Script=${script}}`, 'gu')) ?? []).length);
  const dominantIndex = counts.indexOf(Math.max(...counts));
  const dominant = scripts[dominantIndex];
  if (dominant === undefined || dominant === 'Han') return undefined;
  for (const line of text.split('\n')) {
    const han = injectedHanRun(line);
    if (han) return han.slice(0, 12);
  }
  if (dominant === 'Latin') return undefined;
  for (const script of scripts) {
    if (script === dominant || script === 'Latin' || script === 'Han') continue;
    const run = new RegExp(`(?:\\p{Script=${script}}+\\s+){4,}\\p{Script=${script}}+`, 'u').exec(text);
    if (run) return run[0].slice(0, 40);
  }
  return undefined;
}

/**
 * The text a chunk is indexed with: paragraphs that address instructions to an AI assistant are left
 * out of the index (they stay in the stored text, shown as quoted data). Otherwise a question that
 * itself says "ignore previous instructions" would rank the planted note as its best answer.
 */
export function indexableText(text: string): string {
  return text
    .split('\n')
    .filter((line) => !isPlantedInstruction(line))
    .join('\n');
}
