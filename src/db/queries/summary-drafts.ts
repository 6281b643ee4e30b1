import { PASSAGE_COLUMNS, toCitablePassage, type PassageRow } from './passage-rows.js';
import { recordAudit } from './audit.js';
import type { Role } from '../../core/types.js';
import type { CitablePassage } from '../../core/answering/format-passages.js';
import type { NewSummaryDraft, SummaryCitation, SummaryDeps } from '../../core/summaries/request-summary.js';
import type { DraftStatus, ReviewDeps, StoredSummaryDraft } from '../../core/summaries/review-summary.js';
import type { Database, Queryable } from '../database.js';
import { documentScopeSql } from './access-scope.js';

/** The member's role in a working group, or null (unknown member or group, or not a member). */
export async function memberRoleIn(db: Queryable, memberId: string, workingGroupId: string): Promise<Role | null> {
  const result = await db.query<{ role: Role }>('SELECT role FROM memberships WHERE member_id = $1 AND working_group_id = $2', [
    memberId,
    workingGroupId,
  ]);
  return result.rows[0]?.role ?? null;
}

/**
 * Every chunk of the documents about one Member State that are usable in the working group's
 * channel, in reading order. The channel scope is computed in this same statement.
 */
export async function loadChannelPassagesForState(
  db: Queryable,
  request: { memberId: string; workingGroupId: string; memberStateId: string },
): Promise<CitablePassage[]> {
  const result = await db.query<PassageRow>(
    `WITH scope AS (${documentScopeSql('$1', '$2', '$4')})
     SELECT ${PASSAGE_COLUMNS}
       FROM scope
       JOIN documents d ON d.id = scope.document_id
       JOIN chunks c ON c.document_id = d.id
      WHERE d.member_state_id = $3
      ORDER BY CASE d.kind WHEN 'consultation_notes' THEN 0 WHEN 'assessment_report' THEN 1 WHEN 'ta_needs' THEN 2
                           WHEN 'recommendations' THEN 3 WHEN 'roadmap' THEN 4 ELSE 5 END,
               d.document_date DESC NULLS LAST, d.id, c.ordinal`,
    [request.memberId, request.workingGroupId, request.memberStateId, null],
  );
  return result.rows.map(toCitablePassage);
}

export async function summaryNames(
  db: Queryable,
  workingGroupId: string,
  memberStateId: string,
): Promise<{ workingGroup: string; memberState: string }> {
  const result = await db.query<{ wg: string | null; state: string | null }>(
    `SELECT (SELECT coalesce(short_name, name) FROM working_groups WHERE id = $1) AS wg,
            (SELECT name FROM member_states WHERE id = $2) AS state`,
    [workingGroupId, memberStateId],
  );
  const row = result.rows[0];
  return { workingGroup: row?.wg ?? workingGroupId, memberState: row?.state ?? memberStateId };
}

/** Stores a new version of the (group, Member State) draft series; ids read like `sum-wg-border-valdoria-v2`. */
export async function insertSummaryDraft(db: Database, draft: NewSummaryDraft): Promise<{ draftId: string; version: number }> {
  return db.transaction(async (tx) => {
    // Serialise versions per series on PostgreSQL (PGlite serialises transactions anyway).
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`summary:${draft.workingGroupId}:${draft.memberStateId}`]);
    const current = await tx.query<{ version: number }>(
      'SELECT coalesce(max(version), 0)::int AS version FROM summary_drafts WHERE working_group_id = $1 AND member_state_id = $2',
      [draft.workingGroupId, draft.memberStateId],
    );
    const version = (current.rows[0]?.version ?? 0) + 1;
    const draftId = `sum-${draft.workingGroupId}-${draft.memberStateId}-v${version}`;
    await tx.query(
      `INSERT INTO summary_drafts (id, working_group_id, member_state_id, requested_by, version, status, text, citations,
         cited_document_ids, consent_versions, model, prompt_version, language, chunk_ids)
       VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7::jsonb, $8, $9::jsonb, $10, $11, $12, $13)`,
      [
        draftId,
        draft.workingGroupId,
        draft.memberStateId,
        draft.requestedBy,
        version,
        draft.text,
        JSON.stringify(draft.citations),
        draft.citedDocumentIds,
        JSON.stringify(draft.consentVersions),
        draft.model,
        draft.promptVersion,
        draft.language,
        draft.chunkIds,
      ],
    );
    return { draftId, version };
  });
}

