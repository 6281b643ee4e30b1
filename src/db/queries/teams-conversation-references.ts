import type { Queryable } from '../database.js';

/**
 * Teams conversation references captured from incoming activities (install, conversationUpdate,
 * message). Proactive posts need one: it carries the service URL and tenant of the team.
 * `reference` is botbuilder's ConversationReference as JSON; typed loosely so db stays free of botbuilder.
 */
export interface StoredConversationReference {
  conversationId: string;
  tenantId: string | null;
  teamId: string | null;
  channelId: string | null;
  aadObjectId: string | null;
  reference: Record<string, unknown>;
  updatedAt: Date;
  /** Set when the Bot Connector refused the conversation with 403; such a reference is not used. */
  staleAt: Date | null;
}

interface Row {
  conversation_id: string;
  tenant_id: string | null;
  team_id: string | null;
  channel_id: string | null;
  aad_object_id: string | null;
  reference: Record<string, unknown> | string;
  updated_at: Date;
  stale_at?: Date | null;
}

const toReference = (row: Row): StoredConversationReference => ({
  conversationId: row.conversation_id,
  tenantId: row.tenant_id,
  teamId: row.team_id,
  channelId: row.channel_id,
  aadObjectId: row.aad_object_id,
  reference: typeof row.reference === 'string' ? (JSON.parse(row.reference) as Record<string, unknown>) : row.reference,
  updatedAt: row.updated_at instanceof Date ? row.updated_at : new Date(row.updated_at),
  staleAt: row.stale_at ? new Date(row.stale_at) : null,
});

export async function saveConversationReference(
  db: Queryable,
  ref: {
    conversationId: string;
    tenantId?: string | null;
    teamId?: string | null;
    channelId?: string | null;
    aadObjectId?: string | null;
    reference: object;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO teams_conversation_references (conversation_id, tenant_id, team_id, channel_id, aad_object_id, reference, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, now())
     ON CONFLICT (conversation_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, team_id = EXCLUDED.team_id, channel_id = EXCLUDED.channel_id,
       aad_object_id = EXCLUDED.aad_object_id, reference = EXCLUDED.reference, updated_at = now(),
       stale_at = NULL, stale_reason = NULL`,
    [
      ref.conversationId,
      ref.tenantId ?? null,
      ref.teamId ?? null,
      ref.channelId ?? null,
      ref.aadObjectId ?? null,
      JSON.stringify(ref.reference),
    ],
  );
}

/**
 * The best reference for posting into a team's channel: one captured in that channel, else any
 * reference from the same team (same service URL and tenant), newest first.
 */
export async function findTeamReference(
  db: Queryable,
  teamId: string,
  channelId: string,
): Promise<StoredConversationReference | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT * FROM teams_conversation_references
     WHERE (team_id = $1 OR channel_id = $2 OR conversation_id = $2) AND stale_at IS NULL
     ORDER BY COALESCE(channel_id = $2 OR conversation_id = $2, false) DESC, updated_at DESC LIMIT 1`,
    [teamId, channelId],
  );
  return rows[0] ? toReference(rows[0]) : undefined;
}

/** The reference of one conversation (stale or not), e.g. to post into it again. */
export async function findConversationReference(db: Queryable, conversationId: string): Promise<StoredConversationReference | undefined> {
  const { rows } = await db.query<Row>(`SELECT * FROM teams_conversation_references WHERE conversation_id = $1`, [conversationId]);
  return rows[0] ? toReference(rows[0]) : undefined;
}

/**
 * The user's usable 1:1 (personal) conversation with the bot in a tenant, newest first: where
 * private answers go. Group chats and channels the user spoke in are not personal.
 */
export async function findPersonalReference(
  db: Queryable,
  tenantId: string,
  aadObjectId: string,
): Promise<StoredConversationReference | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT * FROM teams_conversation_references
      WHERE COALESCE(tenant_id, '') = $1 AND lower(aad_object_id) = lower($2) AND stale_at IS NULL
        AND reference->'conversation'->>'conversationType' = 'personal'
      ORDER BY updated_at DESC LIMIT 1`,
    [tenantId, aadObjectId],
  );
  return rows[0] ? toReference(rows[0]) : undefined;
}

/** The Bot Connector answered 403 for this conversation: stop using the reference until the user speaks again. */
export async function markReferenceStale(db: Queryable, conversationId: string, reason: string): Promise<void> {
  await db.query(`UPDATE teams_conversation_references SET stale_at = now(), stale_reason = $2 WHERE conversation_id = $1`, [
    conversationId,
    reason.slice(0, 300),
  ]);
}

/** The channels of a team the bot has seen (a team-level membership change reaches every one of them). */
export async function listTeamChannelIds(db: Queryable, teamIds: readonly string[]): Promise<string[]> {
  const ids = teamIds.filter(Boolean);
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ channel_id: string }>(
    `SELECT DISTINCT channel_id FROM teams_conversation_references WHERE team_id = ANY($1::text[]) AND channel_id IS NOT NULL
     UNION
     SELECT DISTINCT teams_channel_id FROM channels WHERE teams_team_id = ANY($1::text[]) AND teams_channel_id IS NOT NULL`,
    [ids],
  );
  return rows.map((row) => row.channel_id);
}
