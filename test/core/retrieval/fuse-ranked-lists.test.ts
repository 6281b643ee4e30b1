import { describe, expect, it } from 'vitest';
import { fuseRankedLists } from '../../../src/core/retrieval/fuse-ranked-lists.js';

const entry = (chunkId: number, coverage: number) => ({ chunkId, coverage });

describe('fuseRankedLists', () => {
  it('ranks by reciprocal rank over every list, an item in several lists first', () => {
    const fused = fuseRankedLists(
      [
        [entry(1, 0.9), entry(2, 0.5)],
        [entry(3, 0.8), entry(2, 0.7)],
      ],
      10,
    );
    expect(fused.map((f) => f.item.chunkId)).toEqual([2, 1, 3]);
    expect(fused[0]!.score).toBeCloseTo(2 / 62);
  });

  it("keeps the first list's entry of an item, unless `better` prefers a later one", () => {
    // A passage the original (Arabic) question barely matches, and its English translation matches well.
    const lists = [[entry(7, 0.09)], [entry(7, 0.42)]];
    expect(fuseRankedLists(lists, 10)[0]!.item.coverage).toBe(0.09);
    expect(fuseRankedLists(lists, 10, undefined, (candidate, kept) => candidate.coverage > kept.coverage)[0]!.item.coverage).toBe(0.42);
  });
});
