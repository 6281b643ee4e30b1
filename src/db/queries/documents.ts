import type { Classification, Language } from '../../core/retrieval/retrieved-chunk.js';
import { textSearchConfig, toSearchText } from '../../core/retrieval/search-terms.js';
import type { Queryable } from '../database.js';

export interface DocumentRecord {
  id: string;
  title: string;
  kind: string;
  format: string;
  memberStateId: string | null;
  ownerEntityId: string;
  language: Language;
  documentDate: string | null;
  classification: Classification;
  canary: string | null;
  sourcePath: string | null;
  contentHash: string;
}

export interface ChunkRecord {
  ordinal: number;
  heading: string | null;
  text: string;
  language: Language;
  /** The text to index when it differs from `text` (planted instructions left out, the document's lead added); defaults to `text`. */
  searchText?: string;
  /** Present only when embeddings are configured and the database has pgvector. */
  embedding?: number[];
}

export async function findContentHash(db: Queryable, documentId: string): Promise<string | undefined> {
  const result = await db.query<{ content_hash: string }>('SELECT content_hash FROM documents WHERE id = $1', [documentId]);
  return result.rows[0]?.content_hash;
}

/**
 * Writes a document and all its chunks, replacing any earlier version. Call it inside a transaction
 * so a reader sees the old version or the new one, never a mix (the consent row is kept: it belongs
 * to the document, not to one version of its text).
 */
export async function replaceDocument(
  tx: Queryable,
  document: DocumentRecord,
  chunks: ChunkRecord[],
  embeddingModel?: string,
): Promise<void> {
  const searchTitle = toSearchText(document.title);
  await tx.query(
    `INSERT INTO documents (id, title, kind, format, member_state_id, owner_entity_id, language, document_date, classification, canary, source_path, content_hash,
                            title_vector)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
             setweight(to_tsvector($13::regconfig, $14), 'A') || to_tsvector('simple', $14))
     ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, title_vector = EXCLUDED.title_vector, kind = EXCLUDED.kind, format = EXCLUDED.format,
       member_state_id = EXCLUDED.member_state_id, owner_entity_id = EXCLUDED.owner_entity_id, language = EXCLUDED.language,
       document_date = EXCLUDED.document_date, classification = EXCLUDED.classification, canary = EXCLUDED.canary,
       source_path = EXCLUDED.source_path, content_hash = EXCLUDED.content_hash, updated_at = now()`,
    [
      document.id,
      document.title,
      document.kind,
      document.format,
      document.memberStateId,
      document.ownerEntityId,
      document.language,
      document.documentDate,
      document.classification,
      document.canary,
      document.sourcePath,
      document.contentHash,
      textSearchConfig(document.language),
      searchTitle,
    ],
  );
  await tx.query('DELETE FROM chunks WHERE document_id = $1', [document.id]);
  await tx.query('UPDATE documents SET chunk_count = $2 WHERE id = $1', [document.id, chunks.length]);
  if (chunks.length === 0) return;
  // The title and the section heading are indexed with every chunk (heading weighted A, title B):
  // a passage under "Border management" about "posts" should match a question about borders, and
  // every passage of the Koravia report should match "Koravia". The `simple` copy keeps names and
  // codes matchable from a question in another language.
  await tx.query(
    `INSERT INTO chunks (document_id, ordinal, heading, text, language, search_vector)
     SELECT $1, u.ordinal, u.heading, u.text, u.language,
            setweight(to_tsvector(u.config::regconfig, coalesce(u.search_heading, '')), 'A')
         || setweight(to_tsvector(u.config::regconfig, $2), 'B')
         || to_tsvector(u.config::regconfig, u.search_text)
         || to_tsvector('simple', $2 || ' ' || coalesce(u.search_heading, '') || ' ' || u.search_text)
       FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS u(ordinal, heading, text, language, config, search_heading, search_text)`,
    [
      document.id,
      searchTitle,
      chunks.map((chunk) => chunk.ordinal),
      chunks.map((chunk) => chunk.heading),
      chunks.map((chunk) => chunk.text),
      chunks.map((chunk) => chunk.language),
      chunks.map((chunk) => textSearchConfig(chunk.language)),
      chunks.map((chunk) => (chunk.heading === null ? null : toSearchText(chunk.heading))),
      chunks.map((chunk) => toSearchText(chunk.searchText ?? chunk.text)),
    ],
  );
  if (embeddingModel && chunks.some((chunk) => chunk.embedding)) {
    for (const chunk of chunks) {
      if (!chunk.embedding) continue;
      await tx.query('UPDATE chunks SET embedding = $3::vector, embedding_model = $4 WHERE document_id = $1 AND ordinal = $2', [
        document.id,
        chunk.ordinal,
        `[${chunk.embedding.join(',')}]`,
        embeddingModel,
      ]);
    }
  }
}

export async function countDocuments(db: Queryable): Promise<{ documents: number; chunks: number }> {
  const result = await db.query<{ documents: number; chunks: number }>(
    'SELECT (SELECT count(*)::int FROM documents) AS documents, (SELECT count(*)::int FROM chunks) AS chunks',
  );
  return result.rows[0] ?? { documents: 0, chunks: 0 };
}

export interface DocumentSummary {
  id: string;
  title: string;
  kind: string;
  memberStateId: string | null;
  ownerEntityId: string;
  language: string;
  documentDate: string | null;
  classification: Classification;
}

export async function findDocument(db: Queryable, documentId: string): Promise<DocumentSummary | undefined> {
  const result = await db.query<{
    id: string;
    title: string;
    kind: string;
    member_state_id: string | null;
    owner_entity_id: string;
    language: string;
    document_date: string | null;
    classification: Classification;
  }>('SELECT id, title, kind, member_state_id, owner_entity_id, language, document_date, classification FROM documents WHERE id = $1', [
    documentId,
  ]);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    memberStateId: row.member_state_id,
    ownerEntityId: row.owner_entity_id,
    language: row.language,
    documentDate: row.document_date,
    classification: row.classification,
  };
}
