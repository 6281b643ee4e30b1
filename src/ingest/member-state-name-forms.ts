import { createRequire } from 'node:module';
import { LANGUAGES, type Language } from '../core/retrieval/retrieved-chunk.js';
import type { Queryable } from '../db/database.js';
import { memberStatesWithoutNames, storeMemberStateNames } from '../db/queries/directory.js';
import type { StateNamedRecord } from '../core/retrieval/member-state-names.js';

/**
 * The names a Member State goes by, from maintained data rather than word lists of ours:
 * - i18n-iso-countries: short names and their usual alternatives ("UK", "Great Britain", "Iran",
 *   "Islamic Republic of Iran") in each of the six UN languages;
 * - world-countries: common and official names in the six languages, and the English and French
 *   adjectives ("Syrian", "Syrienne");
 * - i18n-nationality: the Spanish adjectives ("Iraquí").
 * Real Member States (the directory id or name is an ISO 3166 country) get all of them; invented
 * ones (the fictional corpora) keep their directory name, its distinctive words ("Valdoria" of
 * "Republic of Valdoria") and the adjectives English derives from such a word, by the suffix rules
 * the dataset's own name → adjective pairs attest (Nigeria → Nigerian, Iceland → Icelander).
 */

interface WorldCountry {
  cca3: string;
  unMember?: boolean;
  region?: string;
  subregion?: string;
  name: { common: string; official: string };
  translations?: Record<string, { common: string; official: string } | undefined>;
  demonyms?: Record<string, { f: string; m: string } | undefined>;
}

interface IsoCountries {
  registerLocale(locale: unknown): void;
  alpha3ToAlpha2(code: string): string | undefined;
  getName(code: string, language: string, options: { select: 'all' }): string[] | undefined;
}

interface Nationalities {
  locale: string;
  nationalities: Record<string, string | undefined>;
}

/** The world-countries translation keys (ISO 639-3) of the six languages; English is the name itself. */
const WORLD_KEYS: Record<Exclude<Language, 'en'>, string> = { fr: 'fra', es: 'spa', ru: 'rus', ar: 'ara', zh: 'zho' };

interface Dataset {
  countries: WorldCountry[];
  byCode: Map<string, WorldCountry>;
  byName: Map<string, WorldCountry>;
  iso: IsoCountries;
  spanishAdjectives: Record<string, string | undefined>;
  /** Words of many countries' names ("republic", "islands", "kingdom"): they name no one State. */
  designationWords: Set<string>;
  /** Words of region names ("Africa", "America"): they name no one State. */
  regionWords: Set<string>;
  /** How many countries' English names hold each word. */
  wordCounts: Map<string, number>;
  englishStopWords: Set<string>;
  /** English suffix rules name → adjective attested by at least three countries: [strip, add]. */
  adjectiveRules: [string, string][];
}

let cached: Dataset | undefined;

