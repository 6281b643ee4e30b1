import type { ScopeRequest } from '../../core/access/access-rule.js';
import type { Queryable } from '../database.js';
import { documentScopeSql, scopeParams } from './access-scope.js';

/**
 * How many documents a member may use, per Member State (App Home): counts only, from the same scope
 * SQL as retrieval, so no title the member may not see is ever read out.
 */
export async function countScopedDocumentsByMemberState(
  db: Queryable,
  request: ScopeRequest,
): Promise<{ memberStateId: string | null; memberStateName: string | null; documents: number }[]> {
  const { rows } = await db.query<{ member_state_id: string | null; name: string | null; documents: number }>(
    `SELECT d.member_state_id, st.name, count(*)::int AS documents
       FROM (${documentScopeSql('$1', '$2', '$3')}) scope
       JOIN documents d ON d.id = scope.document_id
       LEFT JOIN member_states st ON st.id = d.member_state_id
      GROUP BY d.member_state_id, st.name
      ORDER BY st.name NULLS LAST`,
    scopeParams(request),
  );
  return rows.map((row) => ({ memberStateId: row.member_state_id, memberStateName: row.name, documents: row.documents }));
}
