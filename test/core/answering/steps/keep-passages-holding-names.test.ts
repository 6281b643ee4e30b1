import { describe, expect, it } from 'vitest';
import { keepPassagesHoldingNamesStep } from '../../../../src/core/answering/steps/keep-passages-holding-names.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { analyseQuestion, scopeQuestion } from '../../../../src/core/answering/question-analysis.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

describe('keep-passages-holding-names', () => {
  const termWeights = { population: 3.5, bakanzi: 2 };
  const population = chunk({ chunkId: 1, termWeights, matchedTerms: ['population'] });
  const town = chunk({ chunkId: 2, termWeights, matchedTerms: ['population', 'bakanzi'] });
  const ids = (question: string) =>
    keepPassagesHoldingNamesStep.run(selectionOf(question, [population, town]), DEFAULT_POLICY).chunks.map((c) => c.chunkId);
  it('keeps only passages holding a proper name the question names', () => {
    expect(ids("What's the population of Bakanzi?")).toEqual([2]);
  });
  it('takes a Member State name as held by that State’s documents, whichever form the text uses', () => {
    const emirates = {
      memberStateName: 'United Arab Emirates',
      memberStateNames: ['United Arab Emirates', 'UAE', 'Emirati'],
    };
    const usa = { memberStateName: 'United States of America', memberStateNames: ['United States of America', 'American'] };
    const weights = { uae: 3, american: 2.5, propaganda: 4 };
    const ownStatement = chunk({ chunkId: 3, ...emirates, termWeights: weights, matchedTerms: ['uae', 'propaganda'] });
    const question = 'What did the UAE set up with American help against propaganda?';
    const other = chunk({ chunkId: 4, memberStateName: 'Republic of Valdoria', termWeights: weights, matchedTerms: ['propaganda'] });
    const selection = {
      ...selectionOf(question, [ownStatement, other]),
      question: scopeQuestion(analyseQuestion(question), [ownStatement, other], [usa]),
    };
    expect(keepPassagesHoldingNamesStep.run(selection, DEFAULT_POLICY).chunks.map((c) => c.chunkId)).toEqual([3]);
  });
  it('reads no name in a sentence’s first word', () => {
    expect(ids('Population figures? Give them.')).toEqual([1, 2]);
  });
  it('takes a State named in the first word as held by its documents when the question names something else too', () => {
    const kyrgyzstan = { memberStateName: 'Kyrgyz Republic', memberStateNames: ['Kyrgyz Republic', 'Kyrgyzstan', 'Kyrgyz'] };
    const weights = { kyrgyzstan: 3, security: 1.5, council: 1.5, uranium: 4 };
    const council = chunk({ chunkId: 5, ...kyrgyzstan, termWeights: weights, matchedTerms: ['kyrgyzstan', 'security', 'council'] });
    const uranium = chunk({ chunkId: 6, ...kyrgyzstan, termWeights: weights, matchedTerms: ['uranium'] });
    const other = chunk({ chunkId: 7, memberStateName: 'Republic of Valdoria', termWeights: weights, matchedTerms: ['uranium'] });
    const question = 'Kyrgyzstan is running for the Security Council: for which term? And what is its initiative on uranium?';
    const selection = {
      ...selectionOf(question, [council, uranium, other]),
      question: scopeQuestion(analyseQuestion(question), [council, uranium, other]),
    };
    expect(keepPassagesHoldingNamesStep.run(selection, DEFAULT_POLICY).chunks.map((c) => c.chunkId)).toEqual([5, 6]);
  });
});
