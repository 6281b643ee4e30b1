import { isLanguage, type Language } from '../../core/retrieval/retrieved-chunk.js';
import type { Queryable } from '../database.js';

/** The language the member last asked in with a language the detector was sure of, if any. */
export async function lastMemberLanguage(db: Queryable, memberId: string): Promise<Language | null> {
  const result = await db.query<{ language: string }>('SELECT language FROM member_languages WHERE member_id = $1', [memberId]);
  const language = result.rows[0]?.language;
  return language !== undefined && isLanguage(language) ? language : null;
}

/** Remembers the language a member asked in (only called when the detector was sure). */
export async function rememberMemberLanguage(db: Queryable, memberId: string, language: Language): Promise<void> {
  await db.query(
    `INSERT INTO member_languages (member_id, language) VALUES ($1, $2)
     ON CONFLICT (member_id) DO UPDATE SET language = EXCLUDED.language, updated_at = now()`,
    [memberId, language],
  );
}
