import { describe, expect, it } from 'vitest';
import { refuseNamesScopeLacksStep } from '../../../../src/core/answering/steps/refuse-names-scope-lacks.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

describe('refuse-names-scope-lacks', () => {
  const passages = [chunk({ absentTerms: ['bandoro', 'kav-ta-09', 'held'] })];
  it('refuses a proper name or a code no document in scope holds', () => {
    expect(
      refuseNamesScopeLacksStep.run(selectionOf('How many people were held in the Bandoro camp?', passages), DEFAULT_POLICY).decision,
    ).toBe('refused');
    expect(refuseNamesScopeLacksStep.run(selectionOf('Who leads KAV-TA-09?', passages), DEFAULT_POLICY).decision).toBe('refused');
  });
  it('does not refuse the words of a Member State’s name the texts write otherwise ("Ivory Coast")', () => {
    const ivoirian = [
      chunk({ absentTerms: ['ivory'], memberStateName: "Côte d'Ivoire", memberStateNames: ["Côte d'Ivoire", 'Ivory Coast', 'Ivorian'] }),
    ];
    expect(
      refuseNamesScopeLacksStep.run(selectionOf('What growth rate has Ivory Coast averaged?', ivoirian), DEFAULT_POLICY).decision,
    ).toBe('undecided');
  });
  it('does not refuse an absent common word', () => {
    expect(refuseNamesScopeLacksStep.run(selectionOf('How many were held?', passages), DEFAULT_POLICY).decision).toBe('undecided');
  });
});
