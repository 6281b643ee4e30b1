import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectOutput, type CliResult } from '../helpers/run-cli.js';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
let workspace: string;
let copy: string;

/** `npm run eval` as a new user runs it, in a copy of the repository with nothing beside it. */
function runEval(args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [path.join(copy, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/eval/cli.ts', ...args], {
    cwd: copy,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collectOutput(child);
}

beforeAll(() => {
  // <tmp>/repo with no <tmp>/shared: the default corpora are absent.
  workspace = mkdtempSync(path.join(os.tmpdir(), 'eval-cli-'));
  copy = path.join(workspace, 'repo');
  for (const part of ['src', 'migrations', 'prompts', 'package.json', 'tsconfig.json', 'test/fixtures/ingest'])
    cpSync(path.join(REPOSITORY, part), path.join(copy, part), { recursive: true });
  symlinkSync(path.join(REPOSITORY, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

// Each test is a TypeScript process that builds an in-memory PGlite and ingests the fixture corpus:
// seconds of CPU, so more than the suite's 20 s when the machine is busy.
describe('npm run eval', { timeout: 60_000 }, () => {
  it('exits 2 with how to point it when there is no corpus at all', async () => {
    const result = await runEval([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--corpus <dir>');
  });

  it('scores the fixture corpus from a copy of the repository alone, side by side', async () => {
    const result = await runEval(['--corpus', 'test/fixtures/ingest']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Side by side:');
    expect(result.stdout).toMatch(/leaks\s+0/);
    expect(result.stdout).toMatch(/facts \(same language\)\s+2\/2/);
    expect(result.stdout).toMatch(/correct refusals\s+1\/1/);
  });

  it('exits non-zero when an answer cites a forbidden document', async () => {
    const result = await runEval(['--corpus', 'test/fixtures/ingest', '--corpus', 'test/fixtures/ingest/eval/leak-questions.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('LEAK: cited forbidden document doc-rur-assess');
    expect(result.stderr).toMatch(/leaks in .*\(1\)/);
  });
});
