import type { Role } from '../../core/types.js';
import type { Queryable } from '../database.js';

export interface DirectoryOverview {
  members: {
    id: string;
    name: string;
    title: string | null;
    entityAcronym: string;
    entityName: string;
    workingGroups: { id: string; name: string; role: Role }[];
  }[];
  workingGroups: { id: string; name: string; shortName: string | null }[];
  memberStates: { id: string; name: string }[];
}

/** Everyone with their entity, groups and roles, plus the groups and Member States: the playground's pickers. */
export async function loadDirectoryOverview(db: Queryable): Promise<DirectoryOverview> {
  const members = await db.query<{
    id: string;
    name: string;
    title: string | null;
    acronym: string;
    entity_name: string;
    groups: { id: string; name: string; role: Role }[] | null;
  }>(
    `SELECT m.id, m.name, m.title, e.acronym, e.name AS entity_name,
            (SELECT json_agg(json_build_object('id', g.id, 'name', g.name, 'role', ms.role) ORDER BY g.id)
               FROM memberships ms JOIN working_groups g ON g.id = ms.working_group_id WHERE ms.member_id = m.id) AS groups
       FROM members m JOIN entities e ON e.id = m.entity_id ORDER BY m.name`,
  );
  const groups = await db.query<{ id: string; name: string; short_name: string | null }>(
    'SELECT id, name, short_name FROM working_groups ORDER BY id',
  );
  const states = await db.query<{ id: string; name: string }>('SELECT id, name FROM member_states ORDER BY name');
  return {
    members: members.rows.map((row) => ({
      id: row.id,
      name: row.name,
      title: row.title,
      entityAcronym: row.acronym,
      entityName: row.entity_name,
      workingGroups: row.groups ?? [],
    })),
    workingGroups: groups.rows.map((row) => ({ id: row.id, name: row.name, shortName: row.short_name })),
    memberStates: states.rows,
  };
}

export async function workingGroupExists(db: Queryable, workingGroupId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM working_groups WHERE id = $1', [workingGroupId])).rowCount > 0;
}
