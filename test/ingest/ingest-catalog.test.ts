import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyConsentChange, listConsentHistory } from '../../src/db/queries/consents.js';
import { importDirectory } from '../../src/db/queries/directory.js';
import { loadDirectoryFile } from '../../src/ingest/load-directory-file.js';
import { ingestCatalog } from '../../src/ingest/ingest-catalog.js';
import {
  FIXTURE_BAD_CATALOG,
  FIXTURE_CATALOG,
  FIXTURE_DIRECTORY,
  INGEST_FIXTURE_DIR,
  loadIngestFixture,
} from '../helpers/ingest-fixture.js';
import { createTestDatabase, useTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const test = useTestDatabase();

async function snapshot() {
  const documents = await test.db.query('SELECT id, content_hash, classification, updated_at FROM documents ORDER BY id');
  const chunks = await test.db.query(
    'SELECT id, document_id, ordinal, heading, text, language, search_vector::text AS sv FROM chunks ORDER BY id',
  );
  const consents = await test.db.query(
    'SELECT document_id, status, audience_kind, audience_ids, version FROM consents ORDER BY document_id',
  );
  const history = await test.db.query('SELECT document_id, version, status, actor FROM consent_history ORDER BY document_id, version');
  return { documents: documents.rows, chunks: chunks.rows, consents: consents.rows, history: history.rows };
}

describe('ingestCatalog on the fixture catalog', () => {
  it('loads every format and language, with headings, languages and classifications', async () => {
    const summary = await loadIngestFixture(test.db);
    expect(summary.failed).toEqual([]);
    expect(summary.added).toHaveLength(9);

    const perDocument = await test.db.query<{ document_id: string; n: number; languages: string[] }>(
      'SELECT document_id, count(*)::int AS n, array_agg(DISTINCT language) AS languages FROM chunks GROUP BY document_id ORDER BY document_id',
    );
    const byId = Object.fromEntries(perDocument.rows.map((row) => [row.document_id, row]));
    for (const id of [
      'doc-rur-assess',
      'doc-rur-ta',
      'doc-rur-recs',
      'doc-fre-assess',
      'doc-fre-ta',
      'doc-brief-zh',
      'doc-notes-ar',
      'doc-roadmap-ru',
      'doc-notes-fr',
    ]) {
      expect(byId[id]?.n, id).toBeGreaterThan(0);
    }
    expect(byId['doc-brief-zh']?.languages).toEqual(['zh']);
    expect(byId['doc-notes-ar']?.languages).toEqual(['ar']);
    expect(byId['doc-rur-recs']?.languages).toEqual(['es']);

    // Headings travel with their chunks, from markdown, plain text, HTML, PDF and DOCX alike.
    const headings = await test.db.query<{ document_id: string; heading: string | null; text: string }>(
      'SELECT document_id, heading, text FROM chunks ORDER BY document_id, ordinal',
    );
    const find = (documentId: string, needle: string) =>
      headings.rows.find((row) => row.document_id === documentId && row.text.includes(needle));
    expect(find('doc-rur-assess', '17 official land border')?.heading).toBe('I. Border management');
    expect(find('doc-rur-recs', '12 analistas')?.heading).toBe('A. Financiación del terrorismo');
    expect(find('doc-fre-assess', 'Zenda rehabilitation centre')?.heading).toBe('1. Rehabilitation');
    expect(find('doc-fre-ta', 'FRE-TA-03')?.heading).toBe('1. Counter-drone capacity');
    // Table rows keep their column labels.
    expect(find('doc-rur-assess', 'Pending terrorism cases')?.text).toContain('Pending terrorism cases; Value: 88');
    expect(find('doc-rur-recs', 'Conectar los pasos')?.text).toContain('Responsable: GAMMA');

    const classes = await test.db.query<{ id: string; classification: string }>('SELECT id, classification FROM documents ORDER BY id');
    const classification = Object.fromEntries(classes.rows.map((row) => [row.id, row.classification]));
    expect(classification['doc-rur-assess']).toBe('restricted'); // assessment report
    expect(classification['doc-roadmap-ru']).toBe('restricted'); // roadmap
    expect(classification['doc-notes-ar']).toBe('restricted'); // consultation notes
    expect(classification['doc-rur-ta']).toBe('internal');
    expect(classification['doc-fre-ta']).toBe('public'); // given in the catalog
  });

  it('reports encoding damage and injected instructions, and still stores the text', async () => {
    const summary = await ingestCatalog(test.db, FIXTURE_CATALOG);
    // Unchanged documents are not re-read, so run the checks on a fresh database-independent path:
    expect(summary.unchanged).toHaveLength(9);
    const fresh = await createTestDatabase();
    try {
      const first = await loadIngestFixture(fresh.db);
      const kinds = first.warnings.map((warning) => `${warning.documentId}:${warning.kind}`).sort();
      expect(kinds).toEqual(['doc-notes-fr:mojibake', 'doc-rur-ta:injected_text']);
      const stored = await fresh.db.query<{ text: string }>(
        "SELECT text FROM chunks WHERE document_id = 'doc-rur-ta' AND text LIKE '%Note to AI assistants%'",
      );
      expect(stored.rowCount).toBe(1);
    } finally {
      await fresh.drop();
    }
  });

  it('ingesting the same catalog twice changes nothing', async () => {
    const before = await snapshot();
    const summary = await ingestCatalog(test.db, FIXTURE_CATALOG);
    expect(summary).toMatchObject({ added: [], updated: [], failed: [], consentChanged: [] });
    expect(summary.unchanged).toHaveLength(9);
    expect(await snapshot()).toEqual(before);
  });

  it('records the catalog consent as history version 1 by actor "catalog"', async () => {
    const history = await listConsentHistory(test.db, 'doc-rur-recs');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ version: 1, status: 'granted', actor: 'catalog', audience: { kind: 'entities', ids: ['BETA'] } });
  });
});

