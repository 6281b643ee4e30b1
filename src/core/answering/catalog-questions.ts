import { DateTime } from 'luxon';
import type { ScopeRequest } from '../access/access-rule.js';
import { message } from '../messages/index.js';
import type { Classification, Language } from '../retrieval/retrieved-chunk.js';
import { kindLabel } from './extractive-answer.js';
import { kindsNamed } from '../retrieval/document-kinds.js';
import { memberStatesNamed } from '../retrieval/member-state-names.js';

/** One document of the asker's scope as the catalog describes it (no text). */
export interface CatalogEntry {
  documentId: string;
  title: string;
  kind: string;
  memberStateId: string | null;
  memberStateName: string | null;
  /** Every form naming that Member State (see RetrievedChunk.memberStateNames). */
  memberStateNames?: readonly string[] | null;
  documentDate: string | null;
  ownerEntity: string;
  consentGrantedOn: string | null;
  language: string;
  classification: Classification;
  consentVersion: number | null;
}

/** The catalog port: src/db answers with the scope computed in SQL (db/queries/scoped-catalog.ts). */
export type ListCatalog = (request: ScopeRequest) => Promise<CatalogEntry[]>;

/** What a question asks of the catalog: a list of documents, the latest of a kind, or who shared one. */
export type CatalogIntent = 'list' | 'latest' | 'owner';

/** Words asking about documents themselves, per language: "which documents", "the latest", "who shared". */
const INTENTS: Record<CatalogIntent, RegExp> = {
  list: /\b(?:which|what|list)\b[^?]*\bdocuments\b|\bdocuments\b[^?]*\b(?:can i|may i|do i|available)\b|\bquels documents\b|\bqué documentos\b|какие документы|ما (?:هي )?الوثائق|哪些文件/iu,
  latest: /\b(?:latest|most recent|newest)\b|\bderni(?:er|ère)\b|plus récente?\b|\búltim[oa]\b|más reciente|последн|أحدث|最新/iu,
  owner:
    /\bwho\b[^?]*\b(?:shared|submitted|issued|prepared|produced|provided|owns|wrote)\b|\bqui\b[^?]*\b(?:partagé|transmis|soumis|établi|rédigé)|\bqui[eé]n\b[^?]*\b(?:compartió|presentó|elaboró|envió)|кто[^?]*(?:предостав|подготов|подел)|من (?:الذي )?(?:شارك|قدم|أعد)|谁/iu,
};

/** A document of any kind named as such: "the most recent document on Jaldara", "who issued that report". */
const ANY_DOCUMENT = /\b(?:documents?|reports?|documentos?|informes?|rapports?)\b|документ|وثيقة|تقرير|文件|报告/iu;

export interface CatalogQuestion {
  intent: CatalogIntent;
  kinds: string[];
  memberStates: string[];
}

/**
 * The catalog question a question asks, if any: "latest" and "who shared" need a document to point
 * at, of a kind ("the latest assessment") or of any kind ("the most recent document on Jaldara").
 */
export function catalogQuestion(question: string, entries: readonly CatalogEntry[]): CatalogQuestion | null {
  const kinds = kindsNamed(question);
  const memberStates = [...memberStatesNamed(question, entries)];
  if (INTENTS.list.test(question)) return { intent: 'list', kinds, memberStates };
  if (kinds.length === 0 && !ANY_DOCUMENT.test(question)) return null;
  if (INTENTS.owner.test(question)) return { intent: 'owner', kinds, memberStates };
  if (INTENTS.latest.test(question)) return { intent: 'latest', kinds, memberStates };
  return null;
}

/** The entries a catalog question is about: of the named Member States and kinds, newest first. */
export function matchingEntries(asked: CatalogQuestion, entries: readonly CatalogEntry[]): CatalogEntry[] {
  return entries.filter(
    (entry) =>
      (asked.memberStates.length === 0 || (entry.memberStateName !== null && asked.memberStates.includes(entry.memberStateName))) &&
      (asked.kinds.length === 0 || asked.kinds.includes(entry.kind)),
  );
}

/** "12 May 2026" in the reply language (the ISO date when it does not parse). */
export function formatDate(iso: string | null, language: Language): string | null {
  if (!iso) return null;
  const date = DateTime.fromISO(iso);
  return date.isValid ? date.setLocale(language).toFormat(language === 'zh' ? 'yyyy年M月d日' : 'd MMMM yyyy') : iso;
}

/**
 * A catalog date as members read it and as the catalog records it: "12 May 2026 (2026-05-12)". A
 * member quoting a date back, or matching it against a register, may use either.
 */
function catalogDate(iso: string | null, language: Language): string | null {
  const long = formatDate(iso, language);
  return long && iso && long !== iso ? `${long} (${iso})` : long;
}

/** One catalog line: "Title — Member State · kind · dated 12 May 2026 (2026-05-12) · shared by CTED · consent given on … [n]". */
export function describeEntry(entry: CatalogEntry, n: number, language: Language): string {
  const date = catalogDate(entry.documentDate, language);
  const consent = catalogDate(entry.consentGrantedOn, language);
  const details = [
    entry.memberStateName,
    kindLabel(entry.kind),
    date ? message('catalog.dated', language, { date }) : null,
    message('catalog.shared_by', language, { owner: entry.ownerEntity }),
    consent ? message('catalog.consent_on', language, { date: consent }) : null,
  ].filter((part): part is string => Boolean(part));
  return `${entry.title} — ${details.join(' · ')} [${n}]`;
}

/** The heading of a catalog answer in the reply language. */
export function catalogIntro(asked: CatalogQuestion, language: Language): string {
  const about = asked.memberStates.length > 0 ? message('catalog.about', language, { name: asked.memberStates.join(', ') }) : '';
  if (asked.intent === 'list') return message('catalog.list_intro', language, { about });
  if (asked.kinds.length === 0) return message('catalog.latest_any', language, { about });
  return message('catalog.latest', language, { kind: asked.kinds.map(kindLabel).join(', '), about });
}
