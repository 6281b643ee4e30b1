import { AppError } from '../../errors.js';
import type { MemberProfile, Platform, Role } from '../../core/types.js';
import type { Database, Queryable } from '../database.js';

/**
 * The directory as this module stores it, whatever file or system it came from (directory.yaml is
 * read and cross-checked by src/ingest/load-directory-file.ts, which maps it to this shape).
 */
export interface DirectoryImport {
  entities: { id: string; acronym: string; name: string; type: string }[];
  /** `names`: every form naming the State (src/ingest/member-state-name-forms.ts); without them, its name alone. */
  memberStates: { id: string; name: string; region: string | null; names?: readonly string[] }[];
  workingGroups: { id: string; name: string; shortName: string | null; channelRef: string | null }[];
  members: {
    id: string;
    name: string;
    entityId: string;
    title: string | null;
    email: string | null;
    /** Become exactly the member's memberships. */
    memberships: { workingGroupId: string; role: Role }[];
    /** Become exactly the member's chat identities; `workspaceId` null or '' matches any workspace. */
    identities: { platform: Platform; workspaceId: string | null; externalId: string }[];
  }[];
  channels: {
    id: string;
    purpose: string | null;
    workingGroupId: string | null;
    slack: { channelId: string; name: string | null } | null;
    teams: { teamId: string; channelId: string; name: string | null } | null;
  }[];
}

export interface DirectoryCounts {
  entities: number;
  workingGroups: number;
  memberStates: number;
  members: number;
  chatIdentities: number;
  channels: number;
}

/** The Member States that have no imported name forms (imported before migration 0125, or inserted directly). */
export async function memberStatesWithoutNames(db: Queryable): Promise<{ id: string; name: string }[]> {
  const result = await db.query<{ id: string; name: string }>(
    'SELECT s.id, s.name FROM member_states s WHERE NOT EXISTS (SELECT 1 FROM member_state_names n WHERE n.member_state_id = s.id) ORDER BY s.id',
  );
  return result.rows;
}

/** Stores the forms naming a Member State (names, then adjectives), replacing any it had. */
export async function storeMemberStateNames(db: Queryable, memberStateId: string, names: readonly string[]): Promise<void> {
  await db.query('DELETE FROM member_state_names WHERE member_state_id = $1', [memberStateId]);
  await db.query(
    `INSERT INTO member_state_names (member_state_id, name, position)
     SELECT $1, n.name, n.position FROM unnest($2::text[]) WITH ORDINALITY AS n(name, position) ON CONFLICT DO NOTHING`,
    [memberStateId, [...names]],
  );
}

/**
 * Upserts the whole directory in one transaction: what the file names is created or updated, a
 * member's memberships and chat identities become exactly those in the file. Re-importing the same
 * file changes nothing. Entries absent from the file are left alone (removing people is deliberate).
 */
