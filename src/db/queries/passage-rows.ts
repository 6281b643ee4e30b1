import type { CitablePassage } from '../../core/answering/format-passages.js';
import type { Classification } from '../../core/retrieval/retrieved-chunk.js';

/**
 * A chunk with its document's metadata and the consent version it was read under: what retrieval
 * and summaries both select. Aliases: `c` chunks, `d` documents, `scope` the access scope
 * (access-scope.ts), so the consent version comes from the same statement that decided access.
 */
export const PASSAGE_COLUMNS = `c.id AS chunk_id, c.document_id, d.title, d.member_state_id, d.kind, d.document_date,
       c.language, d.classification, c.heading, c.text, scope.consent_version`;

export interface PassageRow {
  chunk_id: number;
  document_id: string;
  title: string;
  member_state_id: string | null;
  kind: string;
  document_date: string | null;
  language: string;
  classification: Classification;
  heading: string | null;
  text: string;
  consent_version: number | null;
}

export function toCitablePassage(row: PassageRow): CitablePassage {
  return {
    chunkId: row.chunk_id,
    documentId: row.document_id,
    title: row.title,
    memberStateId: row.member_state_id,
    kind: row.kind,
    documentDate: row.document_date,
    language: row.language,
    classification: row.classification,
    heading: row.heading,
    text: row.text,
    consentVersion: row.consent_version,
  };
}
