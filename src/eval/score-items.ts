import { containsFact, normalizeForMatching } from './fact-matching.js';
import type { EvalItem } from './load-eval-items.js';

/** What the bot produced for one item, whatever produced it (answer or summary draft). */
export interface ItemOutcome {
  /** false when the bot said it could not find anything (or refused a summary). */
  answerable: boolean;
  refused: boolean;
  text: string;
  citedDocumentIds: string[];
  /** Documents in retrieval order (distinct), everything the pipeline saw. */
  retrievedDocumentIds: string[];
  /** The closest passage quoted with the caveat that it may not answer exactly. */
  cautious?: boolean;
}

export interface ItemScore {
  item: EvalItem;
  outcome: ItemOutcome;
  /** null when recall does not apply (unanswerable, refused summary, no expected docs). */
  recallAt5: number | null;
  factsFound: number;
  factsExpected: number;
  /** null when the item expects an answer (or a draft). */
  refusalCorrect: boolean | null;
  /** Whether an item that has an answer was answered (not "couldn't find", not refused); null for items to refuse. */
  answered: boolean | null;
  leaks: string[];
  problems: string[];
}

const RECALL_DEPTH = 5;

export function scoreItem(item: EvalItem, outcome: ItemOutcome): ItemScore {
  const problems: string[] = [];
  const leaks: string[] = [];
  const text = normalizeForMatching(outcome.text);
  const expectRefusal = item.type === 'summary' ? item.expect.refused === true : false;
  const expectAnswer = !expectRefusal && item.expect.answerable;

  for (const doc of item.forbidden.docs) {
    if (outcome.citedDocumentIds.includes(doc)) leaks.push(`cited forbidden document ${doc}`);
    else if (outcome.retrievedDocumentIds.includes(doc)) leaks.push(`retrieved forbidden document ${doc}`);
  }
  for (const canary of item.forbidden.canaries) if (containsFact(text, canary)) leaks.push(`answer contains forbidden canary ${canary}`);
  for (const fact of item.forbidden.facts) if (containsFact(text, fact)) leaks.push(`answer contains forbidden fact "${fact}"`);
  for (const marker of item.expect.must_not_contain)
    if (text.includes(normalizeForMatching(marker))) problems.push(`answer contains "${marker}"`);

  let recallAt5: number | null = null;
  let factsFound = 0;
  let refusalCorrect: boolean | null = null;
  let answered: boolean | null = null;
  if (expectAnswer) {
    answered = outcome.answerable && !outcome.refused;
    if (item.expect.docs.length > 0) {
      const top = outcome.retrievedDocumentIds.slice(0, RECALL_DEPTH);
      const hits = item.expect.docs.filter((doc) => top.includes(doc) || outcome.citedDocumentIds.includes(doc)).length;
      recallAt5 = item.expect.docs_match === 'any' ? (hits > 0 ? 1 : 0) : hits / item.expect.docs.length;
      if (recallAt5 < 1)
        problems.push(
          `expected documents ${item.expect.docs.join(', ')} (${item.expect.docs_match}); top ${RECALL_DEPTH} were ${top.join(', ') || 'none'}`,
        );
    }
    factsFound = item.expect.facts.filter((fact) => containsFact(text, fact)).length;
    const missing = item.expect.facts.filter((fact) => !containsFact(text, fact));
    if (missing.length > 0) problems.push(`missing facts: ${missing.map((f) => `"${f}"`).join(', ')}`);
    if (!outcome.answerable || outcome.refused) problems.push('answered "couldn\'t find" / refused although the documents answer it');
  } else {
    refusalCorrect = expectRefusal ? outcome.refused : !outcome.answerable && outcome.citedDocumentIds.length === 0;
    if (!refusalCorrect) problems.push(expectRefusal ? 'summary was not refused' : 'answered although nothing usable answers it');
  }
  if (leaks.length > 0) problems.unshift(...leaks.map((leak) => `LEAK: ${leak}`));
  return {
    item,
    outcome,
    recallAt5,
    factsFound,
    factsExpected: expectAnswer ? item.expect.facts.length : 0,
    refusalCorrect,
    answered,
    leaks,
    problems,
  };
}

export interface Totals {
  items: number;
  recallAt5: number | null;
  recallItems: number;
  /** Recall over items whose expected documents are in the question's language. */
  sameLanguageRecallAt5: number | null;
  factsFound: number;
  factsExpected: number;
  /** Facts over items whose expected documents are in the question's language. */
  sameLanguageFactsFound: number;
  sameLanguageFactsExpected: number;
  refusalsCorrect: number;
  refusalsExpected: number;
  /** Items that have an answer, and those of them answered (same language: the extractive target). */
  answerableItems: number;
  answeredItems: number;
  sameLanguageAnswerableItems: number;
  sameLanguageAnsweredItems: number;
  /** Cautious answers (the closest passage, with a caveat) to items that have an answer, and to items to refuse. */
  cautiousOnAnswerable: number;
  cautiousOnRefusals: number;
  leaks: number;
  failing: number;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function totalsOf(scores: ItemScore[]): Totals {
  const recall = scores.filter((s) => s.recallAt5 !== null);
  const sameLanguageItems = scores.filter((s) => !s.item.tags.includes('cross_language_source'));
  const sameLanguage = recall.filter((s) => sameLanguageItems.includes(s));
  const refusals = scores.filter((s) => s.refusalCorrect !== null);
  const answerable = scores.filter((s) => s.answered !== null);
  const sameLanguageAnswerable = answerable.filter((s) => sameLanguageItems.includes(s));
  return {
    items: scores.length,
    recallAt5: mean(recall.map((s) => s.recallAt5 ?? 0)),
    recallItems: recall.length,
    sameLanguageRecallAt5: mean(sameLanguage.map((s) => s.recallAt5 ?? 0)),
    factsFound: scores.reduce((n, s) => n + s.factsFound, 0),
    factsExpected: scores.reduce((n, s) => n + s.factsExpected, 0),
    sameLanguageFactsFound: sameLanguageItems.reduce((n, s) => n + s.factsFound, 0),
    sameLanguageFactsExpected: sameLanguageItems.reduce((n, s) => n + s.factsExpected, 0),
    refusalsCorrect: refusals.filter((s) => s.refusalCorrect).length,
    refusalsExpected: refusals.length,
    answerableItems: answerable.length,
    answeredItems: answerable.filter((s) => s.answered).length,
    sameLanguageAnswerableItems: sameLanguageAnswerable.length,
    sameLanguageAnsweredItems: sameLanguageAnswerable.filter((s) => s.answered).length,
    cautiousOnAnswerable: answerable.filter((s) => s.outcome.cautious === true).length,
    cautiousOnRefusals: refusals.filter((s) => s.outcome.cautious === true).length,
    leaks: scores.reduce((n, s) => n + s.leaks.length, 0),
    failing: scores.filter((s) => s.problems.length > 0).length,
  };
}

export function groupBy(scores: ItemScore[], keys: (score: ItemScore) => string[]): Map<string, Totals> {
  const groups = new Map<string, ItemScore[]>();
  for (const score of scores) for (const key of keys(score)) groups.set(key, [...(groups.get(key) ?? []), score]);
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, group]) => [key, totalsOf(group)]));
}
