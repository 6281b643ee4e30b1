import { describe, expect, it } from 'vitest';
import { memberStatesNamed, rescoreAcrossNamedStates } from '../../../src/core/retrieval/member-state-names.js';

const weights = { kavrenia: 1.6, zafira: 2.2, iom: 4, lead: 2.1 };
const passage = (memberStateName: string, matchedTerms: string[], coverage: number) => ({
  memberStateName,
  matchedTerms,
  coverage,
  focusCoverage: coverage,
  termWeights: weights,
});

describe('Member State names in questions', () => {
  it('does not take the words many State names share for a name ("United Nations" names no United Republic)', () => {
    const states = [{ memberStateName: 'United Republic of Lombeza' }, { memberStateName: 'Federal Republic of Marenco' }];
    expect([...memberStatesNamed('Which United Nations entity leads the federal police training?', states)]).toEqual([]);
    expect([...memberStatesNamed('What does Lombeza need?', states)]).toEqual(['United Republic of Lombeza']);
  });

  it('scores a question naming several States over its other terms, since a passage names one State only', () => {
    const kav = passage('Republic of Kavrenia', ['kavrenia', 'iom', 'lead'], 0.78);
    const zaf = passage('Republic of Zafira', ['zafira', 'lead'], 0.43);
    const [first, second] = rescoreAcrossNamedStates('Across the Kavrenia and Zafira lists, which needs suggest IOM as a lead?', [
      zaf,
      kav,
    ]);
    expect(first?.memberStateName).toBe('Republic of Kavrenia');
    expect(first?.coverage).toBeCloseTo(1, 5);
    expect(second?.coverage).toBeCloseTo(2.1 / 6.1, 5);
    // The focus is the rarer half of the remaining terms (IOM), which the Zafira passage lacks.
    expect(first?.focusCoverage).toBeCloseTo(1, 5);
    expect(second?.focusCoverage).toBe(0);
  });

  it('leaves a question naming one State as retrieval scored it', () => {
    const kav = passage('Republic of Kavrenia', ['kavrenia', 'lead'], 0.4);
    expect(rescoreAcrossNamedStates('Which Kavrenia needs suggest IOM as a lead?', [kav])).toEqual([kav]);
  });
});
