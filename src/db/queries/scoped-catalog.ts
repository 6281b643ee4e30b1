import type { ScopeRequest } from '../../core/access/access-rule.js';
import type { CatalogEntry } from '../../core/answering/catalog-questions.js';
import type { Queryable } from '../database.js';
import { documentScopeSql, scopeParams } from './access-scope.js';

interface CatalogRow {
  document_id: string;
  title: string;
  kind: string;
  member_state_id: string | null;
  member_state_name: string | null;
  document_date: string | null;
  owner_entity: string;
  consent_granted_on: string | null;
  language: string;
  classification: 'public' | 'internal' | 'restricted';
  consent_version: number | null;
}

/**
 * The catalog entries (metadata only) of the documents the member may use in this context, newest
 * first. Scope comes from the same access-scope SQL as passages, inside this statement: nothing out
 * of scope is ever read, so nothing out of scope can be listed.
 */
export async function listScopedCatalog(db: Queryable, request: ScopeRequest): Promise<CatalogEntry[]> {
  if (request.memberId === null) return [];
  const result = await db.query<CatalogRow>(
    `WITH scope AS (${documentScopeSql('$1', '$2', '$3')})
     SELECT d.id AS document_id, d.title, d.kind, d.member_state_id, st.name AS member_state_name,
            to_char(d.document_date, 'YYYY-MM-DD') AS document_date, coalesce(e.acronym, d.owner_entity_id) AS owner_entity,
            to_char(c.granted_on, 'YYYY-MM-DD') AS consent_granted_on, d.language, d.classification, scope.consent_version
       FROM scope
       JOIN documents d ON d.id = scope.document_id
       LEFT JOIN member_states st ON st.id = d.member_state_id
       LEFT JOIN entities e ON e.id = d.owner_entity_id
       LEFT JOIN consents c ON c.document_id = d.id
      ORDER BY d.document_date DESC NULLS LAST, d.id`,
    scopeParams(request),
  );
  return result.rows.map((row) => ({
    documentId: row.document_id,
    title: row.title,
    kind: row.kind,
    memberStateId: row.member_state_id,
    memberStateName: row.member_state_name,
    documentDate: row.document_date,
    ownerEntity: row.owner_entity,
    consentGrantedOn: row.consent_granted_on,
    language: row.language,
    classification: row.classification,
    consentVersion: row.consent_version,
  }));
}
