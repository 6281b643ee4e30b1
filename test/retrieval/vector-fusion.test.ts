import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { hasVectorSupport } from '../../src/db/migrate.js';
import { importDirectory } from '../../src/db/queries/directory.js';
import { loadDirectoryFile } from '../../src/ingest/load-directory-file.js';
import { ingestCatalog } from '../../src/ingest/ingest-catalog.js';
import { createEmbedder } from '../../src/llm/embedder.js';
import { createSearchChunks } from '../../src/app/create-search-chunks.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { FIXTURE_CATALOG, FIXTURE_DIRECTORY } from '../helpers/ingest-fixture.js';
import { useTestDatabase } from '../helpers/test-database.js';

const test = useTestDatabase();
let server: FakeOpenAiServer;
let vectors: boolean;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  vectors = await hasVectorSupport(test.db);
  await importDirectory(test.db, loadDirectoryFile(FIXTURE_DIRECTORY));
  const embedder = createEmbedder(loadConfig({ OPENAI_BASE_URL: server.baseUrl, EMBEDDING_MODEL: 'fake-embed' }).llm);
  // As the CLI does: embed only where the column exists; restricted text never goes to an external endpoint.
  await ingestCatalog(test.db, FIXTURE_CATALOG, { embedder: vectors ? embedder : undefined, embedRestricted: false });
});
afterAll(async () => {
  await server.close();
});

function embeddedInputs(): string[] {
  return server.requests
    .filter((r) => r.path.endsWith('/embeddings'))
    .flatMap((r) => (Array.isArray(r.body.input) ? (r.body.input as string[]) : [String(r.body.input)]));
}

describe('vector similarity fused by reciprocal rank', () => {
  it('embeds only non-restricted documents for an external endpoint', async () => {
    if (!vectors) {
      expect(embeddedInputs()).toEqual([]);
      return;
    }
    const rows = await test.db.query<{ classification: string; embedded: boolean }>(
      'SELECT d.classification, c.embedding IS NOT NULL AS embedded FROM chunks c JOIN documents d ON d.id = c.document_id',
    );
    expect(rows.rows.filter((row) => row.classification === 'restricted').every((row) => !row.embedded)).toBe(true);
    expect(rows.rows.filter((row) => row.classification !== 'restricted').every((row) => row.embedded)).toBe(true);
    expect(embeddedInputs().some((input) => input.includes('17 official land border'))).toBe(false); // restricted assessment
  });

  it('ranks the nearest passage first when embeddings exist, and stays lexical with no error when they do not', async () => {
    const embedder = createEmbedder(loadConfig({ OPENAI_BASE_URL: server.baseUrl, EMBEDDING_MODEL: 'fake-embed' }).llm);
    const search = await createSearchChunks(test.db, { embedder });
    const target = await test.db.query<{ id: number; title: string; heading: string | null; text: string }>(
      "SELECT c.id, d.title, c.heading, c.text FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.document_id = 'doc-rur-ta' ORDER BY c.ordinal LIMIT 1",
    );
    const chunk = target.rows[0];
    if (!chunk) throw new Error('fixture chunk missing');
    // The fake embeds identical text identically: this query's vector equals the chunk's.
    const query = `${chunk.title}\n${chunk.heading ?? ''}\n${chunk.text}`;
    const results = await search({ memberId: 'mbr-anna', context: { kind: 'dm' }, query, limit: 5 });
    expect(results[0]?.chunkId).toBe(chunk.id);
    if (vectors) expect(results[0]?.similarity).toBeCloseTo(1, 5);
    else expect(results.every((r) => r.similarity === null)).toBe(true);

    // Scope holds for the vector list too: mbr-cara may not see doc-rur-ta (wg-one only).
    const outside = await search({ memberId: 'mbr-cara', context: { kind: 'dm' }, query, limit: 10 });
    expect(outside.map((r) => r.documentId)).not.toContain('doc-rur-ta');
  });
});
