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
 * The CTEs `asker` and `peers`: the member, and in a channel the group's members and the room's
 * readers (`readersParam`, member ids as text[]; NULL or empty when the room's roster plays no part),
 * each with the ids of their groups. Both MATERIALIZED: inlined, the asker's group list was re-read
 * for every document shared with groups; read once, the rule is a few array comparisons per document.
 */
export function contextMembersSql(memberParam: string, groupParam: string, readersParam: string): string {
  return `asker AS MATERIALIZED (${MEMBER_WITH_GROUPS} WHERE m.id = ${memberParam}::text),
         peers AS MATERIALIZED (
           SELECT p.*, p.id IN (SELECT g.member_id FROM memberships g WHERE g.working_group_id = ${groupParam}::text) AS in_group
             FROM (${MEMBER_WITH_GROUPS}
                    WHERE ${groupParam}::text IS NOT NULL
                      AND (m.id IN (SELECT g.member_id FROM memberships g WHERE g.working_group_id = ${groupParam}::text)
                           OR m.id = ANY(coalesce(${readersParam}::text[], '{}')))) p)`;
}

/**
 * The rule in a context, over `asker` and `peers`: the asker may see the document and, in a channel,
 * so may every member of the group and every reader of the room; a group with no members opens nothing.
 */
function maySeeInContext(groupParam: string, document: string, consent: string): string {
  return `${memberMaySee('asker', document, consent)}
       AND (${groupParam}::text IS NULL OR (
             EXISTS (SELECT 1 FROM peers WHERE peers.in_group)
         AND NOT EXISTS (SELECT 1 FROM peers peer WHERE NOT ${memberMaySee('peer', document, consent)})))`;
}

/** The rule over every document, inside a WITH that defines `asker` and `peers`. */
function everyDocumentInScopeSql(groupParam: string): string {
  return `SELECT d.id AS document_id, c.version AS consent_version, d.chunk_count
      FROM documents d
      LEFT JOIN consents c ON c.document_id = d.id
      CROSS JOIN asker
     WHERE ${maySeeInContext(groupParam, 'd', 'c')}`;
}

/**
 * A SELECT of (document_id, consent_version, chunk_count) for the documents usable by member
 * `memberParam` in working-group channel `groupParam` (NULL = a DM: the member's own visibility). In
 * a channel, a document must be visible to the asker AND to every member of the group AND to every
 * reader of the room (`readersParam`); a group with no members opens nothing. An unknown or NULL member matches no row, so the scope is empty. The
 * chunk count comes along for callers that weigh by it.
 */
export function documentScopeSql(memberParam: string, groupParam: string, readersParam: string): string {
  return `WITH ${contextMembersSql(memberParam, groupParam, readersParam)}
    ${everyDocumentInScopeSql(groupParam)}`;
}

/**
 * A SELECT of one row over the access classes (migration 0070), inside a WITH that defines `asker`
 * and `peers`: `chunks`, the number of chunks in the member's scope in this context (the sum over
 * the classes the rule admits: a class row carries exactly the owner and consent columns the rule
 * reads, so it is the same rule applied to it), and `documents`, the number of documents there are.
 */
export function scopeCountsSql(groupParam: string): string {
  return `SELECT coalesce((SELECT sum(k.chunks) FROM access_class_counts k CROSS JOIN asker
                            WHERE ${maySeeInContext(groupParam, 'k', 'k')}), 0)::float8 AS chunks,
            coalesce((SELECT sum(k.documents) FROM access_class_counts k), 0)::float8 AS documents`;
}

/**
 * The documents among `candidates` (a CTE with a document_id column: retrieval's documents holding
 * a question word) that are in scope, as documentScopeSql's columns, inside a WITH that defines
 * `asker` and `peers`. The rule is the same either way; `byKey`, an SQL boolean, chooses the work.
 * True: each candidate is found by key and tested (the LATERAL ... LIMIT 1, one row per key, keeps
 * the planner from turning the lookups into a scan: it cannot know how many candidates there will
 * be when they are computed in the same statement). False: one pass over every document, and the
 * scope is all of it, a superset (callers join their candidates to it); `candidates` is not read.
 */
export function scopeAmongSql(groupParam: string, candidates: string, byKey: string): string {
  return `SELECT x.document_id, x.consent_version, x.chunk_count
      FROM ${candidates} cand
      CROSS JOIN asker
      CROSS JOIN LATERAL (
        SELECT d.id AS document_id, c.version AS consent_version, d.chunk_count
          FROM documents d
          LEFT JOIN consents c ON c.document_id = d.id
         WHERE d.id = cand.document_id AND ${maySeeInContext(groupParam, 'd', 'c')}
         LIMIT 1) x
     WHERE ${byKey}
    UNION ALL
    SELECT * FROM (${everyDocumentInScopeSql(groupParam)}) every_document
     WHERE NOT ${byKey}`;
}

/** [member, working group, room readers] for the scope SQL's three parameters. */
export function scopeParams(request: ScopeRequest): [string | null, string | null, string[] | null] {
  const context = request.context;
  return context.kind === 'channel'
    ? [request.memberId, context.workingGroupId, context.readerIds ? [...context.readerIds] : null]
    : [request.memberId, null, null];
}

/** The ids of every document in scope, sorted: what `compact-bot access check` prints. */
export async function listScopedDocumentIds(db: Queryable, request: ScopeRequest): Promise<string[]> {
  const result = await db.query<{ document_id: string }>(
    `SELECT document_id FROM (${documentScopeSql('$1', '$2', '$3')}) scope ORDER BY document_id`,
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
       FROM (${documentScopeSql('$1', '$2', '$3')}) scope
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
