import { describe, expect, it } from 'vitest';
import { fitPassagesToBudget } from '../../../src/core/answering/fit-passages-to-budget.js';
import type { CitablePassage } from '../../../src/core/answering/format-passages.js';

const passage = (chunkId: number, words: number): CitablePassage => ({
  chunkId,
  documentId: `doc-${chunkId}`,
  title: 'T',
  memberStateId: null,
  kind: 'ta_needs',
  documentDate: null,
  language: 'en',
  classification: 'internal',
  heading: null,
  text: 'word '.repeat(words),
  consentVersion: 1,
});
/** One token per word of the formatted passage: enough to make sizes predictable. */
const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('fitPassagesToBudget (answers and summaries)', () => {
  it('skips a passage that does not fit and still takes the shorter ones ranked after it, numbering what it keeps', () => {
    const fitted = fitPassagesToBudget([passage(1, 40), passage(2, 500), passage(3, 40), passage(4, 40)], countWords, 150);
    expect(fitted.map((entry) => [entry.n, entry.passage.chunkId])).toEqual([
      [1, 1],
      [2, 3],
      [3, 4],
    ]);
  });

  it('always keeps the best passage, even beyond the budget, and keeps the ranking order', () => {
    expect(fitPassagesToBudget([passage(7, 900), passage(8, 10)], countWords, 100).map((e) => e.passage.chunkId)).toEqual([7]);
    expect(fitPassagesToBudget([], countWords, 100)).toEqual([]);
  });
});
