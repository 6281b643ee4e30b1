import { describe, expect, it } from 'vitest';
import { findAnchorsStep } from '../../../../src/core/answering/steps/find-anchors.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

describe('find-anchors', () => {
  const decide = (coverage: number, focusCoverage: number) =>
    findAnchorsStep.run(selectionOf(null, [chunk({ coverage, focusCoverage })]), DEFAULT_POLICY).decision;
  it('is confident when a passage covers the question and its subject, or most of the question and a little less of its subject', () => {
    expect(decide(0.5, 0.5)).toBe('confident');
    expect(decide(0.7, 0.45)).toBe('confident');
  });
  it('stays undecided below the cut', () => {
    expect(decide(0.6, 0.45)).toBe('undecided');
    expect(decide(0.7, 0.3)).toBe('undecided');
  });
  it('is confident on a passage holding every term the scope knows, when most of the question is known', () => {
    const termWeights = { border: 1, management: 2, meetings: 3, hold: 4 };
    const all = chunk({
      coverage: 0.3,
      focusCoverage: 0.2,
      termWeights,
      absentTerms: ['hold'],
      matchedTerms: ['border', 'management', 'meetings'],
    });
    expect(findAnchorsStep.run(selectionOf(null, [all]), DEFAULT_POLICY).decision).toBe('confident');
    const most = { ...all, matchedTerms: ['border', 'management'] };
    expect(findAnchorsStep.run(selectionOf(null, [most]), DEFAULT_POLICY).decision).toBe('undecided');
  });
  it('answers a question naming a figure only from documents holding one of its figures', () => {
    const reports = chunk({ chunkId: 1, coverage: 0.8, focusCoverage: 0.8, text: 'The unit received 94 reports in 2025.' });
    const decide = (question: string, passages = [reports]) =>
      findAnchorsStep.run(selectionOf(question, passages), DEFAULT_POLICY).decision;
    expect(decide('How many reports did the unit receive in 2024?')).toBe('undecided');
    expect(decide('How many reports did the unit receive in 2025?')).toBe('confident');
    // A comparison names figures other passages of the document hold.
    const earlier = chunk({ chunkId: 2, coverage: 0.3, focusCoverage: 0.3, text: 'In 2022 it received 40.' });
    expect(decide('Compare the reports received in 2022 and in 2025.', [reports, earlier])).toBe('confident');
    expect(decide('Compare the reports received in 2022 and in 2024.', [reports, earlier])).toBe('confident');
    expect(decide('Compare the reports received in 2023 and in 2024.', [reports, earlier])).toBe('undecided');
  });
});
