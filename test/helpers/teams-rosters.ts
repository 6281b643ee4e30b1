import type { RecordingServer } from './recording-server.js';

/**
 * The recording Bot Connector's members API: GET /v3/conversations/:id/pagedmembers answers from a
 * roster the test sets (paged by the caller's pageSize, continuationToken = next offset), or with
 * the HTTP status the test sets (403 when the bot may not read it, 429 throttled…).
 */

export interface TeamsMember {
  id: string;
  name?: string;
  aadObjectId?: string;
  tenantId?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
}

export interface TeamsRosters {
  set(conversationId: string, members: TeamsMember[]): void;
  fail(conversationId: string, status: number): void;
  /** How many member pages were asked for this conversation so far. */
  reads(conversationId: string): number;
}

export function serveTeamsRosters(server: RecordingServer): TeamsRosters {
  const rosters = new Map<string, TeamsMember[] | number>();
  const counts = new Map<string, number>();
  server.route('GET', /^\/v3\/conversations\/[^/]+\/pagedmembers$/, (request) => {
    const conversationId = decodeURIComponent(request.path.split('/')[3] ?? '');
    counts.set(conversationId, (counts.get(conversationId) ?? 0) + 1);
    const roster = rosters.get(conversationId);
    if (roster === undefined) return { status: 404, body: { error: { code: 'ConversationNotFound', message: 'no roster set' } } };
    if (typeof roster === 'number') return { status: roster, body: { error: { code: 'Forbidden', message: `injected ${roster}` } } };
    const size = Number(request.query.pageSize ?? 200) || 200;
    const offset = Number(request.query.continuationToken ?? 0) || 0;
    const next = offset + size < roster.length ? String(offset + size) : undefined;
    return { status: 200, body: { members: roster.slice(offset, offset + size), ...(next ? { continuationToken: next } : {}) } };
  });
  return {
    set: (conversationId, members) => rosters.set(conversationId, members),
    fail: (conversationId, status) => rosters.set(conversationId, status),
    reads: (conversationId) => counts.get(conversationId) ?? 0,
  };
}
