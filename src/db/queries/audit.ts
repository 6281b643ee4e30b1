import type { AuditRecord } from '../../core/audit/audit-record.js';
import type { Queryable } from '../database.js';

/** Writes one audit row (answers, drafts, refusals). Never document text beyond the reply itself. */
export async function recordAudit(db: Queryable, record: AuditRecord): Promise<number> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO audit_log (kind, member_id, platform, context, question, chunk_ids, document_ids, cited_document_ids,
                            consent_versions, answer_text, model, prompt_version, latency_ms, details, outcome)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14::jsonb, $15)
     RETURNING id`,
    [
      record.kind,
      record.memberId,
      record.platform,
      record.context,
      record.question,
      record.chunkIds,
      record.documentIds,
      record.citedDocumentIds,
      JSON.stringify(record.consentVersions),
      record.answerText,
      record.model,
      record.promptVersion,
      Math.max(0, Math.round(record.latencyMs)),
      JSON.stringify(record.details ?? {}),
      record.outcome ?? 'completed',
    ],
  );
  return result.rows[0]?.id ?? 0;
}
