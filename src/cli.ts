import { pathToFileURL } from 'node:url';
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
import { attachCliIo, type CliIo } from './cli/context.js';

/**
 * `compact-bot`: the administrator's commands. Exit codes: 0 ok, 1 failure of the environment
 * (database down, endpoint unreachable), 2 bad usage or bad input.
 */
export function buildProgram(io: CliIo): Command {
  const program = new Command('compact-bot')
    .description('Compact Bot administration: directory, documents, consent, reminders, audit')
    .option('--json', 'print data as JSON')
    // Before the subcommands exist: they inherit where help and usage errors are written.
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text) })
    .showHelpAfterError()
    .exitOverride();
  attachCliIo(program, io);
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

/** SIGINT or SIGTERM, whichever comes first. */
function processStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * Runs one command line and resolves with its exit code; it never exits the process. The
 * environment and the streams default to the process's own (bin/compact-bot.mjs); tests inject
 * theirs and run the CLI in-process.
 */
export async function runCli(argv: string[], injected: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = { env: process.env, stdout: process.stdout, stderr: process.stderr, untilStopped: processStopSignal, ...injected };
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; anything else commander rejects is bad usage.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isAppError(error)) {
      io.stderr.write(`compact-bot: ${error.userMessage}\n`);
      return error.exitCode;
    }
    io.stderr.write(`compact-bot: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

// `tsx src/cli.ts …` (npm run cli); bin/compact-bot.mjs imports runCli instead.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2));
}
