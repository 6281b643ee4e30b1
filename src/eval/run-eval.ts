import type { EvalItem } from './load-eval-items.js';
import { groupBy, scoreItem, totalsOf, type ItemOutcome, type ItemScore, type Totals } from './score-items.js';

export interface EvalRunners {
  answer(item: EvalItem): Promise<ItemOutcome>;
  /** Absent until summaries exist: summary items are then skipped, not failed. */
  summarize?(item: EvalItem): Promise<ItemOutcome>;
}

export interface EvalResult {
  scores: ItemScore[];
  skipped: string[];
  overall: Totals;
  byLanguage: Map<string, Totals>;
  byTag: Map<string, Totals>;
}

export async function runEval(
  items: EvalItem[],
  runners: EvalRunners,
  onItem?: (done: number, total: number) => void,
): Promise<EvalResult> {
  const scores: ItemScore[] = [];
  const skipped: string[] = [];
  for (const [index, item] of items.entries()) {
    const runner = item.type === 'summary' ? runners.summarize : runners.answer;
    if (!runner) skipped.push(item.id);
    else scores.push(scoreItem(item, await runner(item)));
    onItem?.(index + 1, items.length);
  }
  return {
    scores,
    skipped,
    overall: totalsOf(scores),
    byLanguage: groupBy(scores, (s) => [s.item.language]),
    byTag: groupBy(scores, (s) => s.item.tags),
  };
}

export function distinctInOrder(values: string[]): string[] {
  return [...new Set(values)];
}
