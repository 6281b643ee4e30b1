import { message } from '../messages/index.js';
import type { Language, RetrievedChunk } from '../retrieval/retrieved-chunk.js';
import { trimmed, type StopWords } from '../retrieval/search-terms.js';
import {
  QUOTE_BUDGET,
  holds,
  wordsOf,
  firstThatFit,
  scopeWeightsOf,
  scoreUnits,
  selectUnits,
  withNextSentence,
  type TextUnit,
} from './select-sentences.js';
import { quoteUnit } from './quote-window.js';
import { addsToPrevious, documentNeighbours, withFollowingReference } from './cohesion.js';
import { namesItsTitle } from '../retrieval/retrieved-chunk.js';
import { kindTermsOf, kindsNamed } from '../retrieval/document-kinds.js';
import { focusTerms } from '../retrieval/term-shares.js';
import { memberStatesNamed, nameStems } from '../retrieval/member-state-names.js';
import { itemCodesIn } from './select-passages.js';
import { ASKS_ANOTHER_PART, ASKS_COUNT, ASKS_QUANTITY } from './question-analysis.js';

/** Characters of quotes for a request for a whole named document (a needs list of a dozen items fits). */
const NAMED_DOCUMENT_BUDGET = 3 * QUOTE_BUDGET;

export interface Citation {
  /** The marker used in the answer text: `[n]`. One number per document, in order of first use. */
  n: number;
  documentId: string;
  title: string;
}

/** A cited document as chat adapters render it (Slack context block, Teams citation, playground list). */
export interface AnswerSource extends Citation {
  memberStateName: string | null;
  kind: string;
  kindLabel: string;
  documentDate: string | null;
  classification: RetrievedChunk['classification'];
  language: RetrievedChunk['language'];
  /** The quoted passage's heading, for a citation's abstract. */
  heading: string | null;
}

export interface ComposedAnswer {
  /**
   * Whether the quotes can answer what kind of thing is asked: false for a question asking how many
   * or how much whose quotes hold no figure (then the reply is "couldn't find").
   */
  answersItsKind: boolean;
  /** The answer without its sources list (what chat adapters put in the message body). */
  body: string;
  /** body plus the sources list, as plain text (CLI, audit). */
  answer: string;
  citations: Citation[];
}

const KIND_LABELS: Record<string, string> = {
  assessment_report: 'assessment report',
  ta_needs: 'technical-assistance needs',
  recommendations: 'recommendations',
  consultation_notes: 'consultation notes',
  roadmap: 'roadmap',
  meeting_minutes: 'meeting minutes',
  programme_brief: 'programme brief',
  terms_of_reference: 'terms of reference',
};

/** A term most items hold (a list's notes and headers may lack it) is shared by the list. */
const MOST_ITEMS = 0.75;

/**
 * Whether a question naming a list asks for all of it ("post Valdoria's needs list with the
 * priorities": every item holds the words it asks beyond the title) rather than for some items
 * ("which of its needs name UN Women?": the words that tell items apart outweigh those they share).
 */
function asksForWholeList(items: readonly TextUnit[], stateStems: readonly string[], scopeWeights: ReadonlyMap<string, number>): boolean {
  if (items.length < 3) return false;
  const weights = new Map<string, number>();
  const holders = new Map<string, number>();
  for (const item of items)
    for (const [term, weight] of item.terms) {
      // The State's name filters the list; it says nothing of which items are asked for.
      if (stateStems.some((stem) => term.startsWith(stem))) continue;
      // The term's own weight in the scope: a unit's weight discounts the title's words, which here
      // are the very words the list's items share.
      weights.set(term, Math.max(weights.get(term) ?? 0, scopeWeights.get(term) ?? weight));
      holders.set(term, (holders.get(term) ?? 0) + 1);
    }
  let shared = 0;
  let distinguishing = 0;
  for (const [term, weight] of weights) {
    if ((holders.get(term) ?? 0) >= items.length * MOST_ITEMS) shared += weight;
    else distinguishing += weight;
  }
  return distinguishing < shared;
}

/**
 * The question's subject words: the rarer half by idf over the scope (retrieval's focus terms), less
 * the words naming a Member State or a document kind, which filter documents rather than ask
 * something of them.
 */
