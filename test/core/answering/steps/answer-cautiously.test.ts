import { describe, expect, it } from 'vitest';
import { answerCautiouslyStep } from '../../../../src/core/answering/steps/answer-cautiously.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

const termWeights = { malta: 3.9, optimistic: 5, situation: 2.6, libya: 3.6 };
const filler = (id: number) =>
  chunk({
    chunkId: id,
    documentId: `doc-${id}`,
    memberStateName: null,
    termWeights,
    matchedTerms: ['situation'],
    text: 'The situation of the world economy is the situation we face.',
  });
const libya = chunk({
  chunkId: 1,
  memberStateName: null,
  termWeights,
  matchedTerms: ['libya', 'situation'],
  text: 'Yet the overall situation in Libya continues to be bleak, and Libya needs support.',
});

describe('answer-cautiously', () => {
  it('quotes the closest passage when it holds the named terms and subject words together and stands above the others', () => {
    const question = 'Is the outlook optimistic about the situation in Libya?';
    const selection = answerCautiouslyStep.run(selectionOf(question, [libya, filler(2), filler(3), filler(4)]), DEFAULT_POLICY);
    expect(selection).toMatchObject({ decision: 'cautious', decidedBy: 'answer-cautiously' });
    expect(selection.chunks).toEqual([libya]);
  });

  it('stays undecided when the passage lacks a proper name the question names', () => {
    const question = 'Is the outlook optimistic about the situation in Libya and Malta?';
    const withMalta = { ...termWeights };
    const passages = [{ ...libya, termWeights: withMalta }, filler(2), filler(3)];
    expect(answerCautiouslyStep.run(selectionOf(question, passages), DEFAULT_POLICY).decision).toBe('undecided');
  });

  it('stays undecided when most of the question is in no document of the scope', () => {
    const absent = { ...libya, absentTerms: ['optimistic', 'malta'] };
    expect(
      answerCautiouslyStep.run(selectionOf('Is Malta optimistic about the situation in Libya?', [absent]), DEFAULT_POLICY).decision,
    ).toBe('undecided');
  });

  it('finds a figure the question names in the passage or its document title (the year of a statement), and nowhere else', () => {
    const passages = (title: string) => [{ ...libya, title }, filler(2), filler(3), filler(4)];
    const question = 'Is the outlook optimistic about the situation in Libya in 2016?';
    expect(answerCautiouslyStep.run(selectionOf(question, passages('Statement of Malta (2016)')), DEFAULT_POLICY).decision).toBe(
      'cautious',
    );
    expect(answerCautiouslyStep.run(selectionOf(question, passages('Statement of Malta')), DEFAULT_POLICY).decision).toBe('undecided');
  });

  it('quotes a passage whose subject words stand apart only when it stands far above the others retrieved', () => {
    const question = 'Is the outlook optimistic about the situation in Libya?';
    const apart = {
      ...libya,
      text: 'Libya has held elections, opened its ports and begun to rebuild the roads and schools of its cities; the situation remains bleak.',
    };
    const others = (text: string, matchedTerms: string[]) => [2, 3, 4].map((id) => ({ ...filler(id), matchedTerms, text }));
    // Over 1.5 times the median BM25 of the passages retrieved (these hold one common word): the passage
    // asked about, though it paraphrases.
    const common = others(
      'The world economy and the situation of trade, finance, energy and the markets we all face this year and the next.',
      ['situation'],
    );
    expect(answerCautiouslyStep.run(selectionOf(question, [apart, ...common]), DEFAULT_POLICY).chunks).toEqual([apart]);
    // Above the others (×1.46) but not clearly above: the subject words must then be close.
    const naming = others('Libya held a conference on the world economy, trade, finance and the markets this year.', ['libya']);
    expect(answerCautiouslyStep.run(selectionOf(question, [apart, ...naming]), DEFAULT_POLICY).decision).toBe('undecided');
  });

  it('prefers a passage holding the subject words together to a higher-scored one holding them apart', () => {
    const question = 'Is the outlook optimistic about the situation in Libya?';
    const apart = {
      ...libya,
      chunkId: 5,
      text: 'Libya, Libya: elections were held, ports opened and the roads and schools of its cities are being rebuilt; the situation is the situation.',
    };
    const selection = answerCautiouslyStep.run(selectionOf(question, [apart, libya, filler(2), filler(3), filler(4)]), DEFAULT_POLICY);
    expect(selection.chunks).toEqual([libya]);
  });

  it("weighs the ranked list's passages against its own distribution, not the further passages of a named State handed on", () => {
    const question = 'Is the outlook optimistic about the situation in Libya?';
    const peer = (id: number) => ({ ...libya, chunkId: id, documentId: `doc-${id}` });
    const extra = (id: number) => ({ ...filler(id), matchedTerms: [], text: 'Our farmers need rain.', ofNamedStateBeyondRanking: true });
    const ranked = [libya, peer(2), peer(3)];
    expect(answerCautiouslyStep.run(selectionOf(question, ranked), DEFAULT_POLICY).decision).toBe('undecided');
    const handedOn = [...ranked, extra(4), extra(5), extra(6), extra(7)];
    expect(answerCautiouslyStep.run(selectionOf(question, handedOn), DEFAULT_POLICY).decision).toBe('undecided');
    const unmarked = handedOn.map((passage) => ({ ...passage, ofNamedStateBeyondRanking: undefined }));
    expect(answerCautiouslyStep.run(selectionOf(question, unmarked), DEFAULT_POLICY).decision).toBe('cautious');
    // Nor is a passage handed on the closest one: it stood in no ranking against the others.
    const standingOut = { ...libya, chunkId: 9, documentId: 'doc-9', ofNamedStateBeyondRanking: true };
    const weak = [filler(2), filler(3), filler(4), standingOut];
    expect(answerCautiouslyStep.run(selectionOf(question, weak), DEFAULT_POLICY).decision).toBe('undecided');
    expect(
      answerCautiouslyStep.run(
        selectionOf(question, [...weak.slice(0, 3), { ...standingOut, ofNamedStateBeyondRanking: undefined }]),
        DEFAULT_POLICY,
      ).decision,
    ).toBe('cautious');
  });

  it('leaves a confident decision alone', () => {
    const confident = selectionOf('Is it optimistic about Libya?', [libya], { decision: 'confident', anchors: [libya] });
    expect(answerCautiouslyStep.run(confident, DEFAULT_POLICY)).toBe(confident);
  });
});
