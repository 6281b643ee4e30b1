import { describe, expect, it } from 'vitest';
import { refersBack, withFollowingReference, type UnitPlace } from '../../../src/core/answering/cohesion.js';
import { scoreUnits, type TextUnit } from '../../../src/core/answering/select-sentences.js';

describe('cohesion between quoted sentences', () => {
  it('tells a sentence that leans on the one before it, in the six languages', () => {
    expect(refersBack('For a small country, these numbers are big.', 'en')).toBe(true);
    expect(refersBack('Most of the weapons also come from the south.', 'en')).toBe(true);
    expect(refersBack('Indeed, this trade finances the groups.', 'en')).toBe(true);
    expect(refersBack('That is why we ask for support.', 'en')).toBe(true);
    expect(refersBack('Terrorist groups such as the Front attack the north.', 'en')).toBe(false);
    expect(refersBack('Those who attack civilians will be prosecuted.', 'en')).toBe(false);
    expect(refersBack('Iceland welcomed a group of refugees.', 'en')).toBe(false);
    expect(refersBack('Ces chiffres sont importants pour un petit pays.', 'fr')).toBe(true);
    expect(refersBack('Por eso pedimos apoyo.', 'es')).toBe(true);
    expect(refersBack('Эти цифры велики для маленькой страны.', 'ru')).toBe(true);
    expect(refersBack('وهذه الأرقام كبيرة بالنسبة لبلد صغير.', 'ar')).toBe(true);
    expect(refersBack('这些数字对一个小国来说很大。', 'zh')).toBe(true);
    expect(refersBack('冰岛接收了一批难民。', 'zh')).toBe(false);
  });

  const passages = [
    { documentId: 'doc-a', chunkId: 11, text: 'Iceland welcomed refugees in 2016. The total came to 100.' },
    {
      documentId: 'doc-a',
      chunkId: 12,
      text: 'For a small country, these numbers are big: 100,000 in the United States. Fishing is important.',
    },
  ];
  const placeOf = (unit: TextUnit): UnitPlace | undefined => {
    const passage = passages[unit.passageIndex];
    return passage && { documentId: passage.documentId, chunkId: passage.chunkId, language: 'en' };
  };
  const scored = scoreUnits('How many refugees did Iceland welcome?', 'en', passages);
  const text = (units: readonly TextUnit[]) => units.map((unit) => unit.text);

  it('quotes the sentence after a quoted one when it refers back to it, across a chunk cut', () => {
    const total = scored.filter((unit) => unit.text.startsWith('The total'));
    expect(text(withFollowingReference(total, scored, placeOf))).toEqual([
      'The total came to 100.',
      'For a small country, these numbers are big: 100,000 in the United States.',
    ]);
    // Not when it does not refer back, nor beyond the budget.
    const first = scored.filter((unit) => unit.text.startsWith('Iceland'));
    expect(text(withFollowingReference(first, scored, placeOf))).toEqual(['Iceland welcomed refugees in 2016.']);
    expect(text(withFollowingReference(total, scored, placeOf, 60))).toEqual(['The total came to 100.']);
  });

  it('does not cross to a chunk of another document or one not retrieved', () => {
    const apart = (unit: TextUnit): UnitPlace | undefined => {
      const place = placeOf(unit);
      return place && unit.passageIndex === 1 ? { ...place, chunkId: 14 } : place;
    };
    const total = scored.filter((unit) => unit.text.startsWith('The total'));
    expect(text(withFollowingReference(total, scored, apart))).toEqual(['The total came to 100.']);
  });
});
