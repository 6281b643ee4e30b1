/**
 * The access rule, as types. The rule itself is evaluated only in SQL (src/db/queries/access-scope.ts),
 * inside the query that ranks chunks, so no code path can fetch a document and "forget" to filter it.
 *
 * A member may see a document iff
 *   (a) the member's entity is the document's owner entity, or
 *   (b) consent is `granted` and its audience is the whole Compact, names the member's entity, or names a
 *       working group the member belongs to (any role).
 * In a working group's channel, a document is usable only if EVERY member of that group may see it
 * (and the asker may see it too). Unknown identities see nothing.
 */
import type { AskContext } from '../types.js';

export const CONSENT_STATUSES = ['granted', 'withheld', 'pending', 'revoked'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** Whom a granted consent opens a document to. For other statuses the audience is informational only. */
export type Audience = { kind: 'compact' } | { kind: 'entities'; ids: string[] } | { kind: 'groups'; ids: string[] } | { kind: 'none' };

export interface ConsentState {
  documentId: string;
  status: ConsentStatus;
  audience: Audience;
  /** Increases by one with every change; answers record the version they relied on. */
  version: number;
  grantedOn: string | null;
  revokedOn: string | null;
  changedBy: string;
  changedAt: Date;
}

export interface ConsentHistoryEntry {
  version: number;
  status: ConsentStatus;
  audience: Audience;
  actor: string;
  reason: string | null;
  changedAt: Date;
}

/** The documents a member may use in one context: their own visibility (dm) or a group channel's. */
export interface ScopeRequest {
  /** null for an unknown identity: the scope is empty. */
  memberId: string | null;
  context: AskContext;
}

/**
 * Parses the CLI form of an audience: `compact`, `entities:CTED,UNODC` or `groups:wg-border,wg-justice`
 * (`working_groups:` is accepted as a synonym). Returns undefined when the text is not one of these.
 */
export function parseAudience(spec: string): Audience | undefined {
  const text = spec.trim();
  if (text.toLowerCase() === 'compact') return { kind: 'compact' };
  const match = /^(entities|groups|working_groups|working-groups):(.+)$/i.exec(text);
  if (!match || match[1] === undefined || match[2] === undefined) return undefined;
  const ids = [
    ...new Set(
      match[2]
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id.length > 0),
    ),
  ];
  if (ids.length === 0) return undefined;
  return match[1].toLowerCase() === 'entities' ? { kind: 'entities', ids } : { kind: 'groups', ids };
}

export function formatAudience(audience: Audience): string {
  switch (audience.kind) {
    case 'compact':
      return 'compact';
    case 'entities':
      return `entities:${audience.ids.join(',')}`;
    case 'groups':
      return `groups:${audience.ids.join(',')}`;
    case 'none':
      return 'none';
  }
}
