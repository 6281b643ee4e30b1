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
function memberMaySee(member: string, document: string, consent: string, membership: string): string {
  return `COALESCE((
      ${document}.owner_entity_id = ${member}.entity_id
      OR (${consent}.status = 'granted' AND (
            ${consent}.audience_kind = 'compact'
         OR (${consent}.audience_kind = 'entities' AND ${member}.entity_id = ANY(${consent}.audience_ids))
         OR (${consent}.audience_kind = 'groups' AND EXISTS (
               SELECT 1 FROM memberships ${membership}
                WHERE ${membership}.member_id = ${member}.id AND ${membership}.working_group_id = ANY(${consent}.audience_ids)))))
    ), false)`;
}

/**
 * A SELECT of (document_id, consent_version) for the documents usable by member `memberParam` in
 * working-group channel `groupParam` (NULL = a DM: the member's own visibility). In a channel, a
 * document must be visible to the asker AND to every member of the group; a group with no members
 * opens nothing. An unknown or NULL member matches no row, so the scope is empty.
 */
export function documentScopeSql(memberParam: string, groupParam: string): string {
  return `SELECT d.id AS document_id, c.version AS consent_version
      FROM documents d
      LEFT JOIN consents c ON c.document_id = d.id
      JOIN members asker ON asker.id = ${memberParam}
     WHERE ${memberMaySee('asker', 'd', 'c', 'asker_ms')}
       AND (${groupParam}::text IS NULL OR (
             EXISTS (SELECT 1 FROM memberships any_ms WHERE any_ms.working_group_id = ${groupParam}::text)
         AND NOT EXISTS (
               SELECT 1 FROM memberships peer_ms JOIN members peer ON peer.id = peer_ms.member_id
                WHERE peer_ms.working_group_id = ${groupParam}::text
                  AND NOT ${memberMaySee('peer', 'd', 'c', 'peer_group_ms')})))`;
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
