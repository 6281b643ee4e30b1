import { Command, CommanderError } from 'commander';
import { isAppError } from './errors.js';
import { registerDirectoryCommands } from './cli/directory-commands.js';
import { registerStatusCommands } from './cli/status-commands.js';
import { registerRemindersCommands } from './cli/reminders-commands.js';
import { registerSummaryCommands } from './cli/summary-commands.js';
import { registerAuditCommands } from './cli/audit-commands.js';
import { registerIngestCommands } from './cli/ingest-commands.js';
import { registerConsentCommands } from './cli/consent-commands.js';
import { registerAccessCommands } from './cli/access-commands.js';
import { registerAskCommands } from './cli/ask-commands.js';
import { registerTeamsCommands } from './cli/teams-commands.js';

/**
 * `compact-bot`: the administrator's commands. Exit codes: 0 ok, 1 failure of the environment
 * (database down, endpoint unreachable), 2 bad usage or bad input.
 */
export function buildProgram(): Command {
  const program = new Command('compact-bot')
    .description('Compact Bot administration: directory, documents, consent, reminders, audit')
    .option('--json', 'print data as JSON')
    .showHelpAfterError()
    .exitOverride();
  registerStatusCommands(program);
  registerDirectoryCommands(program);
  registerRemindersCommands(program);
  registerSummaryCommands(program);
  registerAuditCommands(program);
  registerIngestCommands(program);
  registerConsentCommands(program);
  registerAccessCommands(program);
  registerAskCommands(program);
  registerTeamsCommands(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; anything else commander rejects is bad usage.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isAppError(error)) {
      process.stderr.write(`compact-bot: ${error.userMessage}\n`);
      return error.exitCode;
    }
    process.stderr.write(`compact-bot: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /cli\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly || process.env.COMPACT_BOT_CLI === '1') {
  process.exitCode = await runCli(process.argv.slice(2));
}
