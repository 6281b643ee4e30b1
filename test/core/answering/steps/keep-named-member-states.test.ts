import { describe, expect, it } from 'vitest';
import { keepNamedMemberStatesStep } from '../../../../src/core/answering/steps/keep-named-member-states.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

describe('keep-named-member-states', () => {
  it('keeps the named State’s passages and general ones that speak of it, and leaves out other States', () => {
    const valdoria = chunk({ chunkId: 1 });
    const other = chunk({ chunkId: 2, memberStateName: 'Kingdom of Istrana', memberStateNames: ['Kingdom of Istrana', 'Istrana'] });
    const general = chunk({ chunkId: 3, memberStateName: null, text: 'Valdoria hosted the meeting.' });
    const silent = chunk({ chunkId: 4, memberStateName: null, text: 'The group met.' });
    const kept = keepNamedMemberStatesStep.run(
      selectionOf('How many border posts does Valdoria have?', [valdoria, other, general, silent]),
      DEFAULT_POLICY,
    );
    expect(kept.chunks.map((c) => c.chunkId)).toEqual([1, 3]);
    const unnamed = keepNamedMemberStatesStep.run(selectionOf('How many border posts are there?', [valdoria, other]), DEFAULT_POLICY);
    expect(unnamed.chunks).toHaveLength(2);
  });

  it('names a State of the directory that no retrieved passage is about: passages of other States that mention it do not answer', () => {
    const question = 'According to Istrana, where do the weapons come from?';
    const mentions = chunk({ chunkId: 1, text: 'Weapons reach us from Istrana.' });
    const general = chunk({ chunkId: 2, memberStateName: null, text: 'Istrana reported the routes.' });
    expect(keepNamedMemberStatesStep.run(selectionOf(question, [mentions, general]), DEFAULT_POLICY).chunks).toHaveLength(2);
    const withDirectory = selectionOf(question, [mentions, general]);
    const scoped = {
      ...withDirectory,
      question: {
        ...withDirectory.question!,
        directoryStates: [{ memberStateName: 'Kingdom of Istrana', memberStateNames: ['Kingdom of Istrana', 'Istrana'] }],
      },
    };
    expect(keepNamedMemberStatesStep.run(scoped, DEFAULT_POLICY).chunks.map((c) => c.chunkId)).toEqual([2]);
  });
});
