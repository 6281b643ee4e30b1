import { describe, expect, it } from 'vitest';
import { languageBaseForms } from '../../src/app/word-forms.js';
import { questionTerms } from '../../src/core/retrieval/search-terms.js';

describe('word forms from the lemmatizer', () => {
  it('gives English irregular verbs their dictionary form', () => {
    const english = languageBaseForms().en!;
    expect(['withdrawn', 'taken', 'sought', 'struck'].map(english)).toEqual(['withdraw', 'take', 'seek', 'strike']);
    expect(questionTerms('Which troops does Iraq want withdrawn?', 'en', {}, languageBaseForms())).toContain('withdrawn or withdraw');
  });
});
