import { describe, expect, it } from 'vitest';
import {
  memberStateMentionWords,
  memberStatesInOrder,
  memberStatesNamed,
  nameStems,
  rescoreAcrossNamedStates,
  termNamesState,
  withStateNamesSpelled,
} from '../../../src/core/retrieval/member-state-names.js';
import { memberStateNameForms, memberStatesOutsideDirectory } from '../../../src/ingest/member-state-name-forms.js';

/** A record of a directory Member State with the forms the directory import stores for it. */
const state = (id: string, name: string) => ({ memberStateName: name, memberStateNames: memberStateNameForms({ id, name }) });

const weights = { kavrenia: 1.6, zafira: 2.2, iom: 4, lead: 2.1 };
const passage = (memberStateName: string, matchedTerms: string[], coverage: number) => ({
  ...state(memberStateName.toLowerCase(), memberStateName),
  matchedTerms,
  coverage,
  focusCoverage: coverage,
  termWeights: weights,
});

describe('Member State names in questions', () => {
  it('does not take the words many State names share for a name ("United Nations" names no United Republic)', () => {
    const states = [state('lombeza', 'United Republic of Lombeza'), state('marenco', 'Federal Republic of Marenco')];
    expect([...memberStatesNamed('Which United Nations entity leads the federal police training?', states)]).toEqual([]);
    expect([...memberStatesNamed('What does Lombeza need?', states)]).toEqual(['United Republic of Lombeza']);
  });

  // The real corpus's directory: UN short names, lowercase ISO3 ids.
  const real = [
    state('syr', 'Syrian Arab Republic'),
    state('irn', 'Iran (Islamic Republic of)'),
    state('irq', 'Iraq'),
    state('gbr', 'United Kingdom of Great Britain and Northern Ireland'),
    state('ner', 'Niger'),
    state('nga', 'Nigeria'),
    state('gin', 'Guinea'),
    state('gnq', 'Equatorial Guinea'),
    state('usa', 'United States of America'),
  ];
  const named = (question: string) => [...memberStatesNamed(question, real)].sort();

  it('names real Member States by the names, formal names and adjectives of maintained data', () => {
    expect(named('What did Syria say about refugees?')).toEqual(['Syrian Arab Republic']);
    expect(named('Which Syrian towns were liberated?')).toEqual(['Syrian Arab Republic']);
    expect(named('What does Iran propose?')).toEqual(['Iran (Islamic Republic of)']);
    expect(named('How does the Islamic Republic of Iran describe sanctions?')).toEqual(['Iran (Islamic Republic of)']);
    expect(named('What did the UK say about Da’esh?')).toEqual(['United Kingdom of Great Britain and Northern Ireland']);
    expect(named('How does Britain fight online extremism?')).toEqual(['United Kingdom of Great Britain and Northern Ireland']);
    expect(named('What do British ministers propose?')).toEqual(['United Kingdom of Great Britain and Northern Ireland']);
  });

  it('does not read a name inside other words, or a State in what only shares a word with its formal name', () => {
    expect(named('How did Iraq defeat the Islamic State?')).toEqual(['Iraq']);
    expect(named('What is said about the Islamic State in Iraq and the Levant?')).toEqual(['Iraq']);
    // "us" is a pronoun; only the capitals name the United States.
    expect(named('Tell us what Nigeria says about Boko Haram')).toEqual(['Nigeria']);
    expect(named('What do the US and Niger agree on?')).toEqual(['Niger', 'United States of America']);
    // A name inside a longer name of another State is not a mention of it.
    expect(named('What did Equatorial Guinea say?')).toEqual(['Equatorial Guinea']);
  });

  it('gives the States named in the order the question first names them, whichever form names them', () => {
    expect(memberStatesInOrder('What did the UK say about Iraq and Syria?', real)).toEqual([
      'United Kingdom of Great Britain and Northern Ireland',
      'Iraq',
      'Syrian Arab Republic',
    ]);
    expect(memberStatesInOrder('What does the Iranian regime do, according to Iraq and Iran?', real)).toEqual([
      'Iran (Islamic Republic of)',
      'Iraq',
    ]);
  });

  it('names a State joined to another by "and" by its first part, as it is called for short', () => {
    const states = [state('stp', 'Sao Tome and Principe'), state('bih', 'Bosnia and Herzegovina')];
    expect([...memberStatesNamed('When does São Tomé expect to leave the LDC category?', states)]).toEqual(['Sao Tome and Principe']);
    expect([...memberStatesNamed('What did Bosnia say?', states)]).toEqual(['Bosnia and Herzegovina']);
    // Not a part that names a region or another State too ("South" and "Sudan", "Guinea").
    expect(memberStateNameForms({ id: 'png', name: 'Papua New Guinea' })).not.toContain('Papua');
    // The head of a longer name whose other words only frame it.
    expect(memberStateNameForms({ id: 'are', name: 'United Arab Emirates' })).toContain('Emirates');
    expect([...memberStatesNamed('How many Syrians has the Emirates taken in?', [state('are', 'United Arab Emirates')])]).toEqual([
      'United Arab Emirates',
    ]);
  });

  it('gives the words of the question that name a State, folded, as one name', () => {
    const states = [state('civ', "Côte d'Ivoire"), state('are', 'United Arab Emirates'), state('usa', 'United States of America')];
    expect([...memberStateMentionWords('What growth rate has Ivory Coast averaged?', states)].sort()).toEqual(['coast', 'ivory']);
    expect([...memberStateMentionWords('What did the UAE set up with American help?', states)].sort()).toEqual(['american', 'uae']);
  });

  it('knows every UN Member State of the dataset outside the directory, by the forms no other word shares', () => {
    const directory = [state('mli', 'Mali')];
    const outside = memberStatesOutsideDirectory(directory);
    expect(outside.map((record) => record.memberStateName)).toContain('Nigeria');
    expect(outside.map((record) => record.memberStateName)).not.toContain('Mali');
    expect([...memberStatesNamed("What did Nigeria's statement say about Boko Haram?", [...directory, ...outside])]).toEqual(['Nigeria']);
    const france = outside.find((record) => record.memberStateName === 'France')?.memberStateNames ?? [];
    // "法国" sits inside "执法国际" (law enforcement, international); a one-word Arabic name may be a common word.
    expect(france).not.toContain('法国');
    expect(france.filter((form) => /\p{Script=Arabic}/u.test(form)).every((form) => form.includes(' '))).toBe(true);
  });

  it('names them in the six UN languages, with their inflections', () => {
    expect(named('Que dit la Syrie du terrorisme ?')).toEqual(['Syrian Arab Republic']);
    expect(named('¿Qué propone el Reino Unido?')).toEqual(['United Kingdom of Great Britain and Northern Ireland']);
    expect(named('Что говорит Ирак о терроризме?')).toEqual(['Iraq']);
    expect(named('Что сказано о борьбе Ирака с ИГИЛ?')).toEqual(['Iraq']);
    expect(named('ماذا قالت العراق عن الإرهاب؟')).toEqual(['Iraq']);
    expect(named('伊朗对制裁怎么说？')).toEqual(['Iran (Islamic Republic of)']);
  });

  it('gives question terms and passage stems from the same forms', () => {
    expect(termNamesState('syrian', 'Syrian Arab Republic')).toBe(true);
    expect(termNamesState('islamic', 'Iran (Islamic Republic of)')).toBe(false);
    expect(termNamesState('skarnlanders', 'Kingdom of Skarnland')).toBe(false);
    memberStatesNamed('Skarnland', [state('skarnland', 'Kingdom of Skarnland')]);
    expect(termNamesState('skarnlanders', 'Kingdom of Skarnland')).toBe(true);
    expect(nameStems('Iran (Islamic Republic of)')).toContain('iran');
    expect(nameStems('Iran (Islamic Republic of)')).not.toContain('islamic');
  });

  it('derives the adjectives of invented States by the suffix rules the dataset attests', () => {
    const fictional = [
      state('koravia', 'Republic of Koravia'),
      state('skarnland', 'Kingdom of Skarnland'),
      state('corallin', 'Corallin Islands'),
    ];
    expect([...memberStatesNamed('What do Koravian nationals need?', fictional)]).toEqual(['Republic of Koravia']);
    expect([...memberStatesNamed('Which Skarnlanders returned?', fictional)]).toEqual(['Kingdom of Skarnland']);
    expect([...memberStatesNamed("What is Corallin's passenger unit?", fictional)]).toEqual(['Corallin Islands']);
    expect([...memberStatesNamed('Which islands have a passenger unit?', fictional)]).toEqual([]);
  });

  it('scores a question naming several States over its other terms, since a passage names one State only', () => {
    const kav = passage('Republic of Kavrenia', ['kavrenia', 'iom', 'lead'], 0.78);
    const zaf = passage('Republic of Zafira', ['zafira', 'lead'], 0.43);
    const [first, second] = rescoreAcrossNamedStates('Across the Kavrenia and Zafira lists, which needs suggest IOM as a lead?', [
      zaf,
      kav,
    ]);
    expect(first?.memberStateName).toBe('Republic of Kavrenia');
    expect(first?.coverage).toBeCloseTo(1, 5);
    expect(second?.coverage).toBeCloseTo(2.1 / 6.1, 5);
    // The focus is the rarer half of the remaining terms (IOM), which the Zafira passage lacks.
    expect(first?.focusCoverage).toBeCloseTo(1, 5);
    expect(second?.focusCoverage).toBe(0);
  });

  it('leaves a question naming one State as retrieval scored it', () => {
    const kav = passage('Republic of Kavrenia', ['kavrenia', 'lead'], 0.4);
    expect(rescoreAcrossNamedStates('Which Kavrenia needs suggest IOM as a lead?', [kav])).toEqual([kav]);
  });
});

