import type { Audience, ConsentHistoryEntry, ConsentState, ConsentStatus } from '../../core/access/access-rule.js';
import type { Queryable } from '../database.js';

type AudienceKind = Audience['kind'];

function audienceColumns(audience: Audience): { kind: AudienceKind; ids: string[] } {
  return audience.kind === 'entities' || audience.kind === 'groups'
    ? { kind: audience.kind, ids: [...audience.ids].sort() }
    : { kind: audience.kind, ids: [] };
}

export function audienceFromColumns(kind: string, ids: string[] | null): Audience {
  if (kind === 'compact') return { kind: 'compact' };
  if (kind === 'entities') return { kind: 'entities', ids: ids ?? [] };
  if (kind === 'groups') return { kind: 'groups', ids: ids ?? [] };
  return { kind: 'none' };
}

export function sameAudience(a: Audience, b: Audience): boolean {
  const x = audienceColumns(a);
  const y = audienceColumns(b);
  return x.kind === y.kind && x.ids.join(',') === y.ids.join(',');
}

interface ConsentRow {
  document_id: string;
  status: ConsentStatus;
  audience_kind: string;
  audience_ids: string[];
  version: number;
  granted_on: string | null;
  revoked_on: string | null;
  changed_by: string;
  changed_at: Date;
}

export async function findConsent(db: Queryable, documentId: string): Promise<ConsentState | undefined> {
  const result = await db.query<ConsentRow>('SELECT * FROM consents WHERE document_id = $1', [documentId]);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    documentId: row.document_id,
    status: row.status,
    audience: audienceFromColumns(row.audience_kind, row.audience_ids),
    version: row.version,
    grantedOn: row.granted_on,
    revokedOn: row.revoked_on,
    changedBy: row.changed_by,
    changedAt: row.changed_at,
  };
}

export interface ConsentChange {
  status: ConsentStatus;
  audience: Audience;
  actor: string;
  reason?: string | null;
  grantedOn?: string | null;
  revokedOn?: string | null;
}

/**
 * Sets a document's consent and appends the change to its history, as one version. Run it inside a
 * transaction (the history row and the current row must agree). The next retrieval sees it: scope
 * is read from this table inside every query, nothing is cached.
 */
export async function applyConsentChange(tx: Queryable, documentId: string, change: ConsentChange): Promise<ConsentState> {
  // The document's row before its consent's, the order ingestion takes them in: the access class
  // counts' triggers (migration 0070) read the document from a consent change, so a consent change
  // and a re-ingest of the same document then wait for each other instead of deadlocking.
  await tx.query('SELECT 1 FROM documents WHERE id = $1 FOR SHARE', [documentId]);
  const current = await tx.query<{ version: number }>('SELECT version FROM consents WHERE document_id = $1 FOR UPDATE', [documentId]);
  const history = await tx.query<{ version: number }>(
    'SELECT coalesce(max(version), 0)::int AS version FROM consent_history WHERE document_id = $1',
    [documentId],
  );
  const version = Math.max(current.rows[0]?.version ?? 0, history.rows[0]?.version ?? 0) + 1;
  const audience = audienceColumns(change.audience);
  await tx.query(
    `INSERT INTO consents (document_id, status, audience_kind, audience_ids, version, granted_on, revoked_on, changed_by, changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
     ON CONFLICT (document_id) DO UPDATE SET status = EXCLUDED.status, audience_kind = EXCLUDED.audience_kind,
       audience_ids = EXCLUDED.audience_ids, version = EXCLUDED.version, granted_on = EXCLUDED.granted_on,
       revoked_on = EXCLUDED.revoked_on, changed_by = EXCLUDED.changed_by, changed_at = now()`,
    [documentId, change.status, audience.kind, audience.ids, version, change.grantedOn ?? null, change.revokedOn ?? null, change.actor],
  );
  await tx.query(
    `INSERT INTO consent_history (document_id, version, status, audience_kind, audience_ids, actor, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [documentId, version, change.status, audience.kind, audience.ids, change.actor, change.reason ?? null],
  );
  const state = await findConsent(tx, documentId);
  if (!state) throw new Error(`consent for ${documentId} vanished inside its own transaction`);
  return state;
}

export async function listConsentHistory(db: Queryable, documentId: string): Promise<ConsentHistoryEntry[]> {
  const result = await db.query<{
    version: number;
    status: ConsentStatus;
    audience_kind: string;
    audience_ids: string[];
    actor: string;
    reason: string | null;
    changed_at: Date;
  }>(
    'SELECT version, status, audience_kind, audience_ids, actor, reason, changed_at FROM consent_history WHERE document_id = $1 ORDER BY version',
    [documentId],
  );
  return result.rows.map((row) => ({
    version: row.version,
    status: row.status,
    audience: audienceFromColumns(row.audience_kind, row.audience_ids),
    actor: row.actor,
    reason: row.reason,
    changedAt: row.changed_at,
  }));
}

/** The consent the catalog last set (history rows by actor 'catalog'), to tell a changed catalog from an unchanged one. */
export async function findLastCatalogConsent(
  db: Queryable,
  documentId: string,
): Promise<{ status: ConsentStatus; audience: Audience } | undefined> {
  const result = await db.query<{ status: ConsentStatus; audience_kind: string; audience_ids: string[] }>(
    `SELECT status, audience_kind, audience_ids FROM consent_history WHERE document_id = $1 AND actor = 'catalog' ORDER BY version DESC LIMIT 1`,
    [documentId],
  );
  const row = result.rows[0];
  return row ? { status: row.status, audience: audienceFromColumns(row.audience_kind, row.audience_ids) } : undefined;
}
