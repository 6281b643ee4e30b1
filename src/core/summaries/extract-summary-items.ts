import type { CitablePassage } from '../answering/format-passages.js';
import { isPlantedInstruction } from '../retrieval/planted-text.js';
import { sectionForKind, type SectionId } from './summary-sections.js';

/** A candidate bullet taken verbatim from one passage. */
export interface SummaryItem {
  section: SectionId;
  text: string;
  passage: CitablePassage;
  /** Position in the document (chunk order, then item order), to keep bullets in reading order. */
  order: number;
  /** Rough density of facts (figures, codes, names): highlights prefer dense items. */
  weight: number;
}

const ITEM_START = /^\s*(?:[-*•·]\s+|\d{1,3}[.)]\s+|[A-Z]{2,4}-[A-Z]{1,4}-\d{1,3}\b|\*\*[A-Z]{2,4}-[A-Z]{1,4}-\d{1,3}|\|)/;
const METADATA =
  /^(?:ref\.|réf\.|date:|prepared by|circulated|distribution|restricted distribution|shared with|consent|visit:|report dated|counter-terrorism committee executive directorate|\*\*counter-terrorism)/i;
// Anchored at the start of the heading: "Follow-up actions" is a follow-up section, a "Follow-up assessment visit" is not.
const FOLLOW_UP_HEADING =
  /^(?:[\dIVX]+[.)]?\s+)?(?:follow-up|next steps|open (?:questions|issues)|outstanding|pending|actions de suivi|mesures de suivi|prochaines étapes|questions en suspens|acciones de seguimiento|seguimiento|próximos pasos|cuestiones pendientes|последующие|дальнейшие шаги|открытые вопросы|إجراءات المتابعة|الخطوات التالية|المتابعة|后续|未决问题)/i;
// Metadata lines carrying a document's reference token are not content.
const REFERENCE_LINE = /\bR[ée]f\.\s*[A-Z]{2}-\d{4}-[A-Z]\b/;
const ROADMAP_HEADING = /roadmap|phase|feuille de route|hoja de ruta|дорожн|خريطة الطريق|路线图/i;
const PURPOSE_HEADING = /purpose|objective|objet|objectif|propósito|objetivo|цель|الغرض|目的/i;
const TA_CODE = /\b[A-Z]{2,4}-TA-\d{1,3}\b/;

function clean(text: string): string {
  return text
    .replace(/\*\*|__/g, '')
    .replace(/^\s*(?:[-*•·]\s+|\|\s*|\d{1,3}[.)]\s+)/, '')
    .replace(/\s*\|\s*/g, ' | ')
    .replace(/\s*\|\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Shortens to whole sentences within the limit (bullets stay readable; the source is cited). */
export function shorten(text: string, max = 320): string {
  if (text.length <= max) return text;
  const sentences = text.match(/[^.!?。！？]+[.!?。！？]+(?:\s|$)/g) ?? [];
  let out = '';
  for (const sentence of sentences) {
    if ((out + sentence).length > max) break;
    out += sentence;
  }
  // A first "sentence" too short to carry meaning (an abbreviation, a number) is not a summary.
  return out.trim().length >= 60 ? out.trim() : `${text.slice(0, max).replace(/\s+\S*$/, '')}…`;
}

function weightOf(text: string): number {
  const figures = text.match(/\d[\d.,]*/g)?.length ?? 0;
  const codes = text.match(/\b[A-Z][A-Z0-9-]{2,}\b/g)?.length ?? 0;
  return figures * 2 + codes;
}

/** A table row rendered as "Label: value; Label: value" is one item by itself. */
function isRecordLine(line: string): boolean {
  return (line.match(/(?:^|; )[^;:]{1,40}: /g) ?? []).length >= 2;
}

/** Splits a passage into list items and paragraphs, skipping metadata lines and markdown tables' rules. */
export function splitItems(text: string): string[] {
  const items: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    let current = '';
    for (const line of paragraph.split('\n')) {
      if (!line.trim() || /^\s*\|?\s*:?-{3,}/.test(line)) continue;
      if ((ITEM_START.test(line) || isRecordLine(line)) && current) {
        items.push(current);
        current = line;
      } else {
        current = current ? `${current}\n${line}` : line;
      }
    }
    if (current) items.push(current);
  }
  return items.map(clean).filter(
    (item) =>
      item.length >= 25 &&
      !METADATA.test(item) &&
      // Document text is data: an item that addresses the assistant is never repeated in a draft.
      !isPlantedInstruction(item) &&
      !/^#/.test(item) &&
      !(REFERENCE_LINE.test(item) && item.length < 250),
  );
}