function subjectTermsOf(question: string, passages: RetrievedChunk[], stems: readonly string[]): Set<string> {
  const weights = [...scopeWeightsOf(passages)];
  const kindTerms = kindTermsOf(
    question,
    weights.map(([term]) => term),
  );
  return new Set(
    focusTerms(weights)
      .map(([term]) => term)
      .filter((term) => !kindTerms.has(term) && !stems.some((stem) => term.startsWith(stem))),
  );
}

/**
 * Units of time in the six UN languages: a figure before one ("for 30 years") says how long, not how
 * many of what a question counts.
 */
const TIME_UNITS =
  '(?:years?|months?|weeks?|days?|hours?|decades?|centuries|ans|années|mois|semaines|jours|heures|décennies|siècles|años|meses|semanas|días|horas|décadas|siglos|лет|года?|месяц\\p{L}*|недел\\p{L}*|дн\\p{L}*|час\\p{L}*|سنة|سنوات|عاما|عامًا|أعوام|شهرا|شهرًا|أشهر|أسابيع|يوما|يومًا|أيام|ساعات|年|个月|周|天|小时)';
const DURATION = new RegExp(`(?<![\\p{L}\\p{N}])\\d+(?:[.,]\\d+)?[\\s-]*${TIME_UNITS}(?![\\p{L}])`, 'giu');
const NAMES_TIME_UNIT = new RegExp(`(?<![\\p{L}])${TIME_UNITS}(?![\\p{L}])`, 'iu');

/** A share in the six UN languages ("15 per cent", "15 %", "15 pour cent", "15 por ciento", "15 процентов", "15 في المائة", "百分之十五"): of something, not how many. */
const SHARE_WORDS = '(?:%|٪|per\\s?cent|pour\\s?cent|por\\s?ciento|процент\\p{L}*|في\\s?المائة|في\\s?المئة)';
const SHARE = new RegExp(`(?<![\\p{L}\\p{N}])\\d+(?:[.,]\\d+)?\\s*${SHARE_WORDS}(?![\\p{L}])|百分之\\S+`, 'giu');
const NAMES_SHARE = new RegExp(`${SHARE_WORDS}|percentage|share|proportion|pourcentage|porcentaje|доля|نسبة|百分`, 'iu');

/**
 * What follows a quantity interrogative: the thing counted ("how many refugees", "combien de
 * réfugiés", "cuántos refugiados", "сколько беженцев", "كم لاجئا", "多少难民").
 */
const COUNTED_AFTER = /\bhow (?:many|much)\s+|\bcombien\s+(?:de\s+|d['’])?|\bcu[áa]nt[oa]s?\s+|сколько\s+|(?:^|[\s،؟])كم\s+|多少/iu;
/** Words a quantity question's counted thing may take ("Syrian refugees"): an adjective and its noun. */
const MAX_COUNTED_WORDS = 2;
/** Words between a figure and the thing it counts ("more than 1.5 million refugees"): the same noun phrase. */
const FIGURE_REACH = 3;

/**
 * The words naming what a quantity question counts: those right after its interrogative, up to the
 * first framing word ("how many refugees does it host": refugees; "how many was it": none).
 */
export function countedTerms(question: string, language: Language, stopWords: StopWords = {}): string[] {
  const match = COUNTED_AFTER.exec(question);
  if (!match) return [];
  const rest = question.slice(match.index + match[0].length).normalize('NFKC');
  // Chinese writes no spaces: the counted thing is the two characters after 多少.
  const han = /^\p{Script=Han}{2}/u.exec(rest);
  if (han) return [han[0]];
  const stop = stopWords[language] ?? new Set<string>();
  const counted: string[] = [];
  for (const raw of rest.split(/\s+/u)) {
    const word = trimmed(raw);
    // A framing word ends the phrase, and so does a name after its first word (the State that counts).
    if (word.length === 0 || stop.has(word.toLowerCase()) || (counted.length > 0 && /^\p{Lu}/u.test(word))) break;
    counted.push(word.toLowerCase());
    if (word !== raw || counted.length === MAX_COUNTED_WORDS) break; // punctuation ends the phrase
  }
  return counted;
}

/** Whether a figure stands beside a word naming the thing counted (within one noun phrase). */
function figureBeside(text: string, counted: readonly string[]): boolean {
  if (counted.some((term) => /\p{Script=Han}/u.test(term)))
    return counted.some((term) => {
      for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1))
        if (/\p{N}/u.test(text.slice(Math.max(0, at - 2 * FIGURE_REACH), at + term.length + 2 * FIGURE_REACH))) return true;
      return false;
    });
  const tokens = text.split(/\s+/u);
  const figures = tokens.flatMap((token, i) => (/\p{N}/u.test(token) ? [i] : []));
  return tokens.some((token, i) => {
    const word = token.normalize('NFKC').toLowerCase();
    return counted.some((term) => holds(wordsOf(word), word, term)) && figures.some((at) => at !== i && Math.abs(at - i) <= FIGURE_REACH);
  });
}

