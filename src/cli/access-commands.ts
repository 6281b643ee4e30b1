import type { Command } from 'commander';
import type { AskContext } from '../core/types.js';
import { formatContext } from '../core/types.js';
import type { Queryable } from '../db/database.js';
import { listScopedDocumentIds } from '../db/queries/access-scope.js';
import { memberExists } from '../db/queries/directory.js';
import { workingGroupExists } from '../db/queries/directory-overview.js';
import { AppError } from '../errors.js';
import { withCli } from './context.js';

/** `--channel <wg-id>` → the group's channel context; validates the group exists. */
export async function resolveAskContext(db: Queryable, channel: string | undefined): Promise<AskContext> {
  if (!channel) return { kind: 'dm' };
  if (!(await workingGroupExists(db, channel)))
    throw new AppError('input.not_found', `No working group with id '${channel}' (e.g. wg-border).`, { exitCode: 2 });
  return { kind: 'channel', workingGroupId: channel };
}

export function registerAccessCommands(program: Command): void {
  const access = program.command('access').description('inspect what a member may see');
  access
    .command('check')
    .description('list the documents a member may use, in a DM or in a working-group channel')
    .requiredOption('--as <member-id>', 'the member, e.g. mbr-hokonkwo')
    .option('--channel <wg-id>', "a working group's channel: only documents every member of the group may see")
    .action(async (options: { as: string; channel?: string }, command: Command) => {
      await withCli(command, async ({ db, print }) => {
        if (!(await memberExists(db, options.as))) {
          throw new AppError(
            'access.unknown_member',
            `No member with id '${options.as}' in the directory: such an identity sees no documents.`,
            { exitCode: 2 },
          );
        }
        const context = await resolveAskContext(db, options.channel);
        const documentIds = await listScopedDocumentIds(db, { memberId: options.as, context });
        print({ memberId: options.as, context: formatContext(context), documentIds }, () =>
          [
            `${options.as} in ${formatContext(context)} may use ${documentIds.length} document(s):`,
            ...documentIds.map((id) => `  ${id}`),
          ].join('\n'),
        );
      });
    });
}
