import { describe, expect, it } from 'vitest';
import { bm25Scores, mostTermsTogether, termPositions } from '../../../src/core/answering/passage-bm25.js';
import { chunk } from '../../helpers/retrieved-chunk.js';

describe('passage BM25 and proximity', () => {
  it('scores a passage holding the rarer term more often, and shorter, higher', () => {
    const weights = new Map([
      ['drones', 4],
      ['border', 1],
    ]);
    const [a, b, c] = bm25Scores(
      [
        chunk({ text: 'Drones crossed the border. Drones again.' }),
        chunk({ text: 'The border was quiet. The border was long and the border guards were many and tired.' }),
        chunk({ text: 'Nothing here.' }),
      ],
      weights,
      1.2,
      0.75,
    );
    expect(a!.score).toBeGreaterThan(b!.score);
    expect(c!.score).toBe(0);
  });
  it('counts the most terms found within a window of words', () => {
    const found = termPositions('Libya is far from here. Many words come in between before the situation is named at last.', [
      'libya',
      'situation',
    ]);
    expect(mostTermsTogether(found, ['libya', 'situation'], 5)).toBe(1);
    expect(mostTermsTogether(found, ['libya', 'situation'], 20)).toBe(2);
  });
});
