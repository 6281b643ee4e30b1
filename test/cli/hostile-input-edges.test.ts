import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/db/queries/directory.js';
import { loadDirectoryFile } from '../../src/ingest/load-directory-file.js';
import { readYamlFile } from '../../src/ingest/read-yaml-file.js';
import { FIXTURE_DIRECTORY } from '../helpers/ingest-fixture.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

// Issue 10, item 7: small edges of hostile input get bad-input exits (2) and a precise message.

let test: TestDatabase;
let work: string;

/** Nine levels of nine references: 9^9 nodes once expanded. */
function aliasBomb(): string {
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let level = 1; level <= 9; level += 1) {
    const previous = `*a${level - 1}`;
    lines.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => previous).join(', ')}]`);
  }
  lines.push('documents: *a9');
  return lines.join('\n');
}

beforeAll(async () => {
  test = await createTestDatabase();
  await importDirectory(test.db, loadDirectoryFile(FIXTURE_DIRECTORY));
  work = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-edges-'));
});
afterAll(async () => {
  await test.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('hostile input edges', () => {
  it('a YAML alias bomb is refused with the file name and "too many aliases"', () => {
    const file = path.join(work, 'bomb.yaml');
    writeFileSync(file, aliasBomb());
    expect(() => readYamlFile(file)).toThrowError(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: too many aliases`));
  });

  it('the CLI exits 2 on an alias bomb in a catalog, and on an empty question to ask', async () => {
    const file = path.join(work, 'bomb-catalog.yaml');
    writeFileSync(file, aliasBomb());
    const bomb = await test.cli(['ingest', file]);
    expect(bomb.code, bomb.stderr).toBe(2);
    expect(bomb.stderr).toContain(`${file}: too many aliases`);

    for (const question of ['', '   ']) {
      const asked = await test.cli(['ask', '--as', 'mbr-anna', question]);
      expect(asked.code, asked.stderr).toBe(2);
      expect(asked.stderr).toMatch(/^compact-bot: The question is empty/);
    }
    const audit = await test.db.query('SELECT id FROM audit_log');
    expect(audit.rows).toEqual([]);
  }, 240_000);
});
