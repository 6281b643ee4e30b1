import { describe, expect, it } from 'vitest';
import { checkCitations, createCitationStreamFilter } from '../../../src/core/answering/check-citations.js';

describe('checkCitations', () => {
  it('keeps citations of passages handed in and strips invented ones', () => {
    const result = checkCitations('Valdoria has 23 posts [1]. It has 4 airports [7]. Budget [2, 9].', [1, 2, 3]);
    expect(result.text).toBe('Valdoria has 23 posts [1]. It has 4 airports. Budget [2].');
    expect(result.cited).toEqual([1, 2]);
    expect(result.removed).toEqual([7, 9]);
  });

  it('accepts adjacent and footnote-style citations', () => {
    const result = checkCitations('A [1][3]. B [^2].', [1, 2, 3]);
    expect(result.text).toBe('A [1][3]. B [2].');
    expect(result.cited).toEqual([1, 3, 2]);
  });

  it('leaves non-citation brackets alone', () => {
    expect(checkCitations('See [the annex] and [2026].', [1]).text).toBe('See [the annex] and.');
    expect(checkCitations('See [the annex].', [1]).text).toBe('See [the annex].');
  });
});

describe('createCitationStreamFilter', () => {
  it('never lets an invented citation through, however the tokens are split', () => {
    const filter = createCitationStreamFilter([1, 2]);
    const tokens = ['Posts ', '[', '1', '] and ', '[9', '] then [', 'x] end [2', ']'];
    const out = tokens.map((t) => filter.push(t)).join('') + filter.flush();
    expect(out).toBe('Posts [1] and  then [x] end [2]');
  });
});
