import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../../src/db/database.js';
import { contextMembersSql, documentScopeSql, scopeAmongSql, scopeCountsSql } from '../../../src/db/queries/access-scope.js';
import { applyConsentChange } from '../../../src/db/queries/consents.js';
import { replaceDocument, type DocumentRecord } from '../../../src/db/queries/documents.js';
import { loadIngestFixture } from '../../helpers/ingest-fixture.js';
import { testBackend, useTestDatabase } from '../../helpers/test-database.js';

/**
 * Migration 0070's per-class counts must equal, after every kind of write, what the documents and
 * consents rows say; and what retrieval reads from them (the scope's chunk count, the scope among a
 * set of documents) must equal what the plain scope query gives, for every member and context.
 */
const test = useTestDatabase({ seed: loadIngestFixture });

interface ClassRow {
  owner_entity_id: string;
  status: string | null;
  audience_kind: string | null;
  audience_ids: string[] | null;
  documents: number;
  chunks: number;
}

const CLASS_COLUMNS = 'owner_entity_id, status, audience_kind, audience_ids';
const ORDER = 'ORDER BY owner_entity_id, status NULLS FIRST, audience_kind NULLS FIRST, audience_ids NULLS FIRST';

async function countsTable(db: Queryable): Promise<ClassRow[]> {
  const result = await db.query<ClassRow>(
    `SELECT ${CLASS_COLUMNS}, sum(documents)::int AS documents, sum(chunks)::int AS chunks FROM access_class_counts
      GROUP BY 1, 2, 3, 4 HAVING sum(documents) <> 0 OR sum(chunks) <> 0 ${ORDER}`,
  );
  return result.rows;
}

async function recounted(db: Queryable): Promise<ClassRow[]> {
  const result = await db.query<ClassRow>(
    `SELECT d.owner_entity_id, c.status, c.audience_kind, c.audience_ids, count(*)::int AS documents, sum(d.chunk_count)::int AS chunks
       FROM documents d LEFT JOIN consents c ON c.document_id = d.id GROUP BY 1, 2, 3, 4 ${ORDER}`,
  );
  return result.rows;
}

async function expectExactCounts(db: Queryable, when: string): Promise<void> {
  const expected = await recounted(db);
  expect(await countsTable(db), when).toEqual(expected);
}

async function contexts(db: Queryable): Promise<[string, string | null][]> {
  const members = await db.query<{ id: string }>('SELECT id FROM members ORDER BY id');
  const groups = await db.query<{ id: string }>('SELECT id FROM working_groups ORDER BY id');
  return members.rows.flatMap((member) =>
    [null, ...groups.rows.map((group) => group.id)].map((group) => [member.id, group] as [string, string | null]),
  );
}

/** Retrieval's two readings of the counts agree with the plain scope query for every member and context. */
async function expectScopeAgreement(db: Queryable, when: string): Promise<void> {
  const everyDocument = (await db.query<{ id: string }>('SELECT id FROM documents ORDER BY id')).rows.map((row) => row.id);
  for (const [memberId, groupId] of [...(await contexts(db)), ['mbr-nobody', null] as [string, null]]) {
    const label = `${memberId} in ${groupId ?? 'dm'} ${when}`;
    const scope = await db.query<{ document_id: string; chunk_count: number; consent_version: number | null }>(
      `SELECT document_id, chunk_count, consent_version FROM (${documentScopeSql('$1', '$2', '$3')}) s ORDER BY document_id`,
      [memberId, groupId, null],
    );
    const counts = await db.query<{ chunks: number; documents: number }>(
      `WITH ${contextMembersSql('$1', '$2', '$3')} ${scopeCountsSql('$2')}`,
      [memberId, groupId, null],
    );
    expect(counts.rows[0], label).toEqual({
      chunks: scope.rows.reduce((sum, row) => sum + row.chunk_count, 0),
      documents: everyDocument.length,
    });
    // Both ways of applying the rule among candidates, found by key and in one pass over every
    // document, for a few candidates, for all of them and for one that does not exist.
    for (const candidates of [everyDocument.slice(0, 3), everyDocument, ['doc-missing']]) {
      for (const byKey of ['true', 'false']) {
        const among = await db.query<{ document_id: string; chunk_count: number; consent_version: number | null }>(
          `WITH ${contextMembersSql('$1', '$2', '$4')}, candidates AS (SELECT unnest($3::text[]) AS document_id)
           SELECT document_id, chunk_count, consent_version FROM (${scopeAmongSql('$2', 'candidates', byKey)}) s
            WHERE document_id IN (SELECT document_id FROM candidates) ORDER BY document_id`,
          [memberId, groupId, candidates, null],
        );
        expect(among.rows, `${label}, ${candidates.length} candidates, by key: ${byKey}`).toEqual(
          scope.rows.filter((row) => candidates.includes(row.document_id)),
        );
      }
    }
  }
}

async function documentRecord(db: Queryable, id: string): Promise<DocumentRecord> {
  const result = await db.query<DocumentRecord>(
    `SELECT id, title, kind, format, member_state_id AS "memberStateId", owner_entity_id AS "ownerEntityId", language,
            to_char(document_date, 'YYYY-MM-DD') AS "documentDate", classification, canary, source_path AS "sourcePath", content_hash AS "contentHash"
       FROM documents WHERE id = $1`,
    [id],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`no document ${id}`);
  return row;
}

function chunks(count: number, label: string) {
  return Array.from({ length: count }, (_, ordinal) => ({
    ordinal,
    heading: null,
    text: `${label} passage ${ordinal + 1}.`,
    language: 'en' as const,
  }));
}

