import { formatPassage, type CitablePassage, type NumberedPassage } from './format-passages.js';

/**
 * The passages placed in a prompt: taken in ranking order and numbered 1, 2, … as they are kept,
 * each kept only if its formatted text still fits in `budget` tokens (the first is always kept, or
 * a model with a small budget would be shown nothing).
 *
 * A passage that does not fit is skipped and the next ones are still tried (`continue`, not
 * `break`): the budget limits size, it is not a relevance cut-off (retrieval and the thresholds
 * decide relevance). Stopping at the first long passage would drop every shorter, still relevant
 * passage ranked after it; skipping it keeps everything stopping would keep, plus what else fits.
 */
export function fitPassagesToBudget<P extends CitablePassage>(
  passages: readonly P[],
  countTokens: (text: string) => number,
  budget: number,
): NumberedPassage<P>[] {
  const numbered: NumberedPassage<P>[] = [];
  let used = 0;
  for (const passage of passages) {
    const entry = { n: numbered.length + 1, passage };
    const cost = countTokens(formatPassage(entry));
    if (numbered.length > 0 && used + cost > budget) continue;
    numbered.push(entry);
    used += cost;
  }
  return numbered;
}
