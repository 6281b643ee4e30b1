import { describe, expect, it } from 'vitest';
import {
  addsToPrevious,
  documentNeighbours,
  refersBack,
  withFollowingReference,
  type UnitPlace,
} from '../../../src/core/answering/cohesion.js';
import { scoreUnits, type TextUnit } from '../../../src/core/answering/select-sentences.js';
import { composeExtractiveAnswer } from '../../../src/core/answering/extractive-answer.js';
import type { RetrievedChunk } from '../../../src/core/retrieval/retrieved-chunk.js';

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
    expect(text(withFollowingReference(total, documentNeighbours(scored, placeOf)))).toEqual([
      'The total came to 100.',
      'For a small country, these numbers are big: 100,000 in the United States.',
    ]);
    // Not when it does not refer back, nor beyond the budget.
    const first = scored.filter((unit) => unit.text.startsWith('Iceland'));
    expect(text(withFollowingReference(first, documentNeighbours(scored, placeOf)))).toEqual(['Iceland welcomed refugees in 2016.']);
    expect(text(withFollowingReference(total, documentNeighbours(scored, placeOf), 60))).toEqual(['The total came to 100.']);
  });

  it('does not cross to a chunk of another document or one not retrieved', () => {
    const apart = (unit: TextUnit): UnitPlace | undefined => {
      const place = placeOf(unit);
      return place && unit.passageIndex === 1 ? { ...place, chunkId: 14 } : place;
    };
    const total = scored.filter((unit) => unit.text.startsWith('The total'));
    expect(text(withFollowingReference(total, documentNeighbours(scored, apart)))).toEqual(['The total came to 100.']);
  });

  it('tells a sentence adding to the claim before it', () => {
    expect(addsToPrevious('Most of the weapons also come from the south.', 'en')).toBe(true);
    expect(addsToPrevious('Moreover, the border is long.', 'en')).toBe(true);
    expect(addsToPrevious('It has become a hub of the trade.', 'en')).toBe(false);
    expect(addsToPrevious('La plupart des armes viennent également du sud.', 'fr')).toBe(true);
    expect(addsToPrevious('Además, la frontera es larga.', 'es')).toBe(true);
    expect(addsToPrevious('Оружие также поступает с юга.', 'ru')).toBe(true);
    expect(addsToPrevious('وتأتي الأسلحة أيضا من الجنوب.', 'ar')).toBe(true);
    expect(addsToPrevious('此外，边境很长。', 'zh')).toBe(true);
  });

  it('quotes a sentence that adds to the one before it with that one, across a chunk cut', () => {
    const termWeights = { weapons: 2, money: 2, sahel: 1.5, terrorism: 1, niger: 0.5 };
    const passage = (chunkId: number, text: string, coverage: number) =>
      ({
        chunkId,
        documentId: 'doc-ner',
        title: 'Statement by the Niger',
        kind: 'statement',
        language: 'en',
        heading: null,
        text,
        coverage,
        termWeights,
        score: coverage,
        similarity: null,
        consentVersion: 1,
        classification: 'public',
        memberStateId: 'ner',
        memberStateName: 'Niger',
        documentDate: null,
      }) as unknown as RetrievedChunk;
    const answer = composeExtractiveAnswer(
      [
        passage(8, 'Most of the weapons flooding the Sahel also come from the south. Schools reopened in the east.', 1),
        passage(7, 'The region has long been poor. Indeed, the armed groups draw most of their funds from drug trafficking', 0.6),
      ],
      { question: 'Where does Sahel terrorism get its money and weapons?' },
    );
    expect(answer.body).toContain('drug trafficking');
    expect(answer.body).toContain('also come from the south');
  });
});