function dataset(): Dataset {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const countries = require('world-countries') as WorldCountry[];
  const iso = require('i18n-iso-countries') as IsoCountries;
  for (const language of LANGUAGES) iso.registerLocale(require(`i18n-iso-countries/langs/${language}.json`));
  const spanish = require('i18n-nationality/langs/es.json') as Nationalities;
  const byCode = new Map(countries.map((country) => [country.cca3.toLowerCase(), country]));
  const byName = new Map<string, WorldCountry>();
  for (const country of countries) for (const name of [country.name.common, country.name.official]) byName.set(fold(name), country);

  const wordCounts = new Map<string, number>();
  for (const country of countries)
    for (const word of new Set(words(`${country.name.official} ${country.name.common}`)))
      wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
  const designationWords = new Set([...wordCounts].filter(([, count]) => count >= 3).map(([word]) => word));
  const regionWords = new Set(countries.flatMap((country) => words(`${country.region ?? ''} ${country.subregion ?? ''}`)));
  const englishStopWords = new Set((require('stopwords-iso') as Record<string, string[]>).en ?? []);

  const ruleCounts = new Map<string, number>();
  for (const country of countries) {
    const name = country.name.common.toLowerCase();
    const adjective = country.demonyms?.eng?.m.toLowerCase();
    if (!adjective || /\s/u.test(name)) continue;
    let shared = 0;
    while (shared < name.length && name[shared] === adjective[shared]) shared += 1;
    if (shared < 3 || name.length - shared > 2) continue;
    const rule = `${name.slice(shared)}>${adjective.slice(shared)}`;
    ruleCounts.set(rule, (ruleCounts.get(rule) ?? 0) + 1);
  }
  const adjectiveRules = [...ruleCounts]
    .filter(([, count]) => count >= 3)
    .map(([rule]) => rule.split('>') as [string, string])
    .filter(([, add]) => add.length > 0);

  cached = {
    countries,
    byCode,
    byName,
    iso,
    spanishAdjectives: spanish.nationalities,
    designationWords,
    regionWords,
    wordCounts,
    englishStopWords,
    adjectiveRules,
  };
  return cached;
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}'’-]+/u)
    .filter(Boolean);
}

/** The dataset's country for a directory Member State: by ISO 3166 alpha-3 id, else by one of its names. */
function countryOf(state: { id: string; name: string }): WorldCountry | undefined {
  const data = dataset();
  return data.byCode.get(state.id.toLowerCase()) ?? data.byName.get(fold(state.name));
}

/**
 * The head word of an English name whose other words are designations or common words ("Britain" of
 * "Great Britain", "Macedonia" of "North Macedonia", "Emirates" of "United Arab Emirates"), unless it
 * names a region ("Africa" of "South Africa") or is a word of another country's name ("Sudan" of
 * "South Sudan").
 */
function headWords(names: readonly string[]): string[] {
  const data = dataset();
  const heads: string[] = [];
  const framing = (word: string) => data.designationWords.has(word) || data.englishStopWords.has(word);
  for (const name of names) {
    const parts = name.split(/\s+/u);
    if (parts.length < 2) continue;
    const content = parts.filter((part) => !framing(part.toLowerCase()));
    // In a longer name the head is its last word, as English heads a noun phrase ("Papua New Guinea" has none).
    const written = content.length === 1 && (parts.length === 2 || content[0] === parts.at(-1)) ? content[0] : undefined;
    const head = written?.toLowerCase();
    if (written && head && head.length >= 4 && !data.regionWords.has(head) && (data.wordCounts.get(head) ?? 0) <= 1) heads.push(written);
  }
  return heads;
}

/**
 * The first part of a name joined by "and", as the State is called for short ("São Tomé" of "São
 * Tomé and Príncipe", "Bosnia" of "Bosnia and Herzegovina"), unless that part is a designation word
 * or names another country or a region too.
 */
