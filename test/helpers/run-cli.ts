import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli as runCliInProcess } from '../../src/cli.js';
import type { CliIo } from '../../src/cli/context.js';

const BIN = fileURLToPath(new URL('../../bin/compact-bot.mjs', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What the CLI sees of the environment: none of our variables beyond PATH and HOME and those given. */
function cliEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env };
}

/**
 * Runs the CLI as an administrator would, against the given env, in this process: the same entry
 * point bin/compact-bot.mjs calls (`runCli` in src/cli.ts), with the env, stdout and stderr
 * injected, so a call costs an open of the database instead of a TypeScript process start (or
 * nothing, where the caller lends its own handle through `openDatabase`).
 * Use `runCliProcess` where the process itself is under test (the binary, exit codes, signals,
 * a second process on one PGlite folder).
 */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  options: Pick<CliIo, 'openDatabase'> = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCliInProcess(args, {
    ...options,
    env: cliEnv(env),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    untilStopped: () => Promise.reject(new Error('long-running commands need runCliProcess')),
  });
  return { code, stdout, stderr };
}

/** Runs the real `compact-bot` binary in a child process, with only the env given (plus PATH and HOME). */
export function runCliProcess(
  args: string[],
  env: Record<string, string> = {},
  options: { cwd?: string; input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? fileURLToPath(new URL('../../', import.meta.url)),
      env: cliEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    void collectOutput(child).then(resolve, reject);
    child.stdin.end(options.input ?? '');
  });
}

/** A child process's exit code and whole output, once it has closed. */
export function collectOutput(child: ChildProcess): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
