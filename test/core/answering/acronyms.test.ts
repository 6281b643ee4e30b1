import { describe, expect, it } from 'vitest';
import { acronymsIn, spellsOut } from '../../../src/core/answering/acronyms.js';

describe('acronyms', () => {
  it('reads the words a question writes in capitals as acronyms, a plural "s" dropped', () => {
    expect([...acronymsIn('With which country did Morocco launch a GCTF initiative on FTFs?')]).toEqual([
      ['gctf', 'gctf'],
      ['ftf', 'ftf'],
    ]);
    expect([...acronymsIn('WHAT IS THE GNI')]).toEqual([]);
    expect([...acronymsIn('What did Denmark give?')]).toEqual([]);
  });

  it("reads capitals with a joining word's initial between them as an acronym of the capitals (ToR, BiH, MoUs)", () => {
    expect([...acronymsIn('When were the ToR adopted, and which MoUs did BiH sign with McCain?')]).toEqual([
      ['tor', 'tr'],
      ['mou', 'mu'],
      ['bih', 'bh'],
    ]);
    expect(spellsOut('Terms of Reference: Working Group on Border Management', 'tr')).toBe(true);
  });

  it('finds a run of words whose initials spell the acronym, small joining words skipped', () => {
    expect(spellsOut('0.7 per cent of our gross national income', 'gni')).toBe(true);
    expect(spellsOut('the flow of foreign terrorist fighters', 'ftf')).toBe(true);
    expect(spellsOut('the Global Counter-Terrorism Forum', 'gctf')).toBe(true);
    expect(spellsOut('the Organization of Islamic Cooperation', 'oic')).toBe(true);
    expect(spellsOut('gross income of the nation', 'gni')).toBe(false);
  });

  it('takes a two-letter acronym only from capitalised words, where two initials meet by chance otherwise', () => {
    expect(spellsOut('the United Nations', 'un')).toBe(true);
    expect(spellsOut('under new rules', 'un')).toBe(false);
  });
});
