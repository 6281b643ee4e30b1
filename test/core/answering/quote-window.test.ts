import { describe, expect, it } from 'vitest';
import { quoteUnit, quoteWindow } from '../../../src/core/answering/quote-window.js';

const LONG =
  'While our country has made significant progress in the area of security and counter- terrorism — particularly through the defeat of many terrorist plans and other criminal activities and the arrest of many suspects who were then prosecuted — over the course of this past year, we have nonetheless been the victims of two heinous terrorist attacks targeting the Bardo Museum and a tourist site in the city of Sousse in a cowardly attempt to undermine our social approach of centrism, moderation and tolerance, and to frustrate the economy by targeting its vital tourist sector.';

describe('the window quoted of a long sentence', () => {
  it('is centred where the question terms stand together, not at the sentence start', () => {
    const terms = new Map([
      ['sites', 4],
      ['targeted', 3],
      ['terrorist', 1.7],
      ['attacks', 2.7],
    ]);
    const quote = quoteWindow(LONG, terms);
    expect(quote).toContain('targeting the Bardo Museum and a tourist site in the city of Sousse');
    expect(quote.length).toBeLessThanOrEqual(402);
    expect(quote.startsWith('…')).toBe(true);
    // It starts at a word of the sentence, not inside one.
    expect(LONG[LONG.indexOf(quote.slice(1, 40)) - 1]).toMatch(/\s/u);
  });

  it('cuts at word boundaries and marks each cut end with "…"', () => {
    const quote = quoteWindow(LONG, new Map([['prosecuted', 3]]), 200);
    expect(quote.length).toBeLessThanOrEqual(202);
    expect(quote).toContain('prosecuted');
    expect(quote).toMatch(/^….*…$/u);
    // Each end is a whole word of the sentence.
    const inner = quote.slice(1, -1);
    const at = LONG.indexOf(inner);
    expect(at).toBeGreaterThan(0);
    expect(LONG[at - 1]).toMatch(/\s/u);
    expect(LONG[at + inner.length]).toMatch(/[\s,;.]/u);
  });

  it('keeps the start of a long sentence whose terms stand there, and a short text whole', () => {
    expect(quoteWindow(LONG, new Map([['progress', 3]]))).toMatch(/^While our country has made significant progress.*…$/u);
    expect(quoteWindow(LONG, new Map())).toMatch(/^While our country/u);
    expect(quoteWindow('A short sentence.', new Map([['sentence', 1]]))).toBe('A short sentence.');
  });
});

describe('the window quoted of a long list item', () => {
  it('keeps the item label, which says which item it is', () => {
    const text = `VER-TA-05  Risk-assessment procedure ${'and training of prison staff on the procedure '.repeat(8)}for the 9 persons convicted. Lead: UNODC. Priority: MEDIUM.`;
    const unit = { passageIndex: 0, order: 0, text, line: true, score: 1, terms: new Map([['unodc', 2]]) };
    const quote = quoteUnit(unit);
    expect(quote).toMatch(/^VER-TA-05 …/u);
    expect(quote).toContain('Lead: UNODC');
    expect(quote.length).toBeLessThanOrEqual(402);
  });
});
