import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../src/db/migrate.js';
import { searchChunks } from '../../src/db/queries/retrieval.js';
import { namesItsDocument, type Language } from '../../src/core/retrieval/retrieved-chunk.js';
import { textSearchConfig, toSearchText } from '../../src/core/retrieval/search-terms.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/**
 * A database that held documents before migration 0030 (which added documents.title_vector) is
 * upgraded: 0030's backfill wrote `simple` forms only, so retrieval (which reads the title's
 * weight-A stems) never saw such a document as named; 0031 rewrites those vectors as ingestion does.
 */
const OLD_DOCUMENTS: { id: string; language: Language; title: string; chunk: string }[] = [
  {
    id: 'doc-old-en',
    language: 'en',
    title: 'Technical Assistance Needs of Valdoria',
    chunk: 'VAL-TA-01 Connect the remaining border posts to INTERPOL.',
  },
  { id: 'doc-old-fr', language: 'fr', title: 'Rapport d’évaluation de la Valdorie', chunk: 'La Valdorie compte 23 postes frontières.' },
  { id: 'doc-old-es', language: 'es', title: 'Recomendaciones para Valdoria', chunk: 'Adoptar el decreto sobre fronteras.' },
  { id: 'doc-old-ru', language: 'ru', title: 'Дорожная карта Вальдории', chunk: 'Закупить четыре станка.' },
  { id: 'doc-old-ar', language: 'ar', title: 'ملاحظات المشاورة مع فالدوريا', chunk: 'اتفق المشاركون على خارطة طريق.' },
  { id: 'doc-old-zh', language: 'zh', title: '2026年 瓦尔多利亚 预算简报 (VAL-B)', chunk: '核定预算为830万美元。' },
];

let test: TestDatabase;
const migrations = loadMigrations();

/** What ingestion writes for a title today (src/db/queries/documents.ts). */
async function ingestedTitleVector(title: string, language: Language): Promise<string> {
  const searchTitle = toSearchText(title);
  const result = await test.db.query<{ v: string }>(
    `SELECT (setweight(to_tsvector($1::regconfig, $2), 'A') || to_tsvector('simple', $2))::text AS v`,
    [textSearchConfig(language), searchTitle],
  );
  return result.rows[0]!.v;
}

async function storedTitleVectors(): Promise<Map<string, string>> {
  const result = await test.db.query<{ id: string; v: string }>('SELECT id, title_vector::text AS v FROM documents ORDER BY id');
  return new Map(result.rows.map((row) => [row.id, row.v]));
}

const askForEnglishDocument = () =>
  searchChunks(test.db, {
    memberId: 'mbr-owner',
    context: { kind: 'dm' },
    query: 'post the technical assistance needs of Valdoria',
    language: 'en',
  });

beforeAll(async () => {
  test = await createTestDatabase({ empty: true });
  await migrate(
    test.db,
    migrations.filter((m) => m.version < 30),
  );
  // Written the way the code before 0030 did: no title vector, chunks indexed with their title.
  await test.db.exec(`
    INSERT INTO entities (id, acronym, name, type) VALUES ('CTED', 'CTED', 'Counter-Terrorism Committee Executive Directorate', 'un');
    INSERT INTO member_states (id, name) VALUES ('valdoria', 'Republic of Valdoria');
    INSERT INTO members (id, name, entity_id) VALUES ('mbr-owner', 'Owner Person', 'CTED');
  `);
  for (const doc of OLD_DOCUMENTS) {
    await test.db.query(
      `INSERT INTO documents (id, title, kind, format, member_state_id, owner_entity_id, language, classification, content_hash)
       VALUES ($1, $2, 'ta_needs', 'md', 'valdoria', 'CTED', $3, 'internal', $1)`,
      [doc.id, doc.title, doc.language],
    );
    await test.db.query(
      `INSERT INTO chunks (document_id, ordinal, heading, text, language, search_vector)
       VALUES ($1, 0, NULL, $2, $3, to_tsvector($4::regconfig, $5 || ' ' || $2) || to_tsvector('simple', $5 || ' ' || $2))`,
      [doc.id, doc.chunk, doc.language, textSearchConfig(doc.language), toSearchText(doc.title)],
    );
  }
});
afterAll(async () => {
  await test.drop();
});

describe('upgrading a database with documents from before migration 0030', () => {
  it('after 0030 alone, titles have no weight-A words and no document is named (the defect 0031 repairs)', async () => {
    // Every migration but 0031: today's retrieval reads tables of later migrations (0070), and the
    // defect is 0030's backfill whatever comes after it; the next test applies 0031 last.
    await migrate(
      test.db,
      migrations.filter((m) => m.version !== 31),
    );
    const weighted = await test.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM documents WHERE ts_filter(title_vector, '{a}') <> ''::tsvector`,
    );
    expect(weighted.rows[0]?.n).toBe(0);
    const top = await askForEnglishDocument();
    expect(top[0]?.documentId).toBe('doc-old-en');
    expect(namesItsDocument(top[0]!)).toBe(false);
  });

  it('after every migration, each title vector is exactly what ingestion writes, in all six languages', async () => {
    await migrate(test.db);
    const stored = await storedTitleVectors();
    for (const doc of OLD_DOCUMENTS) {
      const expected = await ingestedTitleVector(doc.title, doc.language);
      expect(expected, doc.id).toMatch(/:[\d,]*\dA/); // has weight-A lexemes to compare
      expect(stored.get(doc.id), doc.id).toBe(expected);
    }
  });

  it('and a question naming a document by its title is recognised as naming it again', async () => {
    const top = await askForEnglishDocument();
    expect(top[0]?.documentId).toBe('doc-old-en');
    expect(top[0]?.titleCoverage).toBe(1);
    expect(namesItsDocument(top[0]!)).toBe(true);
  });
});
