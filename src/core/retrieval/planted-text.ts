/**
 * Text planted in documents to steer an assistant or to advertise: instructions addressed to AI
 * assistants and advertising spam. Ingestion reports it and leaves instructions out of the index;
 * answers and summary drafts never repeat it. The documents keep it: it is data, and the source is
 * the owner's to fix. These are the only such patterns: ingestion, answers and summaries share them.
 */
export const INSTRUCTION_PATTERNS = [
  /\bignore (?:all |any )?(?:the )?(?:previous|prior|above) (?:instructions|prompts?)\b/i,
  /\bignorez (?:toutes )?(?:les )?(?:instructions|consignes)\b/i,
  /\bignora (?:todas )?las instrucciones\b/i,
  /\bnote to (?:ai|llm|language model|the) (?:assistants?|models?|bots?)\b/i,
  /\b(?:you are now|act as|switch to) (?:an? )?(?:admin|developer|unrestricted)/i,
  /\bdo not (?:mention|reveal) this (?:note|instruction|message)\b/i,
  /\bsystem (?:prompt|override)\b/i,
];

/** Whether the text (a line, a paragraph) addresses instructions to an assistant. */
export function isPlantedInstruction(text: string): boolean {
  return INSTRUCTION_PATTERNS.some((pattern) => pattern.test(text));
}

/** Advertising vocabulary; two different hits are needed, so a report quoting one word is not flagged. */
export const SPAM_PATTERN = /\b(?:casino|viagra|replica watches|bonus codes?|free shipping|click here|\d{2}% off|buy cheap)\b/gi;

/**
 * Han characters injected into a sentence of another script, as spam in an English page is: a run
 * of at least 8 (Chinese has no word spaces) between letters of another script on one line, where
 * that other script has the most letters. A Chinese title alone on its line is no run, and a line
 * of a Chinese document is mostly Han.
 */
const HAN_RUN_IN_SENTENCE =
  /[\p{L}\p{N}][^\S\n]*[,;:]?[^\S\n]*(\p{Script=Han}[\p{Script=Han}\p{P}\s]{6,}\p{Script=Han})[^\S\n]*[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Arabic}]/u;
const HAN = /\p{Script=Han}/gu;
const OTHER_LETTERS = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Arabic}]/gu;

/** The injected Han run of a line (see above), if any. */
export function injectedHanRun(line: string): string | undefined {
  const run = HAN_RUN_IN_SENTENCE.exec(line)?.[1];
  if (!run || (run.match(HAN) ?? []).length < 8) return undefined;
  return (line.match(HAN) ?? []).length < (line.match(OTHER_LETTERS) ?? []).length ? run : undefined;
}

/**
 * A passage as it may be quoted to a member: lines that address instructions to an assistant are
 * replaced by a marker, and a run of advertising inside a sentence (from its first to its last
 * spam phrase, when there are two or more) and an injected run of Han characters are cut out.
 */
export function withoutPlantedText(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (isPlantedInstruction(line)) return '[text addressed to AI assistants omitted]';
      const han = injectedHanRun(line);
      if (han) line = line.replace(han, ' ').replace(/[^\S\n]{2,}/g, ' ');
      const hits = [...line.matchAll(new RegExp(SPAM_PATTERN.source, 'gi'))];
      const first = hits[0];
      const last = hits[hits.length - 1];
      if (hits.length < 2 || first?.index === undefined || last?.index === undefined) return line;
      return `${line.slice(0, first.index).trimEnd()} ${line.slice(last.index + last[0].length).trimStart()}`.trim();
    })
    .join('\n');
}
