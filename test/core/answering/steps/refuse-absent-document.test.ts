import { describe, expect, it } from 'vitest';
import { refuseAbsentDocumentStep } from '../../../../src/core/answering/steps/refuse-absent-document.js';
import { DEFAULT_POLICY } from '../../../../src/core/answering/answer-policy.js';
import { chunk, selectionOf } from '../../../helpers/retrieved-chunk.js';

describe('refuse-absent-document', () => {
  const termWeights = { valdoria: 1, roadmap: 2.5, plan: 2.5, customs: 3 };
  const needs = chunk({ kind: 'ta_needs', termWeights, matchedTerms: ['customs'] });
  it("refuses a question of a State's document of a kind no passage is or speaks of", () => {
    expect(
      refuseAbsentDocumentStep.run(selectionOf('What does the Valdoria roadmap plan for customs?', [needs]), DEFAULT_POLICY).decision,
    ).toBe('refused');
  });
  it('answers from a passage of that kind, or one that speaks of it', () => {
    expect(
      refuseAbsentDocumentStep.run(selectionOf('What do the Valdoria needs say about customs?', [needs]), DEFAULT_POLICY).decision,
    ).toBe('undecided');
    const notes = {
      ...needs,
      kind: 'consultation_notes',
      matchedTerms: ['roadmap', 'customs'],
      text: 'The roadmap agreed gives customs a new risk unit.',
    };
    expect(
      refuseAbsentDocumentStep.run(selectionOf('What does the Valdoria roadmap plan for customs?', [notes]), DEFAULT_POLICY).decision,
    ).toBe('undecided');
  });
  it('refuses when the passage only notes that such a document exists, in a sentence of its own', () => {
    const assessment = chunk({
      termWeights,
      matchedTerms: ['roadmap', 'customs'],
      text: '3. Customs posts were visited. A roadmap will be agreed separately.',
    });
    expect(
      refuseAbsentDocumentStep.run(selectionOf('What does the Valdoria roadmap plan for customs?', [assessment]), DEFAULT_POLICY).decision,
    ).toBe('refused');
  });
});
