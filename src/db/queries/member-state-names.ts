import type { Queryable } from '../database.js';

/** Every Member State name in the directory (public UN membership, not scoped): to tell which States a question names. */
export async function listMemberStateNames(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>('SELECT name FROM member_states ORDER BY name');
  return rows.rows.map((row) => row.name);
}