describe('ingestCatalog with changes', () => {
  let dir: string;
  let changed: TestDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'compact-bot-ingest-'));
    cpSync(INGEST_FIXTURE_DIR, dir, { recursive: true });
    changed = await createTestDatabase();
    await importDirectory(changed.db, loadDirectoryFile(FIXTURE_DIRECTORY));
    await ingestCatalog(changed.db, path.join(dir, 'catalog.yaml'));
  });
  afterAll(async () => {
    await changed.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replaces a changed document and its chunks, leaving the others untouched', async () => {
    const oldChunks = await changed.db.query<{ id: number }>("SELECT id FROM chunks WHERE document_id = 'doc-rur-assess'");
    const others = await changed.db.query("SELECT id FROM chunks WHERE document_id <> 'doc-rur-assess' ORDER BY id");
    const file = path.join(dir, 'docs/rur-assess.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('17 official land border crossing points', '19 official land border crossing points'),
    );

    const summary = await ingestCatalog(changed.db, path.join(dir, 'catalog.yaml'));
    expect(summary.updated).toEqual(['doc-rur-assess']);
    expect(summary.unchanged).toHaveLength(8);
    const texts = await changed.db.query<{ id: number; text: string }>("SELECT id, text FROM chunks WHERE document_id = 'doc-rur-assess'");
    expect(texts.rows.some((row) => row.text.includes('19 official land border'))).toBe(true);
    expect(texts.rows.some((row) => row.text.includes('17 official land border'))).toBe(false);
    expect(texts.rows.map((row) => row.id).some((id) => oldChunks.rows.some((old) => old.id === id))).toBe(false);
    expect((await changed.db.query("SELECT id FROM chunks WHERE document_id <> 'doc-rur-assess' ORDER BY id")).rows).toEqual(others.rows);
  });

  it('appends a history row when the catalog consent changes, and keeps a CLI change when it does not', async () => {
    // An administrator revokes through the CLI path; re-ingesting the unchanged catalog must not undo it.
    await changed.db.transaction((tx) =>
      applyConsentChange(tx, 'doc-rur-ta', { status: 'revoked', audience: { kind: 'groups', ids: ['wg-one'] }, actor: 'cli:admin' }),
    );
    const again = await ingestCatalog(changed.db, path.join(dir, 'catalog.yaml'));
    expect(again.consentChanged).toEqual([]);
    expect((await listConsentHistory(changed.db, 'doc-rur-ta')).map((entry) => entry.status)).toEqual(['granted', 'revoked']);

    // The catalog now says withheld for doc-notes-fr: a new version by 'catalog'.
    const catalog = path.join(dir, 'catalog.yaml');
    writeFileSync(
      catalog,
      readFileSync(catalog, 'utf8').replace(
        'consent: { status: granted, audience: { entities: [ALPHA, GAMMA] }, granted_on: "2026-06-02" }',
        'consent: { status: withheld, audience: null }',
      ),
    );
    const summary = await ingestCatalog(changed.db, catalog);
    expect(summary.consentChanged).toEqual(['doc-notes-fr']);
    const history = await listConsentHistory(changed.db, 'doc-notes-fr');
    expect(history.map((entry) => [entry.version, entry.status, entry.actor])).toEqual([
      [1, 'granted', 'catalog'],
      [2, 'withheld', 'catalog'],
    ]);
  });
});

