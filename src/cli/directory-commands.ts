import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { loadDirectoryFile } from '../ingest/load-directory-file.js';
import { findMemberProfile, importDirectory } from '../db/queries/directory.js';
import { withCli } from './context.js';

export function registerDirectoryCommands(program: Command): void {
  const directory = program.command('directory').description('import and inspect the directory of entities, working groups and members');

  directory
    .command('import')
    .description('import directory.yaml (idempotent upsert in one transaction)')
    .argument('<file>', 'path to directory.yaml')
    .action(async (file: string, _options: unknown, command: Command) => {
      // Validate before touching the database: a bad file leaves it exactly as it was.
      const data = loadDirectoryFile(path.resolve(file));
      await withCli(command, async ({ db, print }) => {
        const counts = await importDirectory(db, data);
        const imported = {
          entities: data.entities.length,
          workingGroups: data.workingGroups.length,
          memberStates: data.memberStates.length,
          members: data.members.length,
          channels: data.channels.length,
        };
        print(
          { file, imported, totals: counts },
          () =>
            `Imported ${file}: ${imported.entities} entities, ${imported.workingGroups} working groups, ${imported.memberStates} Member States, ${imported.members} members, ${imported.channels} channels.\n` +
            `Database now holds ${counts.entities} entities, ${counts.workingGroups} working groups, ${counts.memberStates} Member States, ${counts.members} members, ${counts.chatIdentities} chat identities, ${counts.channels} channels.`,
        );
      });
    });

  directory
    .command('show')
    .description("show a member's entity, working groups and roles, and chat identities")
    .argument('<member-id>', 'e.g. mbr-hokonkwo')
    .action(async (memberId: string, _options: unknown, command: Command) => {
      await withCli(command, async ({ db, print }) => {
        const profile = await findMemberProfile(db, memberId);
        if (!profile) throw new AppError('access.unknown_member', `No member with id '${memberId}' in the directory.`, { exitCode: 2 });
        print(profile, () =>
          [
            `${profile.name} (${profile.id})`,
            `  entity: ${profile.entityAcronym}${profile.title ? ` — ${profile.title}` : ''}`,
            profile.email ? `  email: ${profile.email}` : undefined,
            `  working groups: ${profile.workingGroups.length === 0 ? 'none' : profile.workingGroups.map((g) => `${g.id} (${g.role})`).join(', ')}`,
            `  chat identities: ${profile.identities.length === 0 ? 'none' : profile.identities.map((i) => `${i.platform} ${i.externalId}${i.workspaceId ? ` in ${i.workspaceId}` : ''}`).join(', ')}`,
          ]
            .filter((line) => line !== undefined)
            .join('\n'),
        );
      });
    });
}