function firstParts(names: readonly string[]): string[] {
  const data = dataset();
  return names.flatMap((name) => {
    const match = /^(.+?) and /u.exec(name);
    const first = match?.[1]?.trim();
    if (!first || /[,(]/u.test(first)) return [];
    const parts = words(first);
    const distinctive = parts.filter((word) => !data.designationWords.has(word) && !data.englishStopWords.has(word));
    if (distinctive.length === 0 || distinctive.some((word) => data.regionWords.has(word) || (data.wordCounts.get(word) ?? 0) > 1))
      return [];
    return [first];
  });
}

/**
 * Spanish adjectives agree in gender and number (iraquí, iraquíes; sirio, siria, sirios, sirias):
 * the dataset gives the masculine singular.
 */
function spanishForms(adjective: string): string[] {
  const lower = adjective.toLowerCase();
  if (lower.endsWith('o')) return [lower, `${lower.slice(0, -1)}a`, `${lower}s`, `${lower.slice(0, -1)}as`];
  if (/[íú]$/u.test(lower)) return [lower, `${lower}es`];
  if (/[aeiou]$/u.test(lower)) return [lower, `${lower}s`];
  return [lower, `${lower}es`];
}

/**
 * Every form naming the Member State, in the six UN languages where it is a real country: the
 * directory name first, then names, alternatives and adjectives, without repeats.
 */
export function memberStateNameForms(state: { id: string; name: string }): string[] {
  const data = dataset();
  const forms = [state.name];
  // "Iran (Islamic Republic of)": the UN short name without its parenthesis is a name too.
  const bare = state.name.replace(/\s*\([^)]*\)\s*/gu, ' ').trim();
  if (bare && bare !== state.name) forms.push(bare);
  const country = countryOf(state);
  if (country) {
    const alpha2 = data.iso.alpha3ToAlpha2(country.cca3);
    for (const language of LANGUAGES) forms.push(...((alpha2 && data.iso.getName(alpha2, language, { select: 'all' })) || []));
    const englishNames = [country.name.common, ...((alpha2 && data.iso.getName(alpha2, 'en', { select: 'all' })) || [])];
    forms.push(...headWords(englishNames), ...firstParts(englishNames));
    forms.push(country.name.common, country.name.official);
    // Not world-countries' alternative spellings: they hold codes ("SY") and names in the
    // country's own language ("Island" for Iceland), which are words of the six languages.
    for (const key of Object.values(WORLD_KEYS)) {
      const translation = country.translations?.[key];
      if (translation) forms.push(translation.common, translation.official);
    }
    for (const key of ['eng', 'fra']) {
      const demonym = country.demonyms?.[key];
      if (demonym) forms.push(demonym.m, demonym.f);
    }
    const spanish = alpha2 ? data.spanishAdjectives[alpha2] : undefined;
    if (spanish) forms.push(...spanishForms(spanish));
  } else {
    const distinctive = words(bare).filter((word) => word.length >= 4 && !data.designationWords.has(word));
    for (const word of distinctive) {
      forms.push(word);
      for (const [strip, add] of data.adjectiveRules)
        if (word.endsWith(strip) && word.length - strip.length >= 4) forms.push(`${word.slice(0, word.length - strip.length)}${add}`);
    }
  }
  const seen = new Set<string>();
  return forms
    .map((form) => form.normalize('NFKC').trim())
    .filter((form) => {
      const key = form.toLowerCase();
      if (!form || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * Gives every Member State without name forms its forms: States imported before migration 0125,
 * or written to the database by other means. Returns how many were filled.
 */
export async function fillMissingMemberStateNames(db: Queryable): Promise<number> {
  const states = await memberStatesWithoutNames(db);
  for (const state of states) await storeMemberStateNames(db, state.id, memberStateNameForms(state));
  return states.length;
}

/**
 * Every UN Member State of the dataset that is not among the directory's States, with its forms: a
 * question naming one ("what did Nigeria's statement say…") names a State, though no document of
 * the scope is about it. Only forms that cannot be read as another word are kept: Latin and
 * Cyrillic names (written capitalised), Chinese names of three characters or more ("法国" sits
 * inside "执法国际") and Arabic names of more than one word ("مالي" also means "financial").
 */
export function memberStatesOutsideDirectory(directory: readonly StateNamedRecord[]): StateNamedRecord[] {
  const known = new Set(directory.flatMap((record) => [record.memberStateName ?? '', ...(record.memberStateNames ?? [])]).map(fold));
  return dataset()
    .countries.filter((country) => country.unMember === true)
    .flatMap((country) => {
      const forms = memberStateNameForms({ id: country.cca3, name: country.name.common });
      if (forms.some((form) => known.has(fold(form)))) return [];
      const safe = forms.filter((form) =>
        /\p{Script=Han}/u.test(form) ? [...form].length >= 3 : /\p{Script=Arabic}/u.test(form) ? /\s/u.test(form.trim()) : true,
      );
      return [{ memberStateName: country.name.common, memberStateNames: safe }];
    });
}