describe('access class counts (migration 0070)', () => {
  it('match the documents and consents after ingestion, and retrieval reads the same scope from them', async () => {
    await expectExactCounts(test.db, 'after ingestion');
    expect((await countsTable(test.db)).length).toBeGreaterThan(3);
    await expectScopeAgreement(test.db, 'after ingestion');
  });

  it('stay exact through consent changes of every kind, re-ingestion, a new owner and deletions', async () => {
    const steps: [string, (db: Queryable) => Promise<unknown>][] = [
      ['revoked', (db) => applyConsentChange(db, 'doc-rur-assess', { status: 'revoked', audience: { kind: 'compact' }, actor: 'test' })],
      [
        'shared with a group',
        (db) =>
          applyConsentChange(db, 'doc-fre-assess', { status: 'granted', audience: { kind: 'groups', ids: ['wg-two'] }, actor: 'test' }),
      ],
      [
        'shared with entities',
        (db) => applyConsentChange(db, 'doc-fre-ta', { status: 'granted', audience: { kind: 'entities', ids: ['ALPHA'] }, actor: 'test' }),
      ],
      ['withheld', (db) => applyConsentChange(db, 'doc-rur-ta', { status: 'withheld', audience: { kind: 'none' }, actor: 'test' })],
      ['re-ingested shorter', async (db) => replaceDocument(db, await documentRecord(db, 'doc-notes-fr'), chunks(1, 'shorter'))],
      ['re-ingested longer', async (db) => replaceDocument(db, await documentRecord(db, 'doc-brief-zh'), chunks(40, 'longer'))],
      [
        'given to another owner',
        async (db) => replaceDocument(db, { ...(await documentRecord(db, 'doc-roadmap-ru')), ownerEntityId: 'BETA' }, chunks(3, 'moved')),
      ],
      [
        'new, no consent yet',
        async (db) => replaceDocument(db, { ...(await documentRecord(db, 'doc-rur-recs')), id: 'doc-new' }, chunks(5, 'new')),
      ],
      ['new, then granted', (db) => applyConsentChange(db, 'doc-new', { status: 'granted', audience: { kind: 'compact' }, actor: 'test' })],
      ['consent row removed', (db) => db.query("DELETE FROM consents WHERE document_id = 'doc-rur-recs'")],
      ['document deleted with its consent', (db) => db.query("DELETE FROM documents WHERE id = 'doc-notes-ar'")],
      ['document deleted without one', (db) => db.query("DELETE FROM documents WHERE id = 'doc-rur-recs'")],
    ];
    for (const [when, step] of steps) {
      await test.db.transaction((tx) => step(tx));
      await expectExactCounts(test.db, when);
    }
    await expectScopeAgreement(test.db, 'after every change');
    // A rolled-back change leaves no trace.
    await expect(
      test.db.transaction(async (tx) => {
        await applyConsentChange(tx, 'doc-rur-assess', { status: 'granted', audience: { kind: 'compact' }, actor: 'test' });
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    await expectExactCounts(test.db, 'after a rollback');
  });

  // Two connections at once: PostgreSQL only (PGlite serves one).
  it.runIf(testBackend() === 'postgres')(
    'stay exact when a re-ingest and a consent change of the same document overlap, in either order',
    async () => {
      const waitForLockWait = async () => {
        for (;;) {
          const waiting = await test.db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
          );
          if ((waiting.rows[0]?.n ?? 0) > 0) return;
          await new Promise((resolve) => setImmediate(resolve));
        }
      };
      const record = await documentRecord(test.db, 'doc-rur-assess');
      // Re-ingest first: the consent change waits for it (at its lock on the document row).
      let consentChange: Promise<unknown> = Promise.resolve();
      await test.db.transaction(async (tx) => {
        await replaceDocument(tx, record, chunks(7, 'overlap one'));
        consentChange = test.db.transaction((other) =>
          applyConsentChange(other, 'doc-rur-assess', { status: 'granted', audience: { kind: 'entities', ids: ['GAMMA'] }, actor: 'test' }),
        );
        await waitForLockWait();
        await applyConsentChange(tx, 'doc-rur-assess', { status: 'granted', audience: { kind: 'compact' }, actor: 'test' });
      });
      await consentChange;
      await expectExactCounts(test.db, 're-ingest first');

      // Consent change first: the re-ingest waits for it.
      let reingest: Promise<unknown> = Promise.resolve();
      await test.db.transaction(async (tx) => {
        await applyConsentChange(tx, 'doc-rur-assess', { status: 'revoked', audience: { kind: 'compact' }, actor: 'test' });
        reingest = test.db.transaction((other) => replaceDocument(other, record, chunks(11, 'overlap two')));
        await waitForLockWait();
      });
      await reingest;
      await expectExactCounts(test.db, 'consent change first');
    },
  );

  it('are recounted after a TRUNCATE', async () => {
    await test.db.exec('TRUNCATE documents CASCADE');
    expect(await countsTable(test.db)).toEqual([]);
    const document: DocumentRecord = {
      id: 'doc-after-truncate',
      title: 'A document',
      kind: 'assessment',
      format: 'md',
      memberStateId: null,
      ownerEntityId: 'ALPHA',
      language: 'en',
      documentDate: null,
      classification: 'internal',
      canary: null,
      sourcePath: null,
      contentHash: 'x',
    };
    await test.db.transaction((tx) => replaceDocument(tx, document, chunks(2, 'after truncate')));
    await expectExactCounts(test.db, 'after a TRUNCATE');
    expect((await countsTable(test.db)).map((row) => [row.documents, row.chunks])).toEqual([[1, 2]]);
  });
});
