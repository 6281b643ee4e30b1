import { z } from 'zod';
import type { DirectoryImport } from '../db/queries/directory.js';
import { AppError } from '../errors.js';
import { describeIssue, readYamlFile, type YamlFile } from './read-yaml-file.js';
import { memberStateNameForms } from './member-state-name-forms.js';

/** The format of directory.yaml (see shared corpus README): validated shape, then cross-references. */
const id = z.string().trim().min(1, 'must not be empty');
const nullableString = z
  .string()
  .nullish()
  .transform((value) => value ?? null);

const directorySchema = z.object({
  version: z.number().optional(),
  entities: z.array(z.object({ id, acronym: z.string().min(1), name: z.string().min(1), type: z.string().min(1) })),
  working_groups: z.array(
    z.object({
      id,
      name: z.string().min(1),
      short_name: nullableString,
      chair: id.nullish(),
      co_chairs: z
        .array(id)
        .nullish()
        .transform((value) => value ?? []),
      channel: nullableString,
    }),
  ),
  member_states: z.array(z.object({ id, name: z.string().min(1), region: nullableString })).default([]),
  members: z.array(
    z.object({
      id,
      name: z.string().min(1),
      entity: id,
      title: nullableString,
      email: nullableString,
      working_groups: z
        .array(z.object({ wg: id, role: z.enum(['chair', 'co-chair', 'member']) }))
        .nullish()
        .transform((value) => value ?? []),
      chat: z
        .object({
          slack: z
            .string()
            .regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U0123ABCD')
            .nullish(),
          teams: z
            .string()
            .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be an Azure AD object id (a GUID)')
            .nullish(),
          slack_team: z.string().nullish(),
          teams_tenant: z.string().nullish(),
        })
        .nullish(),
    }),
  ),
  channels: z
    .array(
      z.object({
        id,
        purpose: nullableString,
        working_group: id.nullish(),
        slack: z.object({ channel_id: id, name: nullableString }).nullish(),
        teams: z.object({ team_id: id, channel_id: id, name: nullableString }).nullish(),
      }),
    )
    .default([]),
});

/** directory.yaml as written (snake_case, the file's own nesting). */
type DirectoryFile = z.infer<typeof directorySchema>;

const SECTION_KEYS: Record<string, string> = {
  entities: 'entity',
  working_groups: 'working group',
  member_states: 'Member State',
  members: 'member',
  channels: 'channel',
};

function entryLabel(raw: unknown, issuePath: (string | number)[]): string {
  const [section, index, ...rest] = issuePath;
  if (typeof section !== 'string') return 'file';
  if (typeof index !== 'number') return section;
  const entries = (raw as Record<string, unknown> | null)?.[section];
  const entry = Array.isArray(entries) ? (entries[index] as { id?: unknown } | undefined) : undefined;
  const name = typeof entry?.id === 'string' ? ` ${entry.id}` : '';
  const field = rest.length > 0 ? `, field ${rest.join('.')}` : '';
  return `${section}[${index}] (${SECTION_KEYS[section] ?? 'entry'}${name})${field}`;
}

/** Reads directory.yaml; any problem is an input error listing every entry and field at fault. */
export function loadDirectoryFile(filePath: string): DirectoryImport {
  const file = readYamlFile(filePath);
  return parseDirectory(file);
}

