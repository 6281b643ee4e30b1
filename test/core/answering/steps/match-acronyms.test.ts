import { describe, expect, it } from 'vitest';
import { matchAcronymsStep } from '../../../../src/core/answering/steps/match-acronyms.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

describe('match-acronyms', () => {
  const termWeights = { share: 2, gni: 5, denmark: 3 };
  const aid = chunk({
    chunkId: 1,
    memberStateName: null,
    termWeights,
    absentTerms: ['gni'],
    matchedTerms: ['share', 'denmark'],
    coverage: 0.5,
    focusCoverage: 0.375,
    text: 'Denmark has given 0.7 per cent of its gross national income in development aid since 1978.',
  });
  const other = chunk({ chunkId: 2, memberStateName: null, termWeights, absentTerms: ['gni'], matchedTerms: ['share'], coverage: 0.2 });

  it('counts an acronym of the question as held by a passage that spells it out, in coverage and as known to the scope', () => {
    const selection = matchAcronymsStep.run(selectionOf('What share of its GNI does Denmark give?', [other, aid]), DEFAULT_POLICY);
    const credited = selection.chunks[0]!;
    expect(credited.chunkId).toBe(1);
    expect(credited.matchedTerms).toContain('gni');
    expect(credited.coverage).toBeCloseTo(1);
    expect(credited.absentTerms).toEqual([]);
    expect(selection.chunks[1]).toMatchObject({ chunkId: 2, coverage: 0.2, absentTerms: [] });
  });

  it("counts an acronym as held by every passage of a document whose title spells it out (the ToR's meetings clause of the RM working group)", () => {
    const weights = { rm: 4, meet: 2 };
    const clause = chunk({
      chunkId: 3,
      memberStateName: null,
      termWeights: weights,
      matchedTerms: ['meet'],
      coverage: 1 / 3,
      title: 'Terms of Reference: Working Group on Resource Mobilization and Monitoring and Evaluation',
      text: 'The Working Group meets on the second Tuesday of March, June, September and December.',
    });
    const selection = matchAcronymsStep.run(selectionOf('When does the RM group meet?', [clause]), DEFAULT_POLICY);
    expect(selection.chunks[0]!.matchedTerms).toContain('rm');
    expect(selection.chunks[0]!.coverage).toBeCloseTo(1);
  });

  it('leaves a question without acronyms, or a lower-case word, as retrieval scored it', () => {
    const selection = selectionOf('What share of its gni does Denmark give?', [other, aid]);
    expect(matchAcronymsStep.run(selection, DEFAULT_POLICY)).toBe(selection);
  });
});
