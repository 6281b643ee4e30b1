import type { AuditRecord } from '../../core/audit/audit-record.js';
import type { Queryable } from '../database.js';

/**
 * Reading the audit trail, and reaching back into it when consent is revoked or withheld. Writing
 * rows is recordAudit's job (audit.ts).
 */
/** A stored audit row: the record as written, plus when, and whether revocation has since marked it. */
export interface AuditEntry extends Omit<AuditRecord, 'kind' | 'chunkIds' | 'question' | 'latencyMs' | 'details'> {
  id: number;
  at: Date;
  kind: string;
  question: string | null;
  latencyMs: number | null;
  invalidatedAt: Date | null;
  invalidatedReason: string | null;
  details: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  created_at: Date;
  kind: string;
  member_id: string | null;
  platform: string;
  context: string;
  question: string | null;
  document_ids: string[];
  cited_document_ids: string[];
  consent_versions: Record<string, number | null>;
  answer_text: string | null;
  model: string | null;
  prompt_version: string | null;
  latency_ms: number | null;
  invalidated_at: Date | null;
  invalidated_reason: string | null;
  details: Record<string, unknown>;
  outcome: 'completed' | 'stopped';
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    at: row.created_at,
    kind: row.kind,
    memberId: row.member_id,
    platform: row.platform,
    context: row.context,
    question: row.question,
    documentIds: row.document_ids,
    citedDocumentIds: row.cited_document_ids,
    consentVersions: row.consent_versions,
    answerText: row.answer_text,
    model: row.model,
    promptVersion: row.prompt_version,
    latencyMs: row.latency_ms,
    invalidatedAt: row.invalidated_at,
    invalidatedReason: row.invalidated_reason,
    details: row.details,
    outcome: row.outcome,
  };
}

export interface AuditFilter {
  memberId?: string;
  since?: Date;
  /** Entries whose answer cited, or whose retrieval touched, this document. */
  documentId?: string;
  limit?: number;
}

export async function listAuditEntries(db: Queryable, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const result = await db.query<AuditRow>(
    `SELECT id, created_at, kind, member_id, platform, context, question, document_ids, cited_document_ids, consent_versions,
            answer_text, model, prompt_version, latency_ms, invalidated_at, invalidated_reason, details, outcome
       FROM audit_log
      WHERE ($1::text IS NULL OR member_id = $1)
        AND ($2::timestamptz IS NULL OR created_at >= $2)
        AND ($3::text IS NULL OR $3 = ANY(cited_document_ids) OR $3 = ANY(document_ids))
      ORDER BY created_at DESC, id DESC
      LIMIT $4`,
    [filter.memberId ?? null, filter.since ?? null, filter.documentId ?? null, filter.limit ?? 200],
  );
  return result.rows.map(toEntry);
}

/** One audit row by id (a chat button refers to the answer it belongs to), or undefined. */
export async function findAuditEntry(db: Queryable, id: number): Promise<AuditEntry | undefined> {
  const result = await db.query<AuditRow>(
    `SELECT id, created_at, kind, member_id, platform, context, question, document_ids, cited_document_ids, consent_versions,
            answer_text, model, prompt_version, latency_ms, invalidated_at, invalidated_reason, details, outcome
       FROM audit_log WHERE id = $1`,
    [id],
  );
  const row = result.rows[0];
  return row ? toEntry(row) : undefined;
}

export interface DraftCitingDocument {
  draftId: string;
  workingGroupId: string;
  memberStateId: string;
  requestedBy: string;
  status: string;
  createdAt: Date;
  postedAt: Date | null;
  invalidatedReason: string | null;
}

export async function listDraftsCitingDocument(db: Queryable, documentId: string): Promise<DraftCitingDocument[]> {
  const result = await db.query<{
    id: string;
    working_group_id: string;
    member_state_id: string;
    requested_by: string;
    status: string;
    created_at: Date;
    posted_at: Date | null;
    invalidated_reason: string | null;
  }>(
    `SELECT id, working_group_id, member_state_id, requested_by, status, created_at, posted_at, invalidated_reason
       FROM summary_drafts WHERE $1 = ANY(cited_document_ids) ORDER BY created_at DESC`,
    [documentId],
  );
  return result.rows.map((row) => ({
    draftId: row.id,
    workingGroupId: row.working_group_id,
    memberStateId: row.member_state_id,
    requestedBy: row.requested_by,
    status: row.status,
    createdAt: row.created_at,
    postedAt: row.posted_at,
    invalidatedReason: row.invalidated_reason,
  }));
}

/**
 * Revocation reaches back: every stored answer and every summary draft that cited the document is
 * marked. Drafts not yet posted can then no longer be approved (review-summary.ts checks the mark,
 * and re-checks scope in SQL anyway). Already-marked rows keep their first reason. Call it in the
 * same transaction as the consent change.
 */
export async function invalidateCitationsOfDocument(
  db: Queryable,
  documentId: string,
  reason: string,
): Promise<{ answers: number; drafts: number }> {
  const answers = await db.query(
    `UPDATE audit_log SET invalidated_at = now(), invalidated_reason = $2
      WHERE $1 = ANY(cited_document_ids) AND invalidated_at IS NULL`,
    [documentId, reason],
  );
  const drafts = await db.query(
    `UPDATE summary_drafts SET invalidated_at = now(), invalidated_reason = $2, updated_at = now()
      WHERE $1 = ANY(cited_document_ids) AND invalidated_at IS NULL`,
    [documentId, reason],
  );
  return { answers: answers.rowCount, drafts: drafts.rowCount };
}

/** The audit row written when a summary draft was made (its `details.draftId`): what feedback on the posted summary is about. */
export async function findSummaryAuditId(db: Queryable, draftId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM audit_log WHERE kind = 'summary' AND details->>'draftId' = $1 ORDER BY id DESC LIMIT 1`,
    [draftId],
  );
  return rows[0] ? Number(rows[0].id) : undefined;
}