interface DraftRow {
  id: string;
  working_group_id: string;
  member_state_id: string;
  requested_by: string;
  version: number;
  status: DraftStatus;
  text: string;
  citations: SummaryCitation[];
  cited_document_ids: string[];
  consent_versions: Record<string, number | null>;
  model: string | null;
  prompt_version: string | null;
  language: string;
  invalidated_at: Date | null;
  invalidated_reason: string | null;
  reviewed_by: string | null;
  created_at: Date;
  approved_at: Date | null;
  posted_at: Date | null;
  discarded_at: Date | null;
}

function toDraft(row: DraftRow): StoredSummaryDraft {
  return {
    draftId: row.id,
    workingGroupId: row.working_group_id,
    memberStateId: row.member_state_id,
    requestedBy: row.requested_by,
    version: row.version,
    status: row.status,
    text: row.text,
    citations: row.citations,
    citedDocumentIds: row.cited_document_ids,
    consentVersions: row.consent_versions,
    model: row.model,
    promptVersion: row.prompt_version,
    language: row.language,
    invalidatedAt: row.invalidated_at,
    invalidatedReason: row.invalidated_reason,
    reviewedBy: row.reviewed_by,
    createdAt: row.created_at,
    approvedAt: row.approved_at,
    postedAt: row.posted_at,
    discardedAt: row.discarded_at,
  };
}

export async function findSummaryDraft(db: Queryable, draftId: string): Promise<StoredSummaryDraft | undefined> {
  const result = await db.query<DraftRow>('SELECT * FROM summary_drafts WHERE id = $1', [draftId]);
  const row = result.rows[0];
  return row ? toDraft(row) : undefined;
}

/** Cited documents no longer in the group's channel scope, evaluated now, in SQL. */
export async function citedDocumentsOutOfScope(
  db: Queryable,
  draft: Pick<StoredSummaryDraft, 'requestedBy' | 'workingGroupId' | 'citedDocumentIds'>,
): Promise<string[]> {
  const result = await db.query<{ document_id: string }>(
    `SELECT cited.document_id FROM unnest($3::text[]) AS cited(document_id)
      WHERE NOT EXISTS (SELECT 1 FROM (${documentScopeSql('$1', '$2', '$4')}) scope WHERE scope.document_id = cited.document_id)
      ORDER BY cited.document_id`,
    [draft.requestedBy, draft.workingGroupId, draft.citedDocumentIds, null],
  );
  return result.rows.map((row) => row.document_id);
}

const STATUS_TIME: Record<DraftStatus, string | null> = {
  draft: null,
  approved: 'approved_at',
  posted: 'posted_at',
  discarded: 'discarded_at',
};

export async function transitionSummaryDraft(
  db: Queryable,
  draftId: string,
  from: DraftStatus,
  to: DraftStatus,
  reviewedBy: string,
  postedRef: string | null = null,
): Promise<boolean> {
  const column = STATUS_TIME[to];
  const result = await db.query(
    `UPDATE summary_drafts SET status = $3, reviewed_by = $4, updated_at = now()${column ? `, ${column} = now()` : ''},
            posted_ref = coalesce($5, posted_ref)
      WHERE id = $1 AND status = $2`,
    [draftId, from, to, reviewedBy, postedRef],
  );
  return result.rowCount === 1;
}

export async function invalidateSummaryDraft(db: Queryable, draftId: string, reason: string): Promise<void> {
  await db.query(
    'UPDATE summary_drafts SET invalidated_at = coalesce(invalidated_at, now()), invalidated_reason = coalesce(invalidated_reason, $2), updated_at = now() WHERE id = $1',
    [draftId, reason],
  );
}

/** The storage half of requestSummary and of the review functions, over one database. */
export function summaryStore(db: Database): Omit<SummaryDeps, 'model' | 'prompts' | 'log' | 'now'> & ReviewDeps {
  return {
    roleOf: (memberId, workingGroupId) => memberRoleIn(db, memberId, workingGroupId),
    loadChannelPassages: (request) => loadChannelPassagesForState(db, request),
    names: (workingGroupId, memberStateId) => summaryNames(db, workingGroupId, memberStateId),
    saveDraft: (draft) => insertSummaryDraft(db, draft),
    audit: async (entry) => {
      await recordAudit(db, entry);
    },
    findDraft: (draftId) => findSummaryDraft(db, draftId),
    citedDocumentsOutOfScope: (draft) => citedDocumentsOutOfScope(db, draft),
    transition: (draftId, from, to, reviewedBy, postedRef) => transitionSummaryDraft(db, draftId, from, to, reviewedBy, postedRef ?? null),
    invalidate: (draftId, reason) => invalidateSummaryDraft(db, draftId, reason),
  };
}