/** A sum of money: a currency before or after the figure ("USD 280,000", "1,64 millones de dólares"). */
const MONEY =
  /(?:\b(?:USD|US\$|EUR|CHF)|[$€£])\s*\p{N}[\p{N}.,\s]*(?:million|millions|millones|billion)?|\p{N}[\p{N}.,]*\s*(?:million |millions |millones |billion )?(?:de )?(?:dollars|dólares|euros|долл\S*|دولار)/giu;

/** A date or a year ("1 January 2027", "2024"): when something happens, neither how many nor how much. */
const DATE = /(?<![\p{L}\p{N}])\d{1,2}\s+\p{L}+\.?\s+(?:19|20)\d{2}(?!\p{N})|(?<![\p{L}\p{N}])(?:19|20)\d{2}(?![\p{N}])/gu;

/** A figure in a quote, leaving out what only looks like one: its label, reference codes ("KNR-TA-01", "I-24/7") and the canary. */
function holdsFigure(text: string): boolean {
  const rest = text
    .replace(/^\|?\s*(?:[-*•]\s|\d+(?:\.\d+)*[.)]\s)/u, '')
    .replace(/\b\p{L}[\p{L}\d]*(?:[-/][\p{L}\d]+)*[-/]\d[\p{L}\d]*(?:[-/][\p{L}\d]+)*\b/gu, '')
    .replace(/R[ée]f\.\s*\S+/gu, '');
  return /\p{N}/u.test(rest);
}

/**
 * A question asking how many is answered by a figure: when the quotes chosen by the question's words
 * hold none, the best unit of the same passages holding a figure and a subject word joins them (the
 * sentence giving the toll often says "killed" where the question says "died"); failing that, the
 * best unit holding a figure and any question word but the State's name in a passage already quoted
 * (the sentence giving the sums says "Syrian nationals" and "assistance" where the question says
 * "Syrians" and "aid": the passage answering the question holds its figure near).
 */
function withFigure(
  chosen: TextUnit[],
  scored: readonly TextUnit[],
  figureIn: (unit: TextUnit) => boolean,
  subject: ReadonlySet<string>,
  nameStems: readonly string[],
  countedIn: (unit: TextUnit) => boolean,
): TextUnit[] {
  const bestOf = (units: TextUnit[]) => units.sort((a, b) => b.score - a.score)[0];
  // A figure beside the thing counted answers; another figure (a date's "10 to 12") does not, when
  // the passages hold one beside it ("how many refugees": "more than 1.5 million refugees").
  if (!chosen.some(countedIn)) {
    const counting = bestOf(scored.filter(countedIn));
    if (counting) return [...chosen, counting].sort((a, b) => a.passageIndex - b.passageIndex || a.order - b.order);
  }
  if (chosen.some(figureIn)) return chosen;
  const quoted = new Set(chosen.map((unit) => unit.passageIndex));
  const asked = (term: string) => !nameStems.some((stem) => term.startsWith(stem));
  const best =
    bestOf(scored.filter((unit) => figureIn(unit) && [...unit.terms.keys()].some((term) => subject.has(term)))) ??
    bestOf(scored.filter((unit) => figureIn(unit) && quoted.has(unit.passageIndex) && [...unit.terms.keys()].some(asked)));
  return best ? [...chosen, best].sort((a, b) => a.passageIndex - b.passageIndex || a.order - b.order) : chosen;
}

/** The name stems of the Member States the question names among the passages'. */
function nameStemsIn(question: string, passages: RetrievedChunk[]): string[] {
  return [...memberStatesNamed(question, passages)].flatMap(nameStems);
}

