import { describe, expect, it } from 'vitest';
import { keepPassagesNamingItemCodesStep } from '../../../../src/core/answering/steps/keep-passages-naming-item-codes.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

describe('keep-passages-naming-item-codes', () => {
  const naming = chunk({ chunkId: 1, text: 'LOM-TA-02 — Suggested lead: UNODC.' });
  const other = chunk({ chunkId: 2, text: 'KAV-TA-01 — Suggested lead: WCO.' });
  it('keeps the passages naming the item code asked about', () => {
    expect(keepPassagesNamingItemCodesStep.run(selectionOf('Who leads LOM-TA-02?', [other, naming]), DEFAULT_POLICY).chunks).toEqual([
      naming,
    ]);
  });
  it('keeps everything when no passage names it', () => {
    expect(keepPassagesNamingItemCodesStep.run(selectionOf('Who leads LOM-TA-09?', [other, naming]), DEFAULT_POLICY).chunks).toHaveLength(
      2,
    );
  });
});
