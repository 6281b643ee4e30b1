import { describe, expect, it } from 'vitest';
import { answerFromNamedStateStep } from '../../../../src/core/answering/steps/answer-from-named-state.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

const question = 'What does Valdoria blame for the terrorist threat in the region?';
const termWeights = { valdoria: 4, blame: 7.5, terrorist: 2, threat: 2.3, region: 3 };
const absentTerms = ['blame'];
const ofValdoria = (chunkId: number, text: string, overrides = {}) =>
  chunk({ chunkId, documentId: 'ungd-val', termWeights, absentTerms, matchedTerms: ['valdoria'], text, ...overrides });
const answering = ofValdoria(1, 'As a result of the migration crisis, the region faces the gravest threat of terrorism in its history.');
const elsewhere = ofValdoria(2, 'Our economy grew and our schools opened; the region trades with its neighbours.');
// Another State's statement naming Valdoria: its text holds the name the Valdoria statement never says.
const other = chunk({
  chunkId: 3,
  documentId: 'ungd-kor',
  memberStateName: 'Koravia',
  memberStateNames: ['Koravia'],
  termWeights,
  absentTerms,
  matchedTerms: ['valdoria', 'terrorist', 'threat', 'region'],
  text: 'Valdoria and the region face a terrorist threat; Valdoria, Valdoria and the region must act on the terrorist threat.',
});

describe('answer-from-named-state', () => {
  it("quotes the named State's passage holding its subject words together, though another State's passage scores higher", () => {
    const selection = answerFromNamedStateStep.run(selectionOf(question, [other, elsewhere, answering]), DEFAULT_POLICY);
    expect(selection).toMatchObject({ decision: 'cautious', decidedBy: 'answer-from-named-state' });
    expect(selection.chunks).toEqual([answering]);
  });

  it('stays undecided when the scope lacks more than one subject word', () => {
    const lacking = { termWeights: { ...termWeights, cargo: 6 }, absentTerms: ['blame', 'cargo'] };
    const passages = [
      { ...answering, ...lacking },
      { ...elsewhere, ...lacking },
    ];
    const selection = answerFromNamedStateStep.run(selectionOf(`${question} And cargo?`, passages), DEFAULT_POLICY);
    expect(selection.decision).toBe('undecided');
  });

  it('stays undecided when no passage of the named State holds a rarer subject word', () => {
    const commoner = ofValdoria(4, 'No terrorist group operates here. Our economy grew and our schools opened.');
    expect(answerFromNamedStateStep.run(selectionOf(question, [commoner]), DEFAULT_POLICY).decision).toBe('undecided');
  });

  it('asks for as many subject words close together as the policy says', () => {
    const apart = ofValdoria(4, 'The threat is grave. Our economy grew and our schools opened, and trade with neighbours, in the region.');
    expect(answerFromNamedStateStep.run(selectionOf(question, [apart]), DEFAULT_POLICY).chunks).toEqual([apart]);
    const strict = { ...DEFAULT_POLICY, namedStateMinTermsTogether: 2 };
    expect(answerFromNamedStateStep.run(selectionOf(question, [apart, elsewhere]), strict).decision).toBe('undecided');
  });

  it('quotes only passages of the kind of document the question names', () => {
    const named = 'What does the Valdoria needs list blame for the terrorist threat in the region?';
    expect(answerFromNamedStateStep.run(selectionOf(named, [answering, elsewhere]), DEFAULT_POLICY).decision).toBe('undecided');
  });

  it("counts a proper name its document holds in another passage (a statement names its speaker once), and no other's", () => {
    const withName = { termWeights: { ...termWeights, minister: 4.5 }, absentTerms };
    const asked = 'What does the Valdoria Minister blame for the terrorist threat in the region?';
    const speaker = ofValdoria(5, 'I speak as Minister for Foreign Affairs.', { ...withName, matchedTerms: ['valdoria', 'minister'] });
    const passages = [{ ...answering, ...withName }, speaker];
    expect(answerFromNamedStateStep.run(selectionOf(asked, passages), DEFAULT_POLICY).chunks).toEqual([passages[0]]);
    const unnamed = [passages[0]!, { ...elsewhere, ...withName }];
    expect(answerFromNamedStateStep.run(selectionOf(asked, unnamed), DEFAULT_POLICY).decision).toBe('undecided');
  });

  it('quotes the State named first (the speaker), from a passage speaking of the other State named', () => {
    const asked = 'What does Valdoria blame Koravia for in the region?';
    const weights = { termWeights: { ...termWeights, koravia: 4 }, absentTerms };
    const silent = { ...answering, ...weights };
    const speaking = ofValdoria(6, 'Koravia keeps the terrorist threat alive in the region, and the region suffers.', weights);
    // Koravia's own statement speaks of Valdoria, yet Valdoria is the one asked.
    const koravian = { ...other, ...weights, text: 'Valdoria fuels the terrorist threat in the region.' };
    expect(answerFromNamedStateStep.run(selectionOf(asked, [silent, koravian]), DEFAULT_POLICY).decision).toBe('undecided');
    expect(answerFromNamedStateStep.run(selectionOf(asked, [silent, speaking, koravian]), DEFAULT_POLICY).chunks).toEqual([speaking]);
  });

  it('leaves a decision already taken alone', () => {
    const confident = selectionOf(question, [answering], { decision: 'confident', anchors: [answering] });
    expect(answerFromNamedStateStep.run(confident, DEFAULT_POLICY)).toBe(confident);
  });
});
