import { describe, expect, it } from 'vitest';
import { kindsNamed } from '../../../src/core/retrieval/document-kinds.js';

describe('kindsNamed', () => {
  it('reads the kinds a question names, in the six UN languages', () => {
    expect(kindsNamed("Which of Lombeza's needs are high priority?")).toEqual(['ta_needs']);
    expect(kindsNamed('What does tselinar need on aviation security?')).toEqual(['ta_needs']);
    expect(kindsNamed('Quelles sont les recommandations pour le Kenaroua ?')).toEqual(['recommendations']);
    expect(kindsNamed('What does the Kenaroua follow-up assessment say about the Kalemba centre?')).toEqual(['assessment_report']);
  });

  it("does not read the asker's own need as a needs list", () => {
    expect(kindsNamed('When does the working group meet? I need the dates for my calendar.')).toEqual([]);
    expect(kindsNamed('We need to know when the strategy was adopted.')).toEqual([]);
    expect(kindsNamed('Does Kenaroua need to report to the Committee?')).toEqual([]);
  });

  it('reads no kind in a request after the question', () => {
    expect(kindsNamed('What amount did Luxembourg commit? Need the exact figure for a donor table.')).toEqual([]);
    expect(kindsNamed('What did it prioritise? Need it for a briefing note.')).toEqual([]);
    expect(kindsNamed('Which needs lists call for a PIU? Give the codes.')).toEqual(['ta_needs']);
  });
});
