import { describe, expect, it } from 'vitest';
import { refuseWithoutAnchorStep } from '../../../../src/core/answering/steps/refuse-without-anchor.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

describe('refuse-without-anchor', () => {
  it('refuses when no passage answers, and passes an anchored selection on', () => {
    const passage = chunk();
    expect(refuseWithoutAnchorStep.run(selectionOf(null, [passage]), DEFAULT_POLICY)).toMatchObject({ decision: 'refused', chunks: [] });
    const anchored = selectionOf(null, [passage], { anchors: [passage], decision: 'confident' });
    expect(refuseWithoutAnchorStep.run(anchored, DEFAULT_POLICY)).toBe(anchored);
  });
});
