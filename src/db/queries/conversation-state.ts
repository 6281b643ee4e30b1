import type { ButtonGrant } from '../../core/conversation/conversation-store.js';
import type { ConversationAddress, Roster } from '../../core/conversation/roster-reader.js';
import type { Queryable } from '../database.js';

/** The roster of a room read less than `maxAgeMs` ago by any replica, or undefined. */
export async function findCachedRoster(db: Queryable, address: ConversationAddress, maxAgeMs: number): Promise<Roster | undefined> {
  const { rows } = await db.query<{ roster: Roster }>(
    `SELECT roster FROM room_rosters
      WHERE platform = $1 AND conversation_id = $2 AND read_at > now() - make_interval(secs => $3::double precision / 1000)`,
    [address.platform, address.conversationId, maxAgeMs],
  );
  return rows[0]?.roster;
}

export async function saveRoster(db: Queryable, address: ConversationAddress, roster: Roster): Promise<void> {
  await db.query(
    `INSERT INTO room_rosters (platform, conversation_id, roster) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (platform, conversation_id) DO UPDATE SET roster = EXCLUDED.roster, read_at = now()`,
    [address.platform, address.conversationId, JSON.stringify(roster)],
  );
}

export async function deleteRoster(db: Queryable, address: ConversationAddress): Promise<void> {
  await db.query('DELETE FROM room_rosters WHERE platform = $1 AND conversation_id = $2', [address.platform, address.conversationId]);
}

/** Stores a button's grant and returns its random token. */
export async function insertButtonToken(db: Queryable, grant: ButtonGrant): Promise<string> {
  const { rows } = await db.query<{ token: string }>('INSERT INTO button_tokens (grant_data) VALUES ($1::jsonb) RETURNING token', [
    JSON.stringify(grant),
  ]);
  return rows[0]!.token;
}

/** A token's grant and whether it is older than `maxAgeMs`, by the database's clock (one clock for every replica). */
export async function findButtonToken(
  db: Queryable,
  token: string,
  maxAgeMs: number,
): Promise<{ grant: ButtonGrant; expired: boolean } | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(token)) return undefined;
  const { rows } = await db.query<{ grant_data: ButtonGrant; expired: boolean }>(
    `SELECT grant_data, created_at < now() - make_interval(secs => $2::double precision / 1000) AS expired
       FROM button_tokens WHERE token = $1`,
    [token, maxAgeMs],
  );
  const row = rows[0];
  return row ? { grant: row.grant_data, expired: row.expired } : undefined;
}

/** Deletes tokens issued longer ago than `olderThanMs` (the scheduled sweep). */
export async function pruneButtonTokens(db: Queryable, olderThanMs: number): Promise<number> {
  const result = await db.query(`DELETE FROM button_tokens WHERE created_at < now() - make_interval(secs => $1::double precision / 1000)`, [
    olderThanMs,
  ]);
  return result.rowCount;
}

/** True the first time an answer is shared to a room. */
export async function claimRoomShare(db: Queryable, auditId: number, address: ConversationAddress): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO room_shares (audit_id, platform, conversation_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [auditId, address.platform, address.conversationId],
  );
  return result.rowCount > 0;
}

/** The post failed: the share may be tried again. */
export async function releaseRoomShare(db: Queryable, auditId: number, address: ConversationAddress): Promise<void> {
  await db.query('DELETE FROM room_shares WHERE audit_id = $1 AND platform = $2 AND conversation_id = $3', [
    auditId,
    address.platform,
    address.conversationId,
  ]);
}

/** The ids of a working group's members. */
export async function listWorkingGroupMemberIds(db: Queryable, workingGroupId: string): Promise<string[]> {
  const { rows } = await db.query<{ member_id: string }>(
    'SELECT member_id FROM memberships WHERE working_group_id = $1 ORDER BY member_id',
    [workingGroupId],
  );
  return rows.map((row) => row.member_id);
}
