import type { StateNamedRecord } from '../retrieval/member-state-names.js';
import { kindsNamed } from '../retrieval/document-kinds.js';
import { fold, memberStateMentionWords, memberStatesNamed } from '../retrieval/member-state-names.js';
import { isPlantedInstruction } from '../retrieval/planted-text.js';
import { ASKS_QUANTITY, QUESTION_WORDS } from '../retrieval/interrogatives.js';
import type { Language, RetrievedChunk } from '../retrieval/retrieved-chunk.js';
import { trimmed } from '../retrieval/search-terms.js';

export { ASKS_QUANTITY };

/**
 * A question read once: what it names (kinds of document, codes, proper names, numbers), what it
 * asks for (intent) and, once retrieval has run, its terms with their idf over the asker's scope and
 * the Member States it names. Every answering step reads this instead of re-reading the text.
 */
export interface QuestionAnalysis {
  text: string;
  language: Language;
  /** Document kinds named ("the Koravia assessment", "needs lists"). */
  kinds: string[];
  /** Identifiers with a digit ("VAL-TA-02", "I-24/7"), lower-cased. */
  codes: string[];
  /** The codes that are list items ("lom-ta-02"). */
  itemCodes: string[];
  /** Words written as names inside a sentence ("Bakanzi", "Kok-Jar"), lower-cased, as written. */
  names: string[];
  /** Figures the question names ("1960", "2,000"). */
  numbers: string[];
  intent: {
    /** Addresses instructions to the assistant ("ignore previous instructions"). */
    override: boolean;
    /** Asks how many or how much: the answer is a figure. */
    quantity: boolean;
    /** Asks to count (not an amount): a cost or a date does not answer it. */
    count: boolean;
  };
}

/** The analysis with what retrieval measured over the asker's scope. */
export interface ScopedQuestion extends QuestionAnalysis {
  /** The question's terms with their BM25 idf over the scope (retrieval's weights). */
  termWeights: ReadonlyMap<string, number>;
  /** Terms no document in the scope holds. */
  absentTerms: ReadonlySet<string>;
  /** Terms some document in the scope holds. */
  knownTerms: readonly string[];
  /** Member States named, among the retrieved passages' States and the directory's. */
  memberStates: ReadonlySet<string>;
  /** The directory's Member State names (a State with no document in scope is named all the same). */
  directoryStates: readonly StateNamedRecord[];
  /** The question's words that name those States ("ivory", "coast"; "american"), folded: one name, whatever form a text uses. */
  memberStateWords: ReadonlySet<string>;
}

/** Whether a word of the question is part of a Member State's name it names. */
export function namesMemberState(question: Pick<ScopedQuestion, 'memberStateWords'>, word: string): boolean {
  return question.memberStateWords.has(fold(word));
}

/** A question asking to count (English and Spanish tell a count from an amount: "how many", "cuántos"). */
export const ASKS_COUNT = /\bhow many\b|\bcu[áa]nt[oa]s\b/iu;

/**
 * Another interrogative opening a clause of its own ("how many were killed, and who heads…",
 * "Which groups…, and how many refugees…", "How did it describe itself, given how much…"), in the
 * six UN languages: the question has a part that is no quantity, which a quote without a figure may
 * answer.
 */
export const ASKS_ANOTHER_PART = new RegExp(`(?:^|[,;:?!—–]\\s*(?:(?:and|et|y|и|و)\\s*)?)(?:${QUESTION_WORDS})(?=[\\s,?؟]|$)`, 'iu');

/** A reference code of a list item ("val-ta-02", "kav-ta-07"): letters, then a number after the last hyphen. */
const ITEM_CODE = /^\p{L}+(?:-\p{L}+)*-\d+$/u;

/** The identifiers a question names: hyphenated tokens with a digit ("VAL-TA-02", "I-24/7"), lower-cased. */
export function codesIn(question: string): string[] {
  return [...question.normalize('NFKC').matchAll(/[\p{L}\d]+(?:[-/][\p{L}\d]+)+/gu)]
    .map((match) => match[0].toLowerCase())
    .filter((token) => /\d/.test(token) && /\p{L}/u.test(token));
}

/** The item codes a question names ("Who leads LOM-TA-02?"), lower-cased. */
export function itemCodesIn(question: string): string[] {
  return codesIn(question).filter((code) => ITEM_CODE.test(code));
}

/** A word of the question without the punctuation around it or a possessive 's ("Bandoro's" → "Bandoro"). */
export function bareWord(raw: string): string {
  return trimmed(raw).replace(/['’]s$/u, '');
}

/** Written as a name: a capital, then small letters ("Bakanzi"; not "UNODC", not "the"). */
export function isCapitalised(word: string): boolean {
  return /^\p{Lu}\p{Ll}/u.test(word);
}

/** Words capitalised inside a sentence (not its first word), bare and lower-cased. */
function namesIn(question: string): string[] {
  const names: string[] = [];
  for (const sentence of question.normalize('NFKC').split(/[.?!;:؟。？！]+\s*/u)) {
    sentence
      .split(/[\s,()[\]{}"«»“”„]+/u)
      .filter(Boolean)
      .forEach((raw, index) => {
        const word = bareWord(raw);
        if (index > 0 && isCapitalised(word) && !names.includes(word.toLowerCase())) names.push(word.toLowerCase());
      });
  }
  return names;
}

/** Figures of four digits or more, or with a separator ("1960", "2,000", "1.5"): a small number is often a list's label. */
function numbersIn(question: string): string[] {
  return [...question.normalize('NFKC').matchAll(/(?<![\p{L}\p{N}-])\d+(?:[.,]\d+)*(?![\p{L}\p{N}-])/gu)]
    .map((match) => match[0])
    .filter((figure) => figure.length >= 4);
}

export function analyseQuestion(question: string, language: Language = 'en'): QuestionAnalysis {
  return {
    text: question,
    language,
    kinds: kindsNamed(question),
    codes: codesIn(question),
    itemCodes: itemCodesIn(question),
    names: namesIn(question),
    numbers: numbersIn(question),
    intent: { override: isPlantedInstruction(question), quantity: ASKS_QUANTITY.test(question), count: ASKS_COUNT.test(question) },
  };
}

/** The analysis completed with what retrieval measured over the scope (the same for every passage of one search). */
export function scopeQuestion(
  analysis: QuestionAnalysis,
  chunks: readonly RetrievedChunk[],
  directoryStates: readonly StateNamedRecord[] = [],
): ScopedQuestion {
  const first = chunks.find((chunk) => chunk.termWeights !== undefined);
  const termWeights = new Map(Object.entries(first?.termWeights ?? {}));
  const absentTerms = new Set(first?.absentTerms ?? []);
  return {
    ...analysis,
    termWeights,
    absentTerms,
    knownTerms: [...termWeights.keys()].filter((term) => !absentTerms.has(term)),
    memberStates: memberStatesNamed(analysis.text, [...chunks, ...directoryStates]),
    directoryStates,
    memberStateWords: memberStateMentionWords(analysis.text, [...chunks, ...directoryStates]),
  };
}
