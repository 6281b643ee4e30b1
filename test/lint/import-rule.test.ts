import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = path.join(REPO, '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** A throw-away src/ tree with the repository's layout, some imports allowed and some not. */
const tree = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-import-rule-'));
const files: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
  'src/errors.ts': 'export class AppError extends Error {}\n',
  'src/db/database.ts': 'export interface Database { close(): Promise<void> }\n',
  'src/db/pglite-driver.ts':
    "import type { Database } from './database.js';\nexport const open = async (): Promise<Database | undefined> => undefined;\n",
  'src/db/queries/members.ts': "import type { Database } from '../database.js';\nexport const count = async (db: Database) => db;\n",
  // Allowed: core on core and errors.
  'src/core/rule.ts': "import { AppError } from '../errors.js';\nexport const fail = () => new AppError();\n",
  // Not allowed: core on the database (even a type), core on a node: module.
  'src/core/reads-db.ts': "import type { Database } from '../db/database.js';\nimport './rule.js';\nexport type Handle = Database;\n",
  'src/core/reads-files.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  // Allowed: an adapter on core. Not allowed: Slack, Teams or the playground on the queries (they reach the
  // database through the conversation core's ports), an adapter on another, or on a driver.
  'src/slack/app.ts': "import '../core/rule.js';\nimport '../db/queries/members.js';\nimport '../teams/bot.js';\n",
  'src/teams/bot.ts': "import '../db/queries/members.js';\nexport const bot = 1;\n",
  'src/web/routes.ts': "import { open } from '../db/pglite-driver.js';\nexport const start = open;\n",
  // Allowed: the composition root builds drivers.
  'src/main.ts': "import { open } from './db/pglite-driver.js';\nimport './slack/app.js';\nexport const main = open;\n",
};
for (const [name, text] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(tree, name)), { recursive: true });
  writeFileSync(path.join(tree, name), text);
}
afterAll(() => rmSync(tree, { recursive: true, force: true }));

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

// dependency-cruiser in its own process, twice: more time than the suite's default.
describe('the import rule (.dependency-cruiser.cjs, run by npm run lint)', { timeout: 60_000 }, () => {
  it('rejects src/core importing src/db or node:fs and adapters importing each other or a driver; allows the rest', () => {
    const depcruise = (outputType: string) =>
      spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', outputType], { cwd: tree, encoding: 'utf8' });
    // The reporter npm run lint uses exits non-zero on a violation (one per error) …
    const lint = depcruise('err');
    expect(lint.status, lint.stderr).toBe(6);
    // … and these are the violations, no more, no fewer.
    const run = depcruise('json');
    const violations = (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
    expect(violations.map((v) => [v.from, v.to, v.rule.name, v.rule.severity]).sort()).toEqual([
      ['src/core/reads-db.ts', 'src/db/database.ts', 'not-in-allowed', 'error'],
      ['src/core/reads-files.ts', 'fs', 'not-in-allowed', 'error'],
      ['src/slack/app.ts', 'src/db/queries/members.ts', 'not-in-allowed', 'error'],
      ['src/slack/app.ts', 'src/teams/bot.ts', 'not-in-allowed', 'error'],
      ['src/teams/bot.ts', 'src/db/queries/members.ts', 'not-in-allowed', 'error'],
      ['src/web/routes.ts', 'src/db/pglite-driver.ts', 'not-in-allowed', 'error'],
    ]);
  });
});