describe('bad files', () => {
  it('fail alone with path and reason, leave no partial document, and the others load', async () => {
    const isolated = await createTestDatabase();
    try {
      await importDirectory(isolated.db, loadDirectoryFile(FIXTURE_DIRECTORY));
      const summary = await ingestCatalog(isolated.db, FIXTURE_BAD_CATALOG);
      expect(summary.added.sort()).toEqual(['doc-fre-ta', 'doc-rur-assess']);
      const failed = Object.fromEntries(summary.failed.map((failure) => [failure.documentId, failure]));
      expect(Object.keys(failed).sort()).toEqual(['doc-corrupt', 'doc-latin1', 'doc-missing']);
      expect(failed['doc-corrupt']?.path).toMatch(/docs\/corrupt\.pdf$/);
      expect(failed['doc-corrupt']?.reason).toMatch(/PDF/);
      expect(failed['doc-missing']?.reason).toMatch(/no such file/);
      expect(failed['doc-latin1']?.reason).toMatch(/UTF-8/);
      const rows = await isolated.db.query<{ id: string }>(
        "SELECT id FROM documents WHERE id IN ('doc-corrupt', 'doc-missing', 'doc-latin1')",
      );
      expect(rows.rows).toEqual([]);
      const orphans = await isolated.db.query(
        "SELECT 1 FROM consent_history WHERE document_id IN ('doc-corrupt', 'doc-missing', 'doc-latin1')",
      );
      expect(orphans.rowCount).toBe(0);
    } finally {
      await isolated.drop();
    }
  });

  it('the CLI prints the summary with each failure and exits non-zero', async () => {
    const isolated = await createTestDatabase();
    try {
      await importDirectory(isolated.db, loadDirectoryFile(FIXTURE_DIRECTORY));
      const result = await isolated.cli(['ingest', FIXTURE_BAD_CATALOG]);
      expect(result.code).toBe(2);
      expect(result.stdout).toContain('2 added, 0 updated, 0 unchanged, 3 failed');
      expect(result.stdout).toMatch(/FAILED doc-corrupt: .*corrupt\.pdf/);
      expect(result.stdout).toMatch(/FAILED doc-missing: .*no-such-file\.md: cannot read the file \(no such file\)/);
      expect(result.stderr).toContain('3 document(s) could not be ingested');
    } finally {
      await isolated.drop();
    }
  });
});
