import type { ScopeRequest } from '../../core/access/access-rule.js';
import type { Queryable } from '../database.js';

/**
 * The access rule in SQL, used inside every query that reads document content (retrieval, access
 * check, summaries), so scope and ranking happen in one statement and nothing is filtered in
 * JavaScript. See src/core/access/access-rule.ts for the rule in words.
 *
 * COALESCE(…, false) matters: a document without a consent row makes the consent tests NULL, and a
 * NULL inside `NOT (…)` would silently count as "may see" in the channel test.
 */
function memberMaySee(member: string, document: string, consent: string): string {
  return `COALESCE((
      ${document}.owner_entity_id = ${member}.entity_id
      OR (${consent}.status = 'granted' AND (
            ${consent}.audience_kind = 'compact'
         OR (${consent}.audience_kind = 'entities' AND ${member}.entity_id = ANY(${consent}.audience_ids))
         OR (${consent}.audience_kind = 'groups' AND ${member}.group_ids && ${consent}.audience_ids)))
    ), false)`;
}

/** A member row with the ids of all its working groups as an array (any role). */
const MEMBER_WITH_GROUPS = `SELECT m.id, m.entity_id,
         ARRAY(SELECT ms.working_group_id FROM memberships ms WHERE ms.member_id = m.id) AS group_ids
    FROM members m`;

/**
 * A SELECT of (document_id, consent_version, chunk_count) for the documents usable by member
 * `memberParam` in working-group channel `groupParam` (NULL = a DM: the member's own visibility). In
 * a channel, a document must be visible to the asker AND to every member of the group; a group with
 * no members opens nothing. An unknown or NULL member matches no row, so the scope is empty.
 *
 * The asker's and the group's members' groups are read once (both MATERIALIZED: inlined, the
 * asker's group list was re-read for every document shared with groups), so the test is a few
 * array comparisons per document rather than a subquery per document and member. The chunk count
 * comes along for retrieval's word weights, which would otherwise read the documents again.
 */
export function documentScopeSql(memberParam: string, groupParam: string): string {
  return `WITH asker AS MATERIALIZED (${MEMBER_WITH_GROUPS} WHERE m.id = ${memberParam}::text),
         peers AS MATERIALIZED (${MEMBER_WITH_GROUPS} JOIN memberships g ON g.member_id = m.id WHERE g.working_group_id = ${groupParam}::text)
    SELECT d.id AS document_id, c.version AS consent_version, d.chunk_count
      FROM documents d
      LEFT JOIN consents c ON c.document_id = d.id
      CROSS JOIN asker
     WHERE ${memberMaySee('asker', 'd', 'c')}
       AND (${groupParam}::text IS NULL OR (
             EXISTS (SELECT 1 FROM peers)
         AND NOT EXISTS (SELECT 1 FROM peers peer WHERE NOT ${memberMaySee('peer', 'd', 'c')})))`;
}

export function scopeParams(request: ScopeRequest): [string | null, string | null] {
  return [request.memberId, request.context.kind === 'channel' ? request.context.workingGroupId : null];
}

/** The ids of every document in scope, sorted: what `compact-bot access check` prints. */
export async function listScopedDocumentIds(db: Queryable, request: ScopeRequest): Promise<string[]> {
  const result = await db.query<{ document_id: string }>(
    `SELECT document_id FROM (${documentScopeSql('$1', '$2')}) scope ORDER BY document_id`,
    scopeParams(request),
  );
  return result.rows.map((row) => row.document_id);
}

export interface ScopedDocument {
  documentId: string;
  title: string;
  kind: string;
  language: string;
  memberStateId: string | null;
  memberStateName: string | null;
  ownerEntityId: string;
  /** granted, pending, withheld, revoked (the last three: visible only because the member's entity owns it). */
  consentStatus: string | null;
}

/** The documents in scope with what a person needs to recognise them: the same scope as `access check`. */
export async function listScopedDocuments(db: Queryable, request: ScopeRequest): Promise<ScopedDocument[]> {
  const result = await db.query<{
    id: string;
    title: string;
    kind: string;
    language: string;
    member_state_id: string | null;
    member_state_name: string | null;
    owner_entity_id: string;
    consent_status: string | null;
  }>(
    `SELECT d.id, d.title, d.kind, d.language, d.member_state_id, ms.name AS member_state_name, d.owner_entity_id,
            c.status AS consent_status
       FROM (${documentScopeSql('$1', '$2')}) scope
       JOIN documents d ON d.id = scope.document_id
       LEFT JOIN consents c ON c.document_id = d.id
       LEFT JOIN member_states ms ON ms.id = d.member_state_id
      ORDER BY ms.name NULLS LAST, d.id`,
    scopeParams(request),
  );
  return result.rows.map((row) => ({
    documentId: row.id,
    title: row.title,
    kind: row.kind,
    language: row.language,
    memberStateId: row.member_state_id,
    memberStateName: row.member_state_name,
    ownerEntityId: row.owner_entity_id,
    consentStatus: row.consent_status,
  }));
}
