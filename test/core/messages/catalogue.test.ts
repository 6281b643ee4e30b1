import { describe, expect, it } from 'vitest';
import { CATALOGUE, languageFromLocale, message } from '../../../src/core/messages/index.js';
import { LANGUAGES } from '../../../src/core/retrieval/retrieved-chunk.js';

describe('message catalogue', () => {
  it('has every key in all six UN languages, none empty, with the same placeholders', () => {
    for (const [key, translations] of Object.entries(CATALOGUE)) {
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const language of LANGUAGES) {
        const text = (translations as Record<string, string>)[language];
        expect(text, `${key}.${language}`).toBeTruthy();
        expect(placeholders(text!), `${key}.${language} placeholders`).toEqual(placeholders(translations.en));
      }
    }
  });

  it('fills placeholders and falls back to English for other languages', () => {
    expect(message('chat.who_you_are', 'fr', { name: 'Ana', entity: 'IOM' })).toBe('Vous êtes Ana (IOM).');
    expect(message('chat.approve', 'de')).toBe('Approve');
    expect(languageFromLocale('zh-CN')).toBe('zh');
    expect(languageFromLocale('pt-BR')).toBeUndefined();
  });
});
