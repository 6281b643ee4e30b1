/**
 * One row of the audit trail: every answer, draft and refusal writes one (design rule 5): who,
 * where, what was asked, which chunks were retrieved and which documents cited, under which consent
 * versions, by which model and prompt, how long it took. Never document text beyond the reply itself.
 */
export interface AuditRecord {
  kind: 'answer' | 'summary' | 'refusal' | 'access_denied';
  memberId: string | null;
  platform: string;
  context: string;
  question: string;
  chunkIds: number[];
  documentIds: string[];
  citedDocumentIds: string[];
  /** { documentId: consent version } for every retrieved document (null: no consent row). */
  consentVersions: Record<string, number | null>;
  answerText: string | null;
  model: string | null;
  promptVersion: string | null;
  latencyMs: number;
  /** 'stopped': the member stopped the answer while it was being written. Default 'completed'. */
  outcome?: 'completed' | 'stopped';
  details?: Record<string, unknown>;
}
