import type { RetrievedChunk } from '../../retrieval/retrieved-chunk.js';
import type { AnswerPolicy } from '../answer-policy.js';
import type { ScopedQuestion } from '../question-analysis.js';

/**
 * What the answer steps pass along: the passages still in question, those that answer on their own
 * (anchors), and the decision so far. A step that refuses ends the list ("couldn't find").
 */
export interface Selection {
  /** null when the caller gives no question (the model path's noise floor alone). */
  question: ScopedQuestion | null;
  /** Everything retrieval returned for the question, unfiltered: the scope's score distribution. */
  retrieved: readonly RetrievedChunk[];
  chunks: RetrievedChunk[];
  anchors: RetrievedChunk[];
  /** 'confident' once a passage passes the cut; 'cautious' when the closest passage is quoted with a caveat. */
  decision: 'undecided' | 'confident' | 'cautious' | 'refused';
  /** The step that decided, for tests and the eval's report. */
  decidedBy: string | null;
}

/** One named step of choosing the passages an answer quotes. */
export interface PassageStep {
  name: string;
  run(selection: Selection, policy: AnswerPolicy): Selection;
}

export function refused(selection: Selection, step: string): Selection {
  return { ...selection, chunks: [], anchors: [], decision: 'refused', decidedBy: step };
}
