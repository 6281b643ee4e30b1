import { withoutPlantedText } from '../retrieval/planted-text.js';
import type { Language } from '../retrieval/retrieved-chunk.js';
import { hanBigrams, questionTerms, trimmed, type StopWords } from '../retrieval/search-terms.js';
import { acronymsIn, spellsOut } from './acronyms.js';
import { acronymOf } from './steps/match-acronyms.js';

/** One quotable unit of a passage: a sentence, a list item or a table row, in passage order. */
export interface TextUnit {
  passageIndex: number;
  /** Position in the passage, so a document's quotes keep the document's order. */
  order: number;
  text: string;
  /** A list item or a table row: quoted on its own line. */
  line: boolean;
  /** A table row's header row (matched with the row, quoted before it). */
  header?: string;
  score: number;
  /** The question terms the unit holds, with their weights. */
  terms: Map<string, number>;
  /** The characters its quote may take when fewer than MAX_UNIT (a unit fitted into what is left of the budget). */
  width?: number;
}

/** A list item's label: a bullet, a paragraph number ("3.", "2.1"), or an item code ("VAL-TA-02"). */
export const ITEM_LABEL = /^(?:[-*•]\s|\d+(?:\.\d+)*[.)]\s|[\p{Lu}\d]{2,}(?:[-/][\p{Lu}\d]+)+\b)/u;
/** A field's name before its value, at an item's start or after a "; " or ". " ("Suggested lead: UNODC"). */
const FIELD_NAME = /(^|[;.]\s+)\p{L}[\p{L}\p{N} ()/'’-]{0,40}[:：]/gu;
/** A field of a list item written on its own line: a short name, a colon, a value ("Lead: UNODC, WCO."). */
const FIELD_LINE = /^[\p{L}][\p{L}\p{N} ()/'’-]{0,40}[:：]\s*\S/u;
/**
 * Sentence ends in the six languages: Latin and Cyrillic full stops, ?, !, Arabic question mark,
 * Chinese full stop; not the stop of a short capitalised abbreviation ("Mr.", "Dr.", "No.", "Mme.",
 * "Sra."), which a name or a number follows ("headed by Mr. Sékou Danfakha", "Law No. 5").
 */
export const SENTENCE_END =
  /(?<=[.!?؟。！？])(?<!(?:^|[\s(«"“])\p{Lu}\p{Ll}{0,2}\.)\s+(?=[\p{Lu}\p{Script=Arabic}\p{Script=Han}\p{Script=Cyrillic}\d"“«(])|(?<=[。！？])/u;

/** A unit as split from a passage; a table row carries its table's header row. */
export interface SplitUnit {
  text: string;
  line: boolean;
  header?: string;
}

/** The cells of a table row: a Markdown row ("| a | b |") or a row of cells joined by "; " (DOCX tables); 0 for other lines. */
function tableCells(line: string): number {
  if (line.startsWith('|')) return line.split('|').length - 2;
  const cells = line.split('; ').length;
  return cells >= 3 ? cells : 0;
}

/** A row of column names: short cells with no values in them ("No.; Need; Suggested lead; Priority"). */
function isHeaderRow(line: string): boolean {
  return line.split('; ').every((cell) => cell.length <= 40 && !/[:\d]/.test(cell));
}

/**
 * A passage as units: a table row whole; a list item or numbered paragraph whole (with the lines
 * that continue it) when it is short, else its sentences, each after the item's label so "Suggested
 * lead: WCO" still says which need; prose lines split into sentences. Markdown emphasis is dropped.
 */
export function splitUnits(text: string): SplitUnit[] {
  const units: SplitUnit[] = [];
  const lines = withoutPlantedText(text)
    .split('\n')
    // A chunk cut just before a sentence's full stop starts with it (". Citizens around the world…").
    .map((raw) =>
      raw
        .replace(/\*\*|__/g, '')
        .trim()
        .replace(/^[.,;:]\s+/u, ''),
    );
  // The list item that the next field line ("Lead: UN Women, IOM.") continues, while it is whole.
  let openItem: SplitUnit | null = null;
  // The header row of the table being read, and its number of cells.
  let table: { header: string; cells: number } | null = null;
  for (const line of lines) {
    if (line.length === 0 || line.startsWith('[text addressed to AI assistants omitted]')) continue;
    if (/^\|?\s*:?-{3,}/.test(line)) continue; // a table's separator row
    const cells = tableCells(line);
    if (cells > 0) {
      // A row is read under its table's header ("No.; Need; Suggested lead; Priority"): a question
      // about leads and priorities is about every row, whose cells hold only the values.
      if (table && table.cells === cells) units.push({ text: line, line: true, header: table.header });
      else {
        table = line.startsWith('|') || isHeaderRow(line) ? { header: line, cells } : null;
        units.push({ text: line, line: true });
      }
      openItem = null;
      continue;
    }
    table = null;
    const label = ITEM_LABEL.exec(line)?.[0]?.trim();
    // An item written over several lines (code and need, then "Lead: …", then "Priority: …") is one
    // unit: a field line on its own would say whom a need names as lead without saying which need.
    if (!label && openItem && FIELD_LINE.test(line) && openItem.text.length + line.length < MAX_UNIT) {
      openItem.text += ` ${line}`;
      continue;
    }
    openItem = null;
    if (label && line.length <= MAX_UNIT) {
      openItem = { text: line, line: true };
      units.push(openItem);
      continue;
    }
    line
      .split(SENTENCE_END)
      .map((sentence) => sentence.trim())
      .filter(Boolean)
      .forEach((sentence, i) => units.push({ text: label && i > 0 ? `${label} … ${sentence}` : sentence, line: Boolean(label) }));
  }
  return units;
}

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * Whether a unit holds a question term. Words are compared by their first letters (at least four, or
 * 70 % of the term), a stemmer-free match that works in the alphabetic UN languages ("closed" /
 * "closure"); codes and numbers must appear whole; Chinese terms are character bigrams. (Not
 * Snowball stems: "meet" would then match every "meeting".)
 */
export function holds(words: readonly string[], unitText: string, term: string): boolean {
  if (/\p{Script=Han}/u.test(term)) return unitText.includes(term);
  if (/\p{Script=Arabic}/u.test(term)) {
    const stem = arabicLightStem(term);
    const prefix = stem.slice(0, Math.max(3, Math.ceil(stem.length * 0.7)));
    return words.some((word) => arabicLightStem(word).startsWith(prefix));
  }
  if (/\d/.test(term))
    return new RegExp(`(?<![\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![\\p{N}])`, 'u').test(unitText);
  // A short term matches itself with an ending at most (meet: meets, meeting; not lawyer for law).
  if (term.length <= 3) return words.includes(term);
  if (term.length === 4) return words.some((word) => word.startsWith(term) && word.length <= term.length + 3);
  const prefix = term.slice(0, Math.max(4, Math.ceil(term.length * 0.7)));
  // The other way round too: the unit's word is the stem the question inflects ("covering" asks what
  // "UNOCT will cover"), when it is most of the term (0.7 would leave "cover" out).
  return words.some((word) => word.startsWith(prefix) || (word.length >= Math.max(5, term.length * 0.6) && term.startsWith(word)));
}

/**
 * Arabic writes the article and one-letter proclitics onto the word ("العالية" the high, "وبالحدود"
 * and at the borders) and inflects with suffixes, so a first-letters match fails on the same word.
 * Light stemming (Larkey et al.'s light10: the listed prefixes, then suffixes, each only while three
 * letters remain) compares what is left.
 */
const ARABIC_PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال', 'و'];
const ARABIC_SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ية', 'ه', 'ة', 'ي'];

function arabicLightStem(word: string): string {
  let stem = word;
  for (const prefix of ARABIC_PREFIXES)
    if (stem.startsWith(prefix) && [...stem].length - [...prefix].length >= 3) {
      stem = stem.slice(prefix.length);
      break;
    }
  for (const suffix of ARABIC_SUFFIXES)
    if (stem.endsWith(suffix) && [...stem].length - [...suffix].length >= 3) stem = stem.slice(0, -suffix.length);
  return stem;
}

/** The unit's words, and the parts of its hyphenated words ("counter-drone" also as "drone"). */
export const wordsOf = (text: string): string[] =>
  normalize(/\p{Script=Han}/u.test(text) ? hanBigrams(text) : text)
    .replace(/’/gu, "'")
    .split(/[^\p{L}\p{N}\-/.']+/u)
    .map(trimmed)
    // A word with an apostrophe is also read whole and without it ("da'esh", "daesh"), as questions name it.
    .flatMap((word) => (word.includes("'") ? [word, word.replaceAll("'", ''), ...word.split("'")] : [word]))
    .flatMap((word) => (word.includes('-') ? [word, ...word.split('-')] : [word]));

/** The question's terms with their idf over the scope, as retrieval weighed them ("a or b" as a and b). */
export function scopeWeightsOf(passages: readonly { termWeights?: Record<string, number> }[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const passage of passages)
    for (const [term, weight] of Object.entries(passage.termWeights ?? {}))
      for (const part of term.split(' or ')) weights.set(part, weight);
  return weights;
}

/** One unit however a chunk's cut left its end: "…the 0.7 per cent target" and "…the 0.7 per cent target." are one. */
const sameUnitKey = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s.,;:!?…]+$/u, '');

/**
 * Scores every unit of the passages by the question terms it holds, each term weighted by its
 * inverse frequency among the units (BM25's idf over this small collection: a word every passage
 * shares, such as the document's own Member State, says little about which sentence answers).
 */
export function scoreUnits(
  question: string,
  language: Language,
  passages: readonly { text: string; title?: string; heading?: string | null; coverage?: number; termWeights?: Record<string, number> }[],
  stopWords: StopWords = {},
): TextUnit[] {
  // The scope's idf from retrieval when it came with the passages; else the idf among these units.
  const scopeWeights = scopeWeightsOf(passages);
  // A term's forms ("withdrawn or withdraw", "da'esh or daesh") are one term: held when any form is, counted once, by its first form.
  const forms = new Map(questionTerms(question, language, stopWords).map((term) => [term.split(' or ')[0]!, term.split(' or ')]));
  const terms = [...forms.keys()];
  // Consecutive chunks of a document overlap: a sentence or row they share is one unit, quoted once.
  const seen = new Set<string>();
  const units = passages.flatMap((passage, passageIndex) =>
    splitUnits(passage.text)
      .map((unit, order) => ({ ...unit, passageIndex, order, score: 0, terms: new Map<string, number>() }))
      .filter((unit) => {
        const key = sameUnitKey(unit.text);
        return !seen.has(key) && Boolean(seen.add(key));
      }),
  );
  // A unit is read under its passage's heading: the items under "5. Safeguards" are the safeguards.
  const read = (text: string) => ({ raw: text, text: normalize(text), words: wordsOf(text) });
  const index = units.map((unit) => read(`${passages[unit.passageIndex]?.heading ?? ''} ${unit.header ?? ''} ${unit.text}`));
  const own = units.map((unit) => read(`${unit.header ?? ''} ${unit.text}`));
  const titles = passages.map((passage) => read(passage.title ?? ''));
  // An acronym of the question is held by a unit that spells it out ("FTFs": "foreign terrorist fighters").
  const acronyms = acronymsIn(question);
  const hasForm = (read: { raw: string; text: string; words: string[] }, form: string) => {
    if (holds(read.words, read.text, form)) return true;
    const acronym = acronymOf(form, acronyms);
    return acronym !== null && spellsOut(read.raw, acronym);
  };
  const has = (read: { raw: string; text: string; words: string[] }, term: string) =>
    (forms.get(term) ?? [term]).some((form) => hasForm(read, form));
  const df = new Map(terms.map((term) => [term, index.filter((u) => has(u, term)).length]));
  units.forEach((unit, i) => {
    for (const term of terms) {
      const n = df.get(term) ?? 0;
      if (n === 0 || !has(index[i]!, term)) continue;
      const weight = scopeWeights.get(term) ?? Math.log(1 + (units.length - n + 0.5) / (n + 0.5));
      // A unit is as likely to answer as the passage it stands in: a word of a weak passage, which
      // retrieval ranked low, weighs less than the same word in the passage that answers.
      const scale = passages[unit.passageIndex]?.coverage ?? 1;
      // A term only the heading holds is shared by every unit under it; the unit that says it itself
      // is the one that answers ("4. Meetings": "The Working Group meets on the second Tuesday…").
      // A word of the document's title names the document, not the sentence: "when does the Border
      // Management working group meet?" is answered by the terms of reference's meetings clause,
      // not by the membership clause that repeats the group's name.
      const title = titles[unit.passageIndex]!;
      const share = (has(own[i]!, term) ? 1 : HEADING_ONLY_SHARE) * (has(title, term) ? TITLE_TERM_SHARE : 1);
      unit.terms.set(term, weight * scale * share);
      unit.score += weight * scale * share;
    }
  });
  return units;
}

/** Characters of quoted text in an extractive answer: list answers reach it, and stay near the 600 characters read at a glance. */
export const QUOTE_BUDGET = 800;
/** What a term held only by a unit's section heading counts, against the unit's own words (the unit that says it answers). */
const HEADING_ONLY_SHARE = 0.5;
/** What a word of the passage's document title counts in its units: it names the document more than the sentence. */
const TITLE_TERM_SHARE = 0.5;
/** A unit longer than this is quoted as a window around what it says of the question (quote-window.ts). */
export const MAX_UNIT = 400;

/**
 * The units an extractive answer quotes, chosen greedily by marginal gain: a unit's weight counts
 * its terms not yet quoted in full and those already quoted at REPEAT_WEIGHT, so a two-part
 * question gets a sentence for each part and a list question every matching item, while a sentence
 * that only repeats what is quoted stays out. Units join while their gain reaches RELATIVE_TO_BEST
 * of the best unit's weight and they fit the budget; returned in passage order.
 */
export function selectUnits(
  units: readonly TextUnit[],
  budget = QUOTE_BUDGET,
  minGainShare = RELATIVE_TO_BEST,
  subjectTerms: ReadonlySet<string> = new Set(),
  antecedentOf: (unit: TextUnit) => TextUnit | undefined = () => undefined,
): TextUnit[] {
  const best = Math.max(0, ...units.map((unit) => unit.score));
  // Each subject word's weightiest holder: the unit that answers that part of the question.
  const heaviest = new Map<string, number>();
  for (const unit of units)
    for (const [term, weight] of unit.terms) if (subjectTerms.has(term)) heaviest.set(term, Math.max(heaviest.get(term) ?? 0, weight));
  const chosen: TextUnit[] = [];
  const quoted = new Set<string>();
  // The weightiest term of each quoted unit, with that unit's score: a list answer's items share it.
  const keys = new Map<string, number>();
  // A field every item of a list holds ("Priority:", "Suggested lead:") tells no item from another,
  // so it is never the term a list answer's items are chosen by.
  const items = units.filter((unit) => unit.line);
  const fields = new Set<string>();
  if (items.length >= MIN_LIST_ITEMS) {
    const holders = new Map<string, number>();
    for (const item of items) for (const term of item.terms.keys()) holders.set(term, (holders.get(term) ?? 0) + 1);
    for (const [term, count] of holders) if (count >= items.length * MOST_ITEMS) fields.add(term);
  }
  // So is a term the items hold in a field's name ("Suggested lead: UNODC", "Lead: WCO") or their
  // heading, not in a value: it names what each item says, whichever lists the question spans.
  const named = new Map<string, { holders: number; inValues: number }>();
  for (const item of items) {
    const values = item.text.replace(FIELD_NAME, '$1');
    const read = { text: normalize(values), words: wordsOf(values) };
    for (const term of item.terms.keys()) {
      const tally = named.get(term) ?? { holders: 0, inValues: 0 };
      tally.holders += 1;
      if (holds(read.words, read.text, term)) tally.inValues += 1;
      named.set(term, tally);
    }
  }
  for (const [term, { holders, inValues }] of named)
    if (holders >= MIN_LIST_ITEMS && inValues <= holders * (1 - MOST_ITEMS)) fields.add(term);
  // A quoted unit's weight without its fields: what a further item of its list is measured against.
  const valueScore = (unit: TextUnit) => {
    const own = [...unit.terms].reduce((sum, [term, weight]) => sum + (fields.has(term) ? 0 : weight), 0);
    return own > 0 ? own : unit.score;
  };
  // The item codes of quoted units: a table row and a description with the same code are one need.
  const codes = new Set<string>();
  let used = 0;
  const remaining = [...units];
  // The units passed over for want of room, in the order they were picked.
  const crowdedOut: TextUnit[] = [];
  while (remaining.length > 0) {
    let pick = -1;
    let pickGain = 0;
    let pickSameItem = false;
    remaining.forEach((unit, i) => {
      let gain = 0;
      let fresh = false;
      for (const [term, weight] of unit.terms) {
        gain += quoted.has(term) ? weight * REPEAT_WEIGHT : weight;
        fresh ||= !quoted.has(term);
      }
      // A unit that only repeats quoted terms is a further item of a list the answer quotes when it
      // holds the weightiest term of a quoted unit ("which needs name WCO": the items naming WCO; the
      // safeguards under "Safeguards"), measured against that unit; one without it (every need has
      // a "suggested lead") adds nothing.
      let bar = best * minGainShare;
      // Every part of the question gets its answer: the weightiest holder of a subject word no
      // quoted unit holds joins whatever it weighs against the best unit ("what safeguards does the
      // roadmap include, and when does the baseline survey run?": the survey's row outweighs each
      // safeguard, which holds the word only under its heading; the other safeguards then follow it
      // as items of its list).
      if ([...unit.terms].some(([term, weight]) => !quoted.has(term) && weight > 0 && weight === heaviest.get(term))) bar = 0;
      const parallel = Math.max(0, ...[...unit.terms.keys()].map((term) => keys.get(term) ?? 0));
      if (!fresh && chosen.length > 0) {
        if (parallel > 0) bar = parallel * minGainShare;
        else gain = 0;
      }
      // So is one that also holds a new word (a second list's State name, "Verdesca" beside "UNODC").
      else if (parallel > 0) bar = Math.min(bar, parallel * minGainShare);
      // The other view of a quoted need (its row beside its description) comes first when it adds
      // to what is quoted of it (the priority and lead the description lacks).
      const sameItem = fresh && codes.has(itemCodeOf(unit) ?? '');
      if ((chosen.length === 0 || gain >= bar) && (sameItem ? !pickSameItem || gain > pickGain : !pickSameItem && gain > pickGain)) {
        pick = i;
        pickGain = gain;
        pickSameItem = sameItem;
      }
    });
    if (pick < 0) break;
    const [unit] = remaining.splice(pick, 1);
    if (!unit) break;
    const cost = costOf(unit);
    if (chosen.length > 0 && used + cost > budget) {
      crowdedOut.push(unit);
      continue;
    }
    chosen.push(unit);
    used += cost;
    for (const term of unit.terms.keys()) quoted.add(term);
    // A sentence leaning on the one before it ("Most of the weapons also come from Libya") is quoted
    // with it, before any further unit: that sentence holds what it adds to.
    const antecedent = antecedentOf(unit);
    const at = antecedent ? remaining.indexOf(antecedent) : -1;
    if (antecedent && at >= 0 && used + costOf(antecedent) <= budget) {
      remaining.splice(at, 1);
      chosen.push(antecedent);
      used += costOf(antecedent);
      for (const term of antecedent.terms.keys()) quoted.add(term);
    }
    const code = itemCodeOf(unit);
    const otherView = code !== null && codes.has(code);
    if (code) codes.add(code);
    // A unit holding only fields keys the list by them (every item answers "which needs are rated
    // High priority?" when "high" is a stop word), unless it is the other view of a quoted need.
    const ranked = [...unit.terms].sort((a, b) => b[1] - a[1]);
    const weightiest = (ranked.find(([term]) => !fields.has(term)) ?? (otherView ? undefined : ranked[0]))?.[0];
    if (weightiest !== undefined) keys.set(weightiest, Math.max(keys.get(weightiest) ?? 0, valueScore(unit)));
  }
  if (chosen.length === 0 && units[0]) chosen.push(units[0]);
  // The room left takes the first unit passed over that says something no quote says, as a window
  // around its terms ("Compare … in Valdoria and Koravia": Koravia's count of crossings after the
  // two paragraphs on connectivity).
  const room = budget - used - UNIT_OVERHEAD;
  const next = crowdedOut.find((unit) => [...unit.terms.keys()].some((term) => !quoted.has(term)));
  if (next && room >= MIN_WINDOW) chosen.push({ ...next, width: room });
  return chosen.sort((a, b) => a.passageIndex - b.passageIndex || a.order - b.order);
}

/**
 * An answer of one sentence also quotes the sentence that follows it in its passage, within the
 * budget: prose carries a point over two sentences ("The Council adopted a plan. It sets three
 * goals: …"), and the second often lacks the question's words. Not after a list item or a table
 * row, which stand alone.
 */
export function withNextSentence(
  chosen: TextUnit[],
  units: readonly TextUnit[],
  budget = QUOTE_BUDGET,
  // The sentence after a unit: in its passage, or (cohesion.ts) across the cut in the document's next chunk.
  nextOf: (unit: TextUnit) => TextUnit | undefined = (only) =>
    units.find((unit) => unit.passageIndex === only.passageIndex && unit.order === only.order + 1),
): TextUnit[] {
  const only = chosen.length === 1 ? chosen[0] : undefined;
  if (!only || only.line) return chosen;
  const next = nextOf(only);
  if (!next || next.line || costOf(only) + costOf(next) > budget) return chosen;
  return [only, next];
}

/** Fewest items for a list's shared fields to be told apart from the terms that choose its items. */
const MIN_LIST_ITEMS = 3;
/** A term this share of a list's items hold is a field of the list. */
const MOST_ITEMS = 0.75;

/** The item code a list item or table row starts with ("ULM-TA-03"), if any. */
function itemCodeOf(unit: TextUnit): string | null {
  return /^\|?\s*([\p{Lu}\d]{2,}(?:-[\p{Lu}\d]+)*-\d+)\b/u.exec(unit.text)?.[1] ?? null;
}

/** The units, in the order given, while they fit the budget (a named document's list from its start). */
export function firstThatFit(units: readonly TextUnit[], budget: number): TextUnit[] {
  const chosen: TextUnit[] = [];
  let used = 0;
  for (const unit of units) {
    const cost = costOf(unit);
    if (used + cost > budget) break;
    chosen.push(unit);
    used += cost;
  }
  return chosen;
}

/** What a quote costs beyond its text: the separator and the source marker. */
const UNIT_OVERHEAD = 6;
/** Fewest characters a window fitted into the room left may take: a clause that says something. */
const MIN_WINDOW = 120;

/** What a unit's quote costs against the budget. */
export const costOf = (unit: TextUnit) => Math.min(unit.text.length, unit.width ?? MAX_UNIT) + UNIT_OVERHEAD;

/** Share of the best unit's weight a further unit's gain must reach to be quoted too: the lowest whose median answer stays within 600 characters. */
const RELATIVE_TO_BEST = 0.3;
/** What a term already quoted still counts in a further unit (list items share their subject words). */
const REPEAT_WEIGHT = 0.6;