describe('Member State names misspelt', () => {
  const states = [
    state('dji', 'Djibouti'),
    state('isl', 'Iceland'),
    state('val', 'Republic of Valdoria'),
    state('gmb', 'Gambia'),
    state('zmb', 'Zambia'),
  ];
  it('reads a name one edit from one State, which no document holds, as that State', () => {
    expect(withStateNamesSpelled('how many Djbouti soldiers are held by Eritrea?', states, new Set(['djbouti']))).toBe(
      'how many Djibouti soldiers are held by Eritrea?',
    );
    expect(withStateNamesSpelled('How many crossings does Valdora have?', states, new Set(['valdora']))).toBe(
      'How many crossings does Valdoria have?',
    );
  });
  it('leaves a word some document holds ("Islands", one edit from the French "Islande"), a sentence’s first word, short names and lower case', () => {
    expect(withStateNamesSpelled('What did the Pacific Islands Forum discuss?', states, new Set())).toBe(
      'What did the Pacific Islands Forum discuss?',
    );
    expect(withStateNamesSpelled('Djbouti: what did it say?', states, new Set(['djbouti']))).toBe('Djbouti: what did it say?');
    expect(withStateNamesSpelled('what did djbouti say?', states, new Set(['djbouti']))).toBe('what did djbouti say?');
    expect(withStateNamesSpelled('What did Zambia and Gambua say?', states, new Set(['gambua']))).toBe('What did Zambia and Gambia say?');
    expect(withStateNamesSpelled('What did Xambia say?', states, new Set(['xambia']))).toBe('What did Xambia say?');
  });
});
