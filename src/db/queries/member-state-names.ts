import type { StateNamedRecord } from '../../core/retrieval/member-state-names.js';
import type { Queryable } from '../database.js';

/**
 * Every Member State of the directory with the forms naming it (public UN membership, not scoped):
 * to tell which States a question names when none of their documents is among the passages.
 */
export async function listMemberStateNames(db: Queryable): Promise<StateNamedRecord[]> {
  const rows = await db.query<{ name: string; forms: string[] | null }>(
    `SELECT s.name, (SELECT array_agg(n.name ORDER BY n.position) FROM member_state_names n WHERE n.member_state_id = s.id) AS forms
       FROM member_states s ORDER BY s.name`,
  );
  return rows.rows.map((row) => ({ memberStateName: row.name, memberStateNames: row.forms ?? null }));
}