export function parseDirectory(file: YamlFile): DirectoryImport {
  const problems: string[] = [];
  const report = (issuePath: (string | number)[], message: string) =>
    problems.push(describeIssue(file, issuePath, message, (p) => entryLabel(file.data, p)));

  const parsed = directorySchema.safeParse(file.data ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) report(issue.path as (string | number)[], issue.message);
    throw directoryError(file, problems);
  }
  const data = parsed.data;

  const duplicates = (section: keyof typeof SECTION_KEYS, items: { id: string }[]) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.id)) report([section, index, 'id'], `duplicate id '${item.id}'`);
      seen.add(item.id);
    });
    return seen;
  };
  const entities = duplicates('entities', data.entities);
  const groups = duplicates('working_groups', data.working_groups);
  duplicates('member_states', data.member_states);
  const members = duplicates('members', data.members);
  duplicates('channels', data.channels);

  const identities = new Map<string, string>();
  data.members.forEach((member, index) => {
    if (!entities.has(member.entity)) report(['members', index, 'entity'], `unknown entity '${member.entity}'`);
    member.working_groups.forEach((membership, m) => {
      if (!groups.has(membership.wg)) report(['members', index, 'working_groups', m, 'wg'], `unknown working group '${membership.wg}'`);
    });
    for (const platform of ['slack', 'teams'] as const) {
      const external = member.chat?.[platform];
      if (!external) continue;
      const key = `${platform}:${external.toLowerCase()}`;
      const holder = identities.get(key);
      if (holder) report(['members', index, 'chat', platform], `chat identity ${external} is already used by ${holder}`);
      else identities.set(key, member.id);
    }
  });

  data.working_groups.forEach((group, index) => {
    const roles = new Map<string, string>();
    data.members.forEach((member) => member.working_groups.forEach((m) => m.wg === group.id && roles.set(member.id, m.role)));
    const check = (memberId: string, role: 'chair' | 'co-chair', fieldPath: (string | number)[]) => {
      if (!members.has(memberId)) report(fieldPath, `unknown member '${memberId}'`);
      else if (roles.get(memberId) !== role)
        report(
          fieldPath,
          `${memberId} is named ${role} here but the member's entry gives role '${roles.get(memberId) ?? 'none'}' in ${group.id}`,
        );
    };
    if (group.chair) check(group.chair, 'chair', ['working_groups', index, 'chair']);
    group.co_chairs.forEach((memberId, c) => check(memberId, 'co-chair', ['working_groups', index, 'co_chairs', c]));
  });

  data.channels.forEach((channel, index) => {
    if (channel.working_group && !groups.has(channel.working_group)) {
      report(['channels', index, 'working_group'], `unknown working group '${channel.working_group}'`);
    }
  });

  if (problems.length > 0) throw directoryError(file, problems);
  return toDirectoryImport(data);
}

/** The file's shape to the one the database module stores. */
function toDirectoryImport(data: DirectoryFile): DirectoryImport {
  return {
    entities: data.entities,
    memberStates: data.member_states.map((state) => ({ ...state, names: memberStateNameForms(state) })),
    workingGroups: data.working_groups.map((group) => ({
      id: group.id,
      name: group.name,
      shortName: group.short_name,
      channelRef: group.channel,
    })),
    members: data.members.map((member) => ({
      id: member.id,
      name: member.name,
      entityId: member.entity,
      title: member.title,
      email: member.email,
      memberships: member.working_groups.map((membership) => ({ workingGroupId: membership.wg, role: membership.role })),
      identities: [
        ...(member.chat?.slack
          ? [{ platform: 'slack' as const, workspaceId: member.chat.slack_team ?? null, externalId: member.chat.slack }]
          : []),
        ...(member.chat?.teams
          ? [{ platform: 'teams' as const, workspaceId: member.chat.teams_tenant ?? null, externalId: member.chat.teams }]
          : []),
      ],
    })),
    channels: data.channels.map((channel) => ({
      id: channel.id,
      purpose: channel.purpose,
      workingGroupId: channel.working_group ?? null,
      slack: channel.slack ? { channelId: channel.slack.channel_id, name: channel.slack.name } : null,
      teams: channel.teams ? { teamId: channel.teams.team_id, channelId: channel.teams.channel_id, name: channel.teams.name } : null,
    })),
  };
}

function directoryError(file: YamlFile, problems: string[]): AppError {
  if (problems.length === 1) {
    return new AppError('directory.invalid', `${problems[0]} (nothing was imported)`, { exitCode: 2, detail: problems });
  }
  const shown = problems.slice(0, 20);
  const more = problems.length > shown.length ? `\n… and ${problems.length - shown.length} more` : '';
  return new AppError(
    'directory.invalid',
    `${file.path} is not a valid directory; nothing was imported:\n${shown.map((p) => `  - ${p}`).join('\n')}${more}`,
    {
      exitCode: 2,
      detail: problems,
    },
  );
}