function sectionFor(passage: CitablePassage, item: string): SectionId {
  const heading = passage.heading ?? '';
  if (FOLLOW_UP_HEADING.test(heading) || /\?\s*$/.test(item)) return 'open_questions';
  if (passage.kind === 'roadmap' || ROADMAP_HEADING.test(heading)) return 'roadmap';
  return sectionForKind(passage.kind);
}

/**
 * Every candidate bullet of the passages (deduplicated: chunks overlap), with the section it
 * belongs to. Purely extractive: the words are the document's, each tied to its passage.
 */
export function extractSummaryItems(passages: readonly CitablePassage[]): SummaryItem[] {
  const seen = new Set<string>();
  const items: SummaryItem[] = [];
  passages.forEach((passage, chunkIndex) => {
    splitItems(passage.text).forEach((text, itemIndex) => {
      const key = text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
      if (seen.has(key)) return;
      // A later chunk may start mid-item because of overlap: skip fragments of an item already kept.
      for (const earlier of seen) if (earlier.includes(key)) return;
      seen.add(key);
      items.push({ section: sectionFor(passage, text), text, passage, order: chunkIndex * 1000 + itemIndex, weight: weightOf(text) });
    });
  });
  return items;
}

/**
 * Bullets per section. A recommendations list is drafted whole up to as many items as a needs list
 * (10 cut a State's 11th and later recommendations out of every draft; measured on three sets: one
 * more fact on eval-c, the others unchanged).
 */
const LIMITS: Record<SectionId, number> = { context: 4, assessment: 8, ta_needs: 14, recommendations: 14, roadmap: 6, open_questions: 6 };

/**
 * Picks the bullets of each section: TA needs with a need code first (all of them), assessment
 * highlights by density of facts, the rest in reading order; purpose paragraphs lead the context.
 * Every document contributes at least one bullet, so the draft cites everything it drew on.
 */
export function selectSummaryItems(items: readonly SummaryItem[]): Map<SectionId, SummaryItem[]> {
  const bySection = new Map<SectionId, SummaryItem[]>();
  const pick = (section: SectionId, candidates: SummaryItem[]) =>
    bySection.set(
      section,
      candidates.slice(0, LIMITS[section]).sort((a, b) => a.order - b.order),
    );
  const of = (section: SectionId) => items.filter((item) => item.section === section);

  const context = of('context');
  pick('context', [
    ...context.filter((i) => PURPOSE_HEADING.test(i.passage.heading ?? '')),
    ...context.filter((i) => i.passage.kind === 'consultation_notes' && !PURPOSE_HEADING.test(i.passage.heading ?? '')),
    ...context.filter((i) => i.passage.kind !== 'consultation_notes'),
  ]);
  pick(
    'assessment',
    [...of('assessment')].sort((a, b) => b.weight - a.weight || a.order - b.order),
  );
  const ta = of('ta_needs');
  pick('ta_needs', [...ta.filter((i) => TA_CODE.test(i.text.slice(0, 20))), ...ta.filter((i) => !TA_CODE.test(i.text.slice(0, 20)))]);
  pick('recommendations', of('recommendations'));
  pick(
    'roadmap',
    [...of('roadmap')].sort((a, b) => b.weight - a.weight || a.order - b.order),
  );
  pick('open_questions', of('open_questions'));

  const cited = new Set([...bySection.values()].flat().map((i) => i.passage.documentId));
  for (const item of items) {
    if (cited.has(item.passage.documentId)) continue;
    cited.add(item.passage.documentId);
    bySection.get(item.section)?.push(item);
  }
  return bySection;
}
