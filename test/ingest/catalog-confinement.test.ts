import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/db/queries/directory.js';
import { loadDirectoryFile } from '../../src/ingest/load-directory-file.js';
import { ingestCatalog } from '../../src/ingest/ingest-catalog.js';
import { isAppError } from '../../src/errors.js';
import { FIXTURE_DIRECTORY } from '../helpers/ingest-fixture.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

// Issue 10, items 1 and 2: a catalog may make us read only files inside its folder, and may grant
// only to entities and working groups the directory knows.

let test: TestDatabase;
let work: string;
let outside: string;
const SECRET = 'OUTSIDE-SECRET-7f3a line that must never be ingested';

beforeAll(async () => {
  test = await createTestDatabase();
  await importDirectory(test.db, loadDirectoryFile(FIXTURE_DIRECTORY));
  work = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-confine-'));
  outside = path.join(work, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.md'), `# Secret\n\n${SECRET}\n`);
  mkdirSync(path.join(work, 'catalog', 'docs'), { recursive: true });
  writeFileSync(path.join(work, 'catalog', 'docs', 'ok.md'), '# Fine\n\nA document that lies inside the catalog folder.\n');
  symlinkSync(path.join(outside, 'secret.md'), path.join(work, 'catalog', 'docs', 'link.md'));
  symlinkSync(path.join(work, 'catalog', 'docs', 'ok.md'), path.join(work, 'catalog', 'docs', 'inner-link.md'));
});
afterAll(async () => {
  await test.drop();
  rmSync(work, { recursive: true, force: true });
});

function entry(id: string, filePath: string, consent = '{ status: granted, audience: compact }'): string {
  return `  - id: ${id}\n    path: ${JSON.stringify(filePath)}\n    kind: recommendations\n    owner_entity: ALPHA\n    language: en\n    title: "${id}"\n    consent: ${consent}\n`;
}

function writeCatalog(name: string, entries: string[]): string {
  const file = path.join(work, 'catalog', name);
  writeFileSync(file, `version: 1\ndocuments:\n${entries.join('')}`);
  return file;
}

async function rejection(catalog: string, options: Parameters<typeof ingestCatalog>[2] = {}): Promise<string> {
  const error = await ingestCatalog(test.db, catalog, options).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(isAppError(error), String(error)).toBe(true);
  if (!isAppError(error)) return '';
  expect(error.exitCode).toBe(2);
  return error.userMessage;
}

async function documentCount(): Promise<number> {
  return (await test.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents')).rows[0]?.n ?? -1;
}

describe('document paths stay inside the catalog folder', () => {
  it('refuses ../ traversal, an absolute path and a symlink to a file outside, naming entry, field and reason; nothing is ingested', async () => {
    const catalog = writeCatalog('hostile.yaml', [
      entry('doc-ok', 'docs/ok.md'),
      entry('doc-climb', '../outside/secret.md'),
      entry('doc-etc', '../../../../../../../../etc/passwd'),
      entry('doc-absolute', path.join(outside, 'secret.md')),
      entry('doc-link', 'docs/link.md'),
    ]);
    const message = await rejection(catalog);
    expect(message).toMatch(/hostile\.yaml \(line \d+\): documents \(doc-climb\), field path: points outside the catalog's folder/);
    expect(message).toMatch(/documents \(doc-etc\), field path: points outside/);
    expect(message).toMatch(/documents \(doc-absolute\), field path: absolute paths are refused/);
    expect(message).toMatch(/documents \(doc-link\), field path: is a symbolic link to .*secret\.md, outside the catalog's folder/);
    expect(message).not.toContain('doc-ok)');
    expect(await documentCount()).toBe(0);
  });

  it('accepts ../ and symlinks that stay inside, and an explicit --root that contains the target', async () => {
    const inside = writeCatalog('inside.yaml', [entry('doc-inner-link', 'docs/inner-link.md'), entry('doc-dotdot', 'docs/../docs/ok.md')]);
    const summary = await ingestCatalog(test.db, inside);
    expect(summary.failed).toEqual([]);
    expect(summary.added.sort()).toEqual(['doc-dotdot', 'doc-inner-link']);

    const climbing = writeCatalog('climbing.yaml', [entry('doc-climb-root', '../outside/secret.md')]);
    const rooted = await ingestCatalog(test.db, climbing, { root: work });
    expect(rooted.added).toEqual(['doc-climb-root']);
  });

  it('the CLI exits 2 with the entry and field', async () => {
    const catalog = writeCatalog('cli-hostile.yaml', [entry('doc-cli-climb', '../outside/secret.md')]);
    const result = await test.cli(['ingest', catalog]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/documents \(doc-cli-climb\), field path: points outside/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const after = await test.db.query('SELECT id FROM documents WHERE id = $1', ['doc-cli-climb']);
    expect(after.rows).toEqual([]);
  });
});

describe('per-file size limit', () => {
  it('a file over the limit fails alone with the limit named; the others load', async () => {
    writeFileSync(path.join(work, 'catalog', 'docs', 'big.txt'), 'A sentence about border management.\n'.repeat(40_000));
    const catalog = writeCatalog('big.yaml', [entry('doc-big', 'docs/big.txt'), entry('doc-small', 'docs/ok.md')]);
    const summary = await ingestCatalog(test.db, catalog, { maxFileBytes: 1024 * 1024 });
    expect(summary.added).toEqual(['doc-small']);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]?.documentId).toBe('doc-big');
    expect(summary.failed[0]?.reason).toMatch(/1\.4 MB, more than the 1\.0 MB limit per file \(INGEST_MAX_FILE_MB\)/);
  });

  it('INGEST_MAX_FILE_MB reaches the CLI', async () => {
    const catalog = writeCatalog('big-cli.yaml', [entry('doc-big-cli', 'docs/big.txt')]);
    const result = await test.cli(['ingest', catalog], { INGEST_MAX_FILE_MB: '1' });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toMatch(/FAILED doc-big-cli: .*big\.txt: the file is 1\.4 MB, more than the 1\.0 MB limit/);
  });
});

describe('catalog audiences are checked against the directory', () => {
  it('an unknown entity or working group is rejected with file, line, entry and field; nothing is ingested', async () => {
    const catalog = writeCatalog('audiences.yaml', [
      entry('doc-aud-ok', 'docs/ok.md', '{ status: granted, audience: { entities: [ALPHA, BETA] } }'),
      entry('doc-aud-typo', 'docs/ok.md', '{ status: granted, audience: { entities: [ALPHA, CTDE] } }'),
      entry('doc-aud-wg', 'docs/ok.md', '{ status: granted, audience: { working_groups: [wg-nope] } }'),
    ]);
    const message = await rejection(catalog);
    expect(message).toMatch(
      /audiences\.yaml \(line \d+\): documents \(doc-aud-typo\), field consent\.audience\.entities\.1: unknown entity 'CTDE'/,
    );
    expect(message).toMatch(/documents \(doc-aud-wg\), field consent\.audience\.working_groups\.0: unknown working group 'wg-nope'/);
    expect(message).not.toContain('doc-aud-ok');
    const loaded = await test.db.query('SELECT id FROM documents WHERE id LIKE $1', ['doc-aud-%']);
    expect(loaded.rows).toEqual([]);
  });
});