export async function importDirectory(db: Database, data: DirectoryImport): Promise<DirectoryCounts> {
  return db.transaction(async (tx) => {
    for (const entity of data.entities) {
      await tx.query(
        `INSERT INTO entities (id, acronym, name, type) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET acronym = EXCLUDED.acronym, name = EXCLUDED.name, type = EXCLUDED.type`,
        [entity.id, entity.acronym, entity.name, entity.type],
      );
    }
    for (const state of data.memberStates) {
      await tx.query(
        `INSERT INTO member_states (id, name, region) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, region = EXCLUDED.region`,
        [state.id, state.name, state.region],
      );
      // Without forms (a directory not read by src/ingest), the composition root fills them in.
      if (state.names) await storeMemberStateNames(tx, state.id, state.names);
      else await tx.query('DELETE FROM member_state_names WHERE member_state_id = $1', [state.id]);
    }
    for (const group of data.workingGroups) {
      await tx.query(
        `INSERT INTO working_groups (id, name, short_name, channel_ref) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, short_name = EXCLUDED.short_name, channel_ref = EXCLUDED.channel_ref`,
        [group.id, group.name, group.shortName, group.channelRef],
      );
    }
    for (const member of data.members) {
      await tx.query(
        `INSERT INTO members (id, name, entity_id, title, email) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, entity_id = EXCLUDED.entity_id, title = EXCLUDED.title, email = EXCLUDED.email`,
        [member.id, member.name, member.entityId, member.title, member.email],
      );
      await tx.query('DELETE FROM memberships WHERE member_id = $1', [member.id]);
      for (const membership of member.memberships) {
        await tx.query('INSERT INTO memberships (member_id, working_group_id, role) VALUES ($1, $2, $3)', [
          member.id,
          membership.workingGroupId,
          membership.role,
        ]);
      }
      await tx.query('DELETE FROM chat_identities WHERE member_id = $1', [member.id]);
    }
    for (const member of data.members) {
      for (const identity of member.identities) {
        const workspace = identity.workspaceId ?? '';
        // Teams ids are AAD object ids, case-insensitive GUIDs: stored lower-case, as looked up.
        const external = identity.platform === 'teams' ? identity.externalId.toLowerCase() : identity.externalId;
        const taken = await tx.query<{ member_id: string }>(
          'SELECT member_id FROM chat_identities WHERE platform = $1 AND workspace_id = $2 AND external_id = $3',
          [identity.platform, workspace, external],
        );
        const holder = taken.rows[0]?.member_id;
        if (holder && holder !== member.id) {
          throw new AppError(
            'directory.invalid',
            `members (member ${member.id}), ${identity.platform} identity ${external} already belongs to ${holder} in the database (nothing was imported)`,
            { exitCode: 2 },
          );
        }
        await tx.query(
          'INSERT INTO chat_identities (platform, workspace_id, external_id, member_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [identity.platform, workspace, external, member.id],
        );
      }
    }
    for (const channel of data.channels) {
      await tx.query(
        `INSERT INTO channels (id, purpose, working_group_id, slack_channel_id, slack_name, teams_team_id, teams_channel_id, teams_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE SET purpose = EXCLUDED.purpose, working_group_id = EXCLUDED.working_group_id,
           slack_channel_id = EXCLUDED.slack_channel_id, slack_name = EXCLUDED.slack_name, teams_team_id = EXCLUDED.teams_team_id,
           teams_channel_id = EXCLUDED.teams_channel_id, teams_name = EXCLUDED.teams_name`,
        [
          channel.id,
          channel.purpose,
          channel.workingGroupId,
          channel.slack?.channelId ?? null,
          channel.slack?.name ?? null,
          channel.teams?.teamId ?? null,
          channel.teams?.channelId ?? null,
          channel.teams?.name ?? null,
        ],
      );
    }
    return countDirectory(tx);
  });
}

export async function countDirectory(db: Queryable): Promise<DirectoryCounts> {
  const result = await db.query<Record<string, number>>(`SELECT
    (SELECT count(*)::int FROM entities) AS entities,
    (SELECT count(*)::int FROM working_groups) AS working_groups,
    (SELECT count(*)::int FROM member_states) AS member_states,
    (SELECT count(*)::int FROM members) AS members,
    (SELECT count(*)::int FROM chat_identities) AS chat_identities,
    (SELECT count(*)::int FROM channels) AS channels`);
  const row = result.rows[0] ?? {};
  return {
    entities: row.entities ?? 0,
    workingGroups: row.working_groups ?? 0,
    memberStates: row.member_states ?? 0,
    members: row.members ?? 0,
    chatIdentities: row.chat_identities ?? 0,
    channels: row.channels ?? 0,
  };
}