/** Numbers documents in the order passages use them. */
export function numberCitations(passages: RetrievedChunk[]): Citation[] {
  const citations: Citation[] = [];
  for (const passage of passages) {
    if (!citations.some((citation) => citation.documentId === passage.documentId)) {
      citations.push({ n: citations.length + 1, documentId: passage.documentId, title: passage.title });
    }
  }
  return citations;
}

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');
}

/** Each citation with the metadata of the passage it cites (the first passage of its document). */
export function describeSources(citations: Citation[], passages: RetrievedChunk[]): AnswerSource[] {
  return citations.flatMap((citation) => {
    const passage = passages.find((candidate) => candidate.documentId === citation.documentId);
    if (!passage) return [];
    return [
      {
        ...citation,
        memberStateName: passage.memberStateName ?? passage.memberStateId,
        kind: passage.kind,
        kindLabel: kindLabel(passage.kind),
        documentDate: passage.documentDate,
        classification: passage.classification,
        language: passage.language,
        heading: passage.heading,
      },
    ];
  });
}

/** "[1] Title — Valdoria · assessment report · 2026-05-19" */
export function formatSource(source: AnswerSource): string {
  const details = [source.memberStateName, source.kindLabel, source.documentDate].filter((part): part is string => Boolean(part));
  return `[${source.n}] ${source.title}${details.length > 0 ? ` — ${details.join(' · ')}` : ''}`;
}

/** The plain-text answer: body, then the sources list (its label in the reply language). */
export function withSourcesList(body: string, sources: AnswerSource[], language?: string): string {
  return sources.length > 0 ? `${body}\n\n${message('answer.sources', language)}:\n${sources.map(formatSource).join('\n')}` : body;
}

export interface ExtractiveOptions {
  question: string;
  /** The reply language (intro and sources label) and the question's, for its terms. */
  language?: Language;
  stopWords?: StopWords;
  /** Replaces the intro line ("From the documents available to you:"). */
  intro?: string;
}

/**
 * The answer with no language model: the sentences, list items and table rows of the selected
 * passages that hold the question's words (document text is data: it is shown, never interpreted;
 * planted instructions and spam are left out), grouped by document with its source number, within
 * about 600 characters, then the sources.
 */
