import type { Language } from '../retrieval/retrieved-chunk.js';
import { QUOTE_BUDGET, costOf, type TextUnit } from './select-sentences.js';

/**
 * A sentence that refers back to the one before it, in the six UN languages: it opens with a
 * third-person pronoun, a demonstrative or a connective that continues the previous sentence
 * ("This terrorism derives…", "Indeed, …", "That is why…"), has a demonstrative determiner in its
 * first words ("For a small country, these numbers are big"), or hinges on an additive adverb
 * ("Most of the weapons also come from Libya"). These are the languages' closed classes of
 * cohesive words (Halliday and Hasan's reference and conjunction), not words of any document.
 */
interface RefersBack {
  opens: RegExp;
  early: RegExp;
  hinge: RegExp;
}

/** Words of a sentence's opening in which an early demonstrative still points back. */
const EARLY_WORDS = 6;

const REFERS_BACK: Record<Language, RefersBack> = {
  en: {
    opens:
      /^(?:(?:and|but|so|yet)\s+)?(?:this|these|that is why|it|its|they|their|such|indeed|also|moreover|furthermore|however|therefore|thus|hence|consequently|nevertheless|in addition|as a result|for (?:this|that) reason|to that end|in (?:this|that) regard)\b/iu,
    // Plural ones: "this" in a sentence's body mostly points at the occasion ("this Assembly", "this
    // opportunity"); not "those who" (a relative clause follows).
    early: /\b(?:these|those(?! (?:who|of|which|that)\b))\b/iu,
    hinge: /\b(?:also)\b/iu,
  },
  fr: {
    opens:
      /^(?:(?:et|mais)\s+)?(?:ce|cet|cette|ces|cela|ceci|il|elle|ils|elles|en effet|c['’]est pourquoi|de plus|par ailleurs|ainsi|donc|toutefois|cependant|pourtant)\b/iu,
    early: /(?<![\p{L}])(?:cet|cette|ces)(?![\p{L}])/iu,
    hinge: /(?<![\p{L}])(?:également|aussi)(?![\p{L}])/iu,
  },
  es: {
    opens:
      /^(?:(?:y|pero)\s+)?(?:este|esta|estos|estas|esto|ese|esa|esos|esas|eso|ello|ellos|ellas|él|ella|de hecho|por ello|por eso|por lo tanto|además|asimismo|sin embargo|así)(?![\p{L}])/iu,
    early: /(?<![\p{L}])(?:este|esta|estos|estas|ese|esa|esos|esas)(?![\p{L}])/iu,
    hinge: /(?<![\p{L}])(?:también|asimismo)(?![\p{L}])/iu,
  },
  ru: {
    opens:
      /^(?:(?:и|но|а)\s+)?(?:эт\p{L}*|он|она|оно|они|его|её|их|поэтому|кроме того|действительно|также|однако|при этом|тем не менее)(?![\p{L}])/iu,
    early: /(?<![\p{L}])эт\p{L}*/iu,
    hinge: /(?<![\p{L}])(?:также|тоже)(?![\p{L}])/iu,
  },
  ar: {
    opens: /^(?:و|ف)?(?:هذا|هذه|ذلك|تلك|هؤلاء|لذلك|كما|بل|إذ)(?![\p{L}])/u,
    early: /(?<![\p{L}])(?:و|ف)?(?:هذا|هذه|هؤلاء)(?![\p{L}])/u,
    hinge: /(?<![\p{L}])(?:أيضا|أيضاً)(?![\p{L}])/u,
  },
  zh: {
    opens: /^(?:这|此|该|其|他们|它|因此|所以|此外|同时|事实上)/u,
    early: /^.{0,8}(?:这些|此类)/u,
    hinge: /也/u,
  },
};

/** Whether a sentence leans on the sentence before it (see REFERS_BACK). */
export function refersBack(text: string, language: Language): boolean {
  const rules = REFERS_BACK[language];
  const sentence = text.replace(/^[\s"“«(…]+/u, '');
  if (rules.opens.test(sentence) || rules.hinge.test(sentence)) return true;
  const opening = sentence.split(/\s+/u).slice(0, EARLY_WORDS).join(' ');
  return rules.early.test(language === 'zh' ? sentence : opening);
}

/** Whether a sentence adds to the claim of the sentence before it ("also", "moreover"): that claim answers too. */
export function addsToPrevious(text: string, language: Language): boolean {
  const sentence = text.replace(/^[\s"“«(…]+/u, '');
  return REFERS_BACK[language].hinge.test(sentence) || ADDITIVE_OPENERS[language].test(sentence);
}

const ADDITIVE_OPENERS: Record<Language, RegExp> = {
  en: /^(?:moreover|furthermore|in addition|also|besides)\b/iu,
  fr: /^(?:de plus|en outre|par ailleurs|en plus)(?![\p{L}])/iu,
  es: /^(?:además|asimismo|por otra parte)(?![\p{L}])/iu,
  ru: /^(?:кроме того|более того|помимо этого)(?![\p{L}])/iu,
  ar: /^(?:و)?(?:كما|علاوة على ذلك|فضلا عن ذلك)(?![\p{L}])/u,
  zh: /^(?:此外|另外|同时|而且)/u,
};

/** Where a passage's unit stands in its document: its chunk, then its place in the chunk. */
export interface UnitPlace {
  documentId: string;
  chunkId: number;
  /** The passage's language: the cohesive words are read in it. */
  language: Language;
}

/** A unit's neighbours in its document, and the language its passage is in. */
export interface DocumentNeighbours {
  previous(unit: TextUnit): TextUnit | undefined;
  next(unit: TextUnit): TextUnit | undefined;
  languageOf(unit: TextUnit): Language | undefined;
}

/**
 * Each prose unit's neighbours in its document: the units of its passage before and after it, or
 * across the cut the document's previous or next chunk, when that chunk was retrieved too.
 */
export function documentNeighbours(units: readonly TextUnit[], placeOf: (unit: TextUnit) => UnitPlace | undefined): DocumentNeighbours {
  const placed = units.flatMap((unit) => {
    const place = placeOf(unit);
    return place ? [{ unit, place }] : [];
  });
  placed.sort(
    (a, b) => a.place.documentId.localeCompare(b.place.documentId) || a.place.chunkId - b.place.chunkId || a.unit.order - b.unit.order,
  );
  const at = new Map(placed.map(({ unit }, i) => [unit, i]));
  const adjacent = (i: number, j: number) => {
    const a = placed[i];
    const b = placed[j];
    if (!a || !b || a.unit.line || b.unit.line) return false;
    if (a.unit.passageIndex === b.unit.passageIndex) return b.unit.order === a.unit.order + 1;
    return a.place.documentId === b.place.documentId && b.place.chunkId === a.place.chunkId + 1;
  };
  const step = (unit: TextUnit, by: -1 | 1) => {
    const i = at.get(unit);
    if (i === undefined) return undefined;
    return (by === 1 ? adjacent(i, i + 1) : adjacent(i - 1, i)) ? placed[i + by]?.unit : undefined;
  };
  return {
    previous: (unit: TextUnit) => step(unit, -1),
    next: (unit: TextUnit) => step(unit, 1),
    languageOf: (unit: TextUnit) => placed[at.get(unit) ?? -1]?.place.language,
  };
}

/**
 * The quotes with the sentence after a quoted one when it refers back to it, within the budget: it
 * says what the quoted one's figures or claims amount to ("…bringing the overall number in 2016 to
 * more than 100. For a small country, these numbers are big — the equivalent of 100,000 in the
 * United States"). Best quotes first; prose only (a list item or a table row stands alone).
 */
export function withFollowingReference(chosen: readonly TextUnit[], neighbours: DocumentNeighbours, budget = QUOTE_BUDGET): TextUnit[] {
  const result = [...chosen];
  let used = result.reduce((sum, unit) => sum + costOf(unit), 0);
  for (const unit of [...chosen].sort((a, b) => b.score - a.score)) {
    const next = neighbours.next(unit);
    const language = neighbours.languageOf(unit);
    if (!next || !language || result.includes(next) || !refersBack(next.text, language) || used + costOf(next) > budget) continue;
    result.push(next);
    used += costOf(next);
  }
  return result;
}
