import type { RetrievedChunk } from '../../src/core/retrieval/retrieved-chunk.js';
import type { Selection } from '../../src/core/answering/steps/passage-step.js';
import { analyseQuestion, scopeQuestion } from '../../src/core/answering/question-analysis.js';

/** A retrieved passage for unit tests of the answer steps (an in-scope passage of one assessment). */
export function chunk(overrides: Partial<RetrievedChunk> = {}): RetrievedChunk {
  return {
    chunkId: 1,
    documentId: 'doc-a',
    title: 'Doc A',
    memberStateId: 'valdoria',
    memberStateName: 'Republic of Valdoria',
    memberStateNames: ['Republic of Valdoria', 'Valdoria', 'Valdorian'],
    kind: 'assessment_report',
    documentDate: '2026-05-19',
    language: 'en',
    classification: 'internal',
    heading: null,
    text: 'text',
    score: 1,
    coverage: 0.3,
    focusCoverage: 0.5,
    similarity: null,
    consentVersion: 1,
    ...overrides,
  };
}

/** The selection the steps start from for this question and these passages. */
export function selectionOf(question: string | null, chunks: RetrievedChunk[], overrides: Partial<Selection> = {}): Selection {
  return {
    question: question === null ? null : scopeQuestion(analyseQuestion(question), chunks),
    retrieved: chunks,
    chunks,
    anchors: [],
    decision: 'undecided',
    decidedBy: null,
    ...overrides,
  };
}