export function composeExtractiveAnswer(passages: RetrievedChunk[], options: ExtractiveOptions): ComposedAnswer {
  const language = options.language ?? 'en';
  const scored = scoreUnits(options.question, language, passages, options.stopWords);
  // A question that names a document by its title ("post Valdoria's needs list") asks for that
  // document: its list items and table rows are all quoted, in a larger budget.
  const kinds = kindsNamed(options.question);
  const named = new Set(passages.flatMap((passage, index) => (namesItsTitle(passage) && kinds.includes(passage.kind) ? [index] : [])));
  // A question naming item codes ("who leads LOM-TA-02?") is answered by the units that name them.
  const codes = itemCodesIn(options.question);
  const naming = scored.filter((unit) => codes.some((code) => unit.text.toLowerCase().includes(code)));
  if (naming.length > 0)
    for (const unit of scored)
      if (!naming.includes(unit)) {
        unit.score = 0;
        unit.terms.clear();
      }
  // Every unit naming an asked code is quoted (the need's row in the table and its description); a
  // named document's list items and table rows are quoted from its start, in the larger budget.
  const position = (unit: TextUnit) => passages[unit.passageIndex]?.chunkId ?? 0;
  const placeOf = (unit: TextUnit) => {
    const passage = passages[unit.passageIndex];
    return passage && { documentId: passage.documentId, chunkId: passage.chunkId, language: passage.language };
  };
  const neighbours = documentNeighbours(scored, placeOf);
  // A sentence adding to the one before it ("Most of the weapons … also come from Libya") is quoted
  // with that one, which makes the claim it adds to ("this terrorism derives … from drug trafficking").
  const antecedentOf = (unit: TextUnit) => {
    const language = neighbours.languageOf(unit);
    return language && !unit.line && addsToPrevious(unit.text, language) ? neighbours.previous(unit) : undefined;
  };
  const stems = nameStemsIn(options.question, passages);
  const subject = subjectTermsOf(options.question, passages, stems);
  const listed = scored
    .filter((unit) => named.has(unit.passageIndex) && unit.line)
    .sort((a, b) => position(a) - position(b) || a.order - b.order);
  const chosen =
    naming.length > 0
      ? selectUnits(scored, QUOTE_BUDGET, 0)
      : listed.length > 0 && asksForWholeList(listed, stems, scopeWeightsOf(passages))
        ? firstThatFit(listed, NAMED_DOCUMENT_BUDGET)
        : selectUnits(scored, named.size > 0 ? NAMED_DOCUMENT_BUDGET : QUOTE_BUDGET, undefined, subject, antecedentOf);
  const quantity = ASKS_QUANTITY.test(options.question);
  const count = ASKS_COUNT.test(options.question);
  const countsTime = NAMES_TIME_UNIT.test(options.question);
  const countsShare = NAMES_SHARE.test(options.question);
  // The figures that may answer a quantity, where the answer shows them (in the window quoted of a
  // long unit): not a year or a date, which say when ("in our 2018 aid budget"); for a count, not a
  // sum of money, nor, unless the question counts time, a span of time ("for 30 years" does not say
  // how many Maldivians went to fight), nor, unless it asks for one, a share ("15 per cent" of a budget
  // is not how many experts a roster holds). Each is left as a mark, so the words around keep their places.
  const countable = (unit: TextUnit) => {
    let text = quoteUnit(unit);
    if (count) text = text.replace(MONEY, ' § ');
    if (count && !countsTime) text = text.replace(DURATION, ' § ');
    if (count && !countsShare) text = text.replace(SHARE, ' § ');
    return text.replace(DATE, ' § ');
  };
  const figureIn = (unit: TextUnit) => holdsFigure(countable(unit));
  const counted = countedTerms(options.question, language, options.stopWords);
  // The counted words are matched by their form: only in text of the question's language.
  const countedIn = (unit: TextUnit) =>
    counted.length > 0 && passages[unit.passageIndex]?.language === language && figureBeside(countable(unit), counted);
  const figured = quantity ? withFigure(chosen, scored, figureIn, subject, stems, countedIn) : chosen;
  const units = withFollowingReference(withNextSentence(figured, scored, QUOTE_BUDGET, neighbours.next), neighbours);
  const quotedPassages = passages.filter((_, index) => units.some((unit) => unit.passageIndex === index));
  const citations = numberCitations(quotedPassages);
  const blocks = citations.map((citation) => {
    // In the document's own order (passages come best first), so a quoted list reads from its start.
    const own = units
      .filter((unit) => passages[unit.passageIndex]?.documentId === citation.documentId)
      .sort((a, b) => position(a) - position(b) || a.order - b.order);
    let block = '';
    own.forEach((unit, i) => {
      const previous = own[i - 1];
      // Neighbours across a chunk cut read on as one text too, when the cut left the first its full stop.
      const adjacent =
        previous !== undefined &&
        ((previous.passageIndex === unit.passageIndex && previous.order + 1 === unit.order) ||
          (neighbours.next(previous) === unit && /[.!?؟。！？]["”»)]?$/u.test(previous.text)));
      const separator = i === 0 ? '' : unit.line || previous?.line ? '\n' : adjacent ? ' ' : ' … ';
      // A table row is read under its header row, quoted once before the first row of that table.
      const header =
        unit.header !== undefined && unit.header !== previous?.header && unit.header !== previous?.text ? `${unit.header}\n` : '';
      block += `${separator}${header}${quoteUnit(unit)}`;
    });
    return `${block} [${citation.n}]`;
  });
  const body = `${options.intro ?? message('answer.intro', language)}\n\n${blocks.join('\n\n')}`;
  // "How many companies are registered in the free zone?" is not answered by the recommendation
  // that companies registered there declare their owners, however well it matches the words; and
  // a count ("how many people…") is not answered by a quote whose only figures are costs or dates.
  // A question with another part ("…, and who heads the committee?") is answered in part without one.
  const answersItsKind = !quantity || units.some(figureIn) || ASKS_ANOTHER_PART.test(options.question);
  return { answersItsKind, body, answer: withSourcesList(body, describeSources(citations, quotedPassages), language), citations };
}