export async function findMemberProfile(db: Queryable, memberId: string): Promise<MemberProfile | undefined> {
  const member = await db.query<{
    id: string;
    name: string;
    entity_id: string;
    acronym: string;
    title: string | null;
    email: string | null;
  }>(
    `SELECT m.id, m.name, m.entity_id, e.acronym, m.title, m.email
       FROM members m JOIN entities e ON e.id = m.entity_id WHERE m.id = $1`,
    [memberId],
  );
  const row = member.rows[0];
  if (!row) return undefined;
  const groups = await db.query<{ id: string; name: string; role: Role }>(
    `SELECT g.id, g.name, ms.role FROM memberships ms JOIN working_groups g ON g.id = ms.working_group_id
      WHERE ms.member_id = $1 ORDER BY g.id`,
    [memberId],
  );
  const identities = await db.query<{ platform: Platform; workspace_id: string; external_id: string }>(
    'SELECT platform, workspace_id, external_id FROM chat_identities WHERE member_id = $1 ORDER BY platform',
    [memberId],
  );
  return {
    id: row.id,
    name: row.name,
    entityId: row.entity_id,
    entityAcronym: row.acronym,
    title: row.title,
    email: row.email,
    workingGroups: groups.rows,
    identities: identities.rows.map((i) => ({ platform: i.platform, workspaceId: i.workspace_id, externalId: i.external_id })),
  };
}

/**
 * Maps a chat identity to a member. A workspace-specific row wins over a directory row that named
 * no workspace. Teams ids are compared lower-case (AAD object ids are case-insensitive GUIDs).
 */
export async function findMemberIdByIdentity(
  db: Queryable,
  platform: Platform,
  workspaceId: string,
  externalId: string,
): Promise<string | undefined> {
  const external = platform === 'teams' ? externalId.toLowerCase() : externalId;
  const result = await db.query<{ member_id: string }>(
    `SELECT member_id FROM chat_identities
      WHERE platform = $1 AND external_id = $2 AND workspace_id IN ($3, '')
      ORDER BY (workspace_id = '') LIMIT 1`,
    [platform, external, workspaceId],
  );
  return result.rows[0]?.member_id;
}

export interface MemberSummary {
  id: string;
  name: string;
  entityAcronym: string;
  workingGroups: { id: string; role: Role }[];
}

/** Every member with their groups, for pickers (the local playground). */
export async function listMembers(db: Queryable): Promise<MemberSummary[]> {
  const result = await db.query<{ id: string; name: string; acronym: string; groups: { id: string; role: Role }[] | null }>(
    `SELECT m.id, m.name, e.acronym,
            (SELECT json_agg(json_build_object('id', ms.working_group_id, 'role', ms.role) ORDER BY ms.working_group_id)
               FROM memberships ms WHERE ms.member_id = m.id) AS groups
       FROM members m JOIN entities e ON e.id = m.entity_id ORDER BY m.name`,
  );
  return result.rows.map((row) => ({ id: row.id, name: row.name, entityAcronym: row.acronym, workingGroups: row.groups ?? [] }));
}

export async function memberExists(db: Queryable, memberId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM members WHERE id = $1', [memberId])).rowCount > 0;
}

/** The ids the directory knows, for validating files that reference it (catalog audiences, reminder targets). */
export interface DirectoryIds {
  entities: ReadonlySet<string>;
  memberStates: ReadonlySet<string>;
  workingGroups: ReadonlySet<string>;
  slackChannels: ReadonlySet<string>;
  /** Teams channel id → its team id (null when the directory names no team). */
  teamsChannels: ReadonlyMap<string, string | null>;
}

export async function listDirectoryIds(db: Queryable): Promise<DirectoryIds> {
  const ids = async (sql: string) => new Set((await db.query<{ id: string }>(sql)).rows.map((row) => row.id));
  const teams = await db.query<{ channel_id: string; team_id: string | null }>(
    'SELECT teams_channel_id AS channel_id, teams_team_id AS team_id FROM channels WHERE teams_channel_id IS NOT NULL',
  );
  return {
    entities: await ids('SELECT id FROM entities'),
    memberStates: await ids('SELECT id FROM member_states'),
    workingGroups: await ids('SELECT id FROM working_groups'),
    slackChannels: await ids('SELECT slack_channel_id AS id FROM channels WHERE slack_channel_id IS NOT NULL'),
    teamsChannels: new Map(teams.rows.map((row) => [row.channel_id, row.team_id])),
  };
}
