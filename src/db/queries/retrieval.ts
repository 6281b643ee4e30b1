import type { Language, RetrievedChunk, SearchChunksRequest } from '../../core/retrieval/retrieved-chunk.js';
import { isLanguage, namesItsDocument } from '../../core/retrieval/retrieved-chunk.js';
import { fuseRankedLists } from '../../core/retrieval/fuse-ranked-lists.js';
import { kindsNamed } from '../../core/retrieval/document-kinds.js';
import { memberStatesNamed, rescoreAcrossNamedStates } from '../../core/retrieval/member-state-names.js';
import { creditCatalogFields } from '../../core/retrieval/credit-catalog-fields.js';
import {
  capitalisedStopWords,
  questionTerms,
  textSearchConfig,
  type BaseForms,
  type StopWords,
} from '../../core/retrieval/search-terms.js';
import type { Queryable } from '../database.js';
import { contextMembersSql, documentScopeSql, scopeAmongSql, scopeCountsSql, scopeParams } from './access-scope.js';
import { PASSAGE_COLUMNS, toCitablePassage, type PassageRow } from './passage-rows.js';

export interface SearchOptions {
  /** How many lexical matches are re-scored (bounded, so OR-heavy questions stay fast at 100k chunks). */
  candidateLimit?: number;
  /** The question's embedding; when given (and the chunks table has pgvector), similarity is fused in by reciprocal rank. */
  queryEmbedding?: number[] | null;
  /** RRF constant; 60 is the value of the original paper and of most engines. */
  rrfK?: number;
  /** Stop lists per language (src/app/stop-words.ts); without them only the database's stemmer lists apply. */
  stopWords?: StopWords;
  /** Dictionary forms per language (src/app/word-forms.ts): an irregular form is searched with its base too. */
  baseForms?: BaseForms;
}

const DEFAULT_LIMIT = 8;
const DEFAULT_CANDIDATES = 200;
/** Document frequencies are counted up to this cap: beyond it a term is common whatever the exact count. */
const DF_CAP = 1_000;
/**
 * Testing one document found by its key costs about as much as testing 3-8 in one pass over every
 * document and consent (PostgreSQL 15, 20,000 bench documents, medians on the shared 2-core
 * machine at load 5-7: by key 6-8 µs a document, in one pass 1-2.5 µs in a DM and 2.5-3 µs in a
 * channel, where every member of the group is tested too). The scope is tested by key when the
 * chunks holding a question word are at most the number of documents over this; counted in chunks
 * (at least as many as their documents, so the count errs towards the pass) it stops there, and a
 * question of common words pays for a short count, not for listing its documents.
 */
const KEY_LOOKUP_COST = 8;
/**
 * Languages whose words change form so much that a question and a document rarely share a stem
 * (Russian: закупить / закупка). Their stems are matched as prefixes (four letters at least).
 */
const PREFIX_LANGUAGES = new Set<Language>(['ru']);

interface ChunkRow extends PassageRow {
  member_state_name: string | null;
  member_state_names: string[] | null;
  coverage: number | null;
  focus_coverage: number | null;
  lexical_rank: number | null;
  title_coverage: number | null;
  beyond_title_coverage: number | null;
  similarity: number | null;
  term_weights: string | null;
  absent_terms: string[] | null;
  matched_terms: string[] | null;
}

const CHUNK_COLUMNS = `${PASSAGE_COLUMNS}, st.name AS member_state_name, st_names.names AS member_state_names`;
/**
 * The forms naming each passage's Member State, in their imported order (names, then adjectives);
 * a State imported without them (before migration 0125) is named by its directory name.
 */
const STATE_NAMES_JOIN = `LEFT JOIN LATERAL (
         SELECT CASE WHEN st.id IS NULL THEN NULL
                     ELSE coalesce((SELECT array_agg(n.name ORDER BY n.position) FROM member_state_names n WHERE n.member_state_id = st.id), ARRAY[st.name]) END AS names
       ) st_names ON true`;

/**
 * Lexical retrieval inside the scope, in one statement:
 * 1. terms: each question word stemmed with the question language's configuration (stop words
 *    drop out) OR'ed with its `simple` form, so names and codes match documents in any language,
 *    and, when the word is one of a Member State's imported forms (migration 0125: "Syrian",
 *    "Britain", "Koravian"), with every form of that State: documents name the State in their
 *    title, members use an adjective or another name;
 * 2. scope: the documents the member may use in this context (access-scope.ts), decided by the
 *    access rule on their current consent rows, but only for the documents holding a question word
 *    (nothing else can match), so the work follows the question, not the corpus; and the number of
 *    chunks in the whole scope, for IDF, summed over access classes (migration 0070);
 * 3. candidates: chunks in scope matching any term, best `ts_rank` first, at most `candidateLimit`;
 * 4. score: the IDF-weighted share of the question's terms a candidate contains ("coverage"), with
 *    document frequencies counted inside the scope, and the same share over the question's rarer
 *    half of terms ("focus coverage": the words that say what the question is about). Both are
 *    comparable across questions, which is what lets thresholds decide "couldn't find";
 * 5. for the passages kept: the share of their document title's words that the question contains
 *    ("title coverage", which tells a request for a named document: "post the needs list"), and the
 *    coverage of the question's other words, those found somewhere in the scope but not in the
 *    title, which tells whether the passage is what the member asks about that document. The
 *    title's vector is stored at ingest (migration 0030).
 */
async function lexicalSearch(
  db: Queryable,
  request: SearchChunksRequest,
  language: Language,
  limit: number,
  candidateLimit: number,
  stopWords: StopWords,
  baseForms: BaseForms,
): Promise<ChunkRow[]> {
  const asked = questionTerms(request.query, language, stopWords, baseForms);
  const terms = [...asked, ...capitalisedStopWords(request.query, language, stopWords).filter((word) => !asked.includes(word))];
  if (terms.length === 0) return [];
  const [memberId, groupId, readerIds] = scopeParams(request);
  const result = await db.query<ChunkRow>(
    `WITH ${contextMembersSql('$1', '$2', '$9')},
     term_input AS (
       SELECT u.ord, u.term, websearch_to_tsquery($3::regconfig, u.term) AS stemmed, websearch_to_tsquery('simple', u.term) AS plain,
              (SELECT string_agg(DISTINCT phraseto_tsquery('simple', f.name)::text, ' | ')::tsquery
                 FROM member_state_names t JOIN member_state_names f ON f.member_state_id = t.member_state_id
                WHERE (lower(t.name) = ANY (string_to_array(u.term, ' or ')) OR lower(t.name) = regexp_replace(u.term, '(.{4,})s$', '\\1'))
                  AND t.name !~ '\\s'
                  AND (t.name !~ '^[A-Z.]+$' OR $8 ~ ('\\m' || t.name || '\\M'))
                  AND numnode(phraseto_tsquery('simple', f.name)) > 0) AS place
         FROM unnest($4::text[]) WITH ORDINALITY AS u(term, ord)
     ),
     terms AS (
       SELECT ord, term,
              (CASE WHEN $7::boolean
                    THEN regexp_replace(stemmed::text, '''([^'']{4,})''', '''\\1'':*', 'g')::tsquery
                    ELSE stemmed END) || (CASE WHEN place IS NULL THEN plain ELSE plain || place END) AS q
         -- A capitalised stop word (after the question's own terms) stays only where it names a Member State.
         FROM term_input WHERE CASE WHEN ord <= $10 THEN numnode(stemmed) > 0 ELSE place IS NOT NULL END
     ),
     any_term AS MATERIALIZED (SELECT string_agg('(' || q::text || ')', ' | ')::tsquery AS q FROM terms),
     counts AS MATERIALIZED (${scopeCountsSql('$2')}),
     lookup_budget AS MATERIALIZED (SELECT floor((SELECT documents FROM counts) / ${KEY_LOOKUP_COST})::bigint AS n),
     few_matches AS MATERIALIZED (
       SELECT count(*) <= (SELECT n FROM lookup_budget) AS yes FROM (
         SELECT 1 FROM chunks c CROSS JOIN any_term WHERE c.search_vector @@ any_term.q LIMIT (SELECT n + 1 FROM lookup_budget)) counted
     ),
     matched AS MATERIALIZED (
       SELECT DISTINCT c.document_id FROM chunks c CROSS JOIN any_term WHERE c.search_vector @@ any_term.q
     ),
     scope AS MATERIALIZED (${scopeAmongSql('$2', 'matched', '(SELECT yes FROM few_matches)')}),
     universe AS MATERIALIZED (SELECT chunks AS n FROM counts),
     weights AS (
       SELECT t.ord, t.term, t.q, df.n AS df,
              ln(1 + (u.n - df.n + 0.5) / (df.n + 0.5)) AS idf
         FROM terms t CROSS JOIN universe u
         CROSS JOIN LATERAL (
           SELECT count(*)::float8 AS n FROM (
             SELECT 1 FROM chunks c JOIN scope ON scope.document_id = c.document_id
              WHERE c.search_vector @@ t.q LIMIT ${DF_CAP}) capped
         ) df
     ),
     total AS (SELECT sum(idf) AS idf, percentile_cont(0.5) WITHIN GROUP (ORDER BY idf) AS median FROM weights),
     focus AS (SELECT w.ord, w.q, w.idf FROM weights w, total WHERE w.idf >= total.median),
     focus_total AS (SELECT sum(idf) AS idf FROM focus),
     candidates AS (
       SELECT c.id, ts_rank(c.search_vector, any_term.q) AS lexical_rank
         FROM chunks c JOIN scope ON scope.document_id = c.document_id CROSS JOIN any_term
        WHERE c.search_vector @@ any_term.q
        ORDER BY lexical_rank DESC
        LIMIT $5
     ),
     scored AS (
       -- Each sum reads weights in its stored order, the order total and focus_total were summed in: a
       -- float sum depends on its order, and rows reaching a grouped aggregate come in whatever order
       -- the plan gives (a passage holding every word scored 0.9999999999999998 under one plan and 1
       -- under another, which reordered ties).
       SELECT cand.id, cand.lexical_rank,
              coalesce((SELECT sum(w.idf) FROM weights w WHERE c.search_vector @@ w.q), 0) / nullif((SELECT idf FROM total), 0) AS coverage,
              coalesce((SELECT sum(f.idf) FROM focus f WHERE c.search_vector @@ f.q), 0) / nullif((SELECT idf FROM focus_total), 0) AS focus_coverage,
              (SELECT array_agg(w.term ORDER BY w.ord) FROM weights w WHERE c.search_vector @@ w.q) AS matched_terms
         FROM candidates cand JOIN chunks c ON c.id = cand.id
     ),
     top AS (SELECT * FROM scored ORDER BY coverage DESC, lexical_rank DESC, id LIMIT $6),
     -- Every word of the question (stop words included: "the needs list" names a needs list), for title coverage.
     asked AS (SELECT tsvector_to_array(to_tsvector($3::regconfig, $8) || to_tsvector('simple', $8)) AS words)
     SELECT ${CHUNK_COLUMNS}, top.coverage::float8 AS coverage, top.focus_coverage::float8 AS focus_coverage,
            top.lexical_rank::float8 AS lexical_rank, NULL::float8 AS similarity, top.matched_terms,
            (SELECT json_object_agg(w.term, round(w.idf::numeric, 4))::text FROM weights w) AS term_weights,
            (SELECT coalesce(array_agg(w.term ORDER BY w.ord), '{}') FROM weights w WHERE w.df = 0) AS absent_terms,
            (SELECT avg((lexeme = ANY(asked.words) OR (state_named.yes AND lexeme = ANY(state_named.words)))::int)::float8
               FROM unnest(tsvector_to_array(ts_filter(d.title_vector, '{a}'))) AS lexeme) AS title_coverage,
            (SELECT coalesce(sum(w.idf) FILTER (WHERE c.search_vector @@ w.q), 0) / nullif(sum(w.idf), 0)
               FROM weights w WHERE w.df > 0 AND NOT d.title_vector @@ w.q) AS beyond_title_coverage
       FROM top
       JOIN chunks c ON c.id = top.id
       JOIN scope ON scope.document_id = c.document_id
       JOIN documents d ON d.id = c.document_id
       CROSS JOIN any_term
       LEFT JOIN member_states st ON st.id = d.member_state_id
       ${STATE_NAMES_JOIN}
       CROSS JOIN asked
       CROSS JOIN LATERAL (
         SELECT EXISTS (SELECT 1 FROM unnest(st_names.names) AS n(name)
                         WHERE numnode(phraseto_tsquery('simple', n.name)) > 0
                           AND to_tsvector('simple', $8) @@ phraseto_tsquery('simple', n.name)
                           AND (n.name !~ '^[A-Z.]+$' OR $8 ~ ('\\m' || n.name || '\\M'))) AS yes,
                tsvector_to_array(to_tsvector('english', coalesce(st.name, '')) || to_tsvector('simple', coalesce(st.name, ''))) AS words
       ) state_named
      ORDER BY top.coverage DESC, top.lexical_rank DESC, c.id`,
    [
      memberId,
      groupId,
      textSearchConfig(language),
      terms,
      candidateLimit,
      limit,
      PREFIX_LANGUAGES.has(language),
      request.query,
      readerIds,
      asked.length,
    ],
  );
  return result.rows;
}

async function vectorSearch(db: Queryable, request: SearchChunksRequest, embedding: number[], limit: number): Promise<ChunkRow[]> {
  const [memberId, groupId, readerIds] = scopeParams(request);
  const result = await db.query<ChunkRow>(
    `WITH scope AS (${documentScopeSql('$1', '$2', '$5')})
     SELECT ${CHUNK_COLUMNS}, NULL::float8 AS coverage, NULL::float8 AS focus_coverage, NULL::float8 AS lexical_rank,
            (1 - (c.embedding <=> $3::vector))::float8 AS similarity,
            NULL::float8 AS title_coverage, NULL::float8 AS beyond_title_coverage, NULL::text AS term_weights, NULL::text[] AS absent_terms,
            NULL::text[] AS matched_terms
       FROM chunks c
       JOIN scope ON scope.document_id = c.document_id
       JOIN documents d ON d.id = c.document_id
       LEFT JOIN member_states st ON st.id = d.member_state_id
       ${STATE_NAMES_JOIN}
      WHERE c.embedding IS NOT NULL
      ORDER BY c.embedding <=> $3::vector
      LIMIT $4`,
    [memberId, groupId, `[${embedding.join(',')}]`, limit, readerIds],
  );
  return result.rows;
}

function toRetrievedChunk(row: ChunkRow, score: number): RetrievedChunk {
  return {
    ...toCitablePassage(row),
    memberStateName: row.member_state_name,
    memberStateNames: row.member_state_names,
    language: isLanguage(row.language) ? row.language : 'en',
    score,
    coverage: row.coverage ?? 0,
    focusCoverage: row.focus_coverage ?? 0,
    titleCoverage: row.title_coverage ?? 0,
    beyondTitleCoverage: row.beyond_title_coverage ?? 1,
    similarity: row.similarity,
    termWeights: row.term_weights ? (JSON.parse(row.term_weights) as Record<string, number>) : undefined,
    absentTerms: row.absent_terms ?? undefined,
    matchedTerms: row.matched_terms ?? [],
  };
}

/**
 * The passages most relevant to a question among the documents the member may use in the context,
 * best first. Scope is applied inside each SQL statement; an unknown member (null) gets nothing.
 * Without an embedding the ranking is lexical only (score = coverage); with one, the lexical and
 * vector lists are fused by reciprocal rank (each list is already scoped).
 */
export async function searchChunks(db: Queryable, request: SearchChunksRequest, options: SearchOptions = {}): Promise<RetrievedChunk[]> {
  if (request.memberId === null) return [];
  const limit = request.limit ?? DEFAULT_LIMIT;
  // The caller detects the language (a core port; src/app wires franc-min); English otherwise.
  const language = request.language ?? 'en';
  const candidateLimit = Math.max(options.candidateLimit ?? DEFAULT_CANDIDATES, limit);
  const rows = await lexicalSearch(
    db,
    request,
    language,
    Math.max(limit * 3, 20),
    candidateLimit,
    options.stopWords ?? {},
    options.baseForms ?? {},
  );
  const lexical = creditCatalogFields(
    request.query,
    rescoreAcrossNamedStates(
      request.query,
      rows.map((row) => toRetrievedChunk(row, row.coverage ?? 0)),
    ),
  );
  if (!options.queryEmbedding)
    return withNamedDocuments(
      diversify(lexical, (chunk) => chunk.coverage),
      limit,
      request.query,
    );

  const vector = (await vectorSearch(db, request, options.queryEmbedding, Math.max(limit * 3, 20))).map((row) => toRetrievedChunk(row, 0));
  const fused = fuseRankedLists([lexical.map(withChunkId), vector.map(withChunkId)], Infinity, options.rrfK);
  // A chunk found by both lists keeps its lexical row (coverage) and gains the vector similarity.
  const similarity = new Map(vector.map((chunk) => [chunk.chunkId, chunk.similarity]));
  const fusedScore = new Map(fused.map(({ item, score }) => [item.chunkId, score]));
  return withNamedDocuments(
    diversify(
      fused.map(({ item }) => ({ ...item.chunk, similarity: similarity.get(item.chunkId) ?? item.chunk.similarity })),
      (chunk) => fusedScore.get(chunk.chunkId) ?? 0,
    ),
    limit,
    request.query,
  );
}

/**
 * The best `limit` passages, then the further passages of any document the question names by title
 * among the ranked ones ("post Valdoria's needs list" asks for all of it, not its best-matching
 * part), and the next few of the Member States it names, marked as handed on beyond the ranking.
 */
function withNamedDocuments(ranked: RetrievedChunk[], limit: number, question: string): RetrievedChunk[] {
  const best = ranked.slice(0, limit);
  const named = new Set(best.filter(namesItsDocument).map((chunk) => chunk.documentId));
  const rest = ranked.slice(limit);
  // A question naming a Member State (and no kind of document) asks what that State's documents say,
  // in their own words: its next best passages are handed on too.
  const states = kindsNamed(question).length === 0 ? memberStatesNamed(question, ranked) : new Set<string>();
  const ofNamedStates = new Set(
    rest
      .filter((chunk) => !named.has(chunk.documentId) && chunk.memberStateName !== null && states.has(chunk.memberStateName))
      .slice(0, NAMED_STATE_PASSAGES),
  );
  return [
    ...best,
    ...rest.flatMap((chunk) =>
      ofNamedStates.has(chunk) ? [{ ...chunk, ofNamedStateBeyondRanking: true }] : named.has(chunk.documentId) ? [chunk] : [],
    ),
  ];
}

/** Further passages of a named Member State's documents handed on beyond the ranked list. */
const NAMED_STATE_PASSAGES = 4;

const withChunkId = (chunk: RetrievedChunk) => ({ chunkId: chunk.chunkId, chunk });

/** Each further passage from a document already listed counts a little less. */
const SAME_DOCUMENT_DECAY = 0.85;

/**
 * Greedy re-ranking so one long document does not fill the whole list: a question spanning several
 * documents ("which Member States' needs lists…") gets each document's best passage near the top,
 * while a strong second passage of the same document still beats a weak one elsewhere. A document
 * the question names by title is exempt: the member asked for that document, all of it.
 */
function diversify(chunks: RetrievedChunk[], scoreOf: (chunk: RetrievedChunk) => number): RetrievedChunk[] {
  const remaining = chunks.map((chunk) => ({ chunk, base: scoreOf(chunk), named: namesItsDocument(chunk) }));
  const perDocument = new Map<string, number>();
  const ranked: RetrievedChunk[] = [];
  while (remaining.length > 0) {
    let bestIndex = 0;
    let bestScore = -Infinity;
    remaining.forEach((item, index) => {
      const seen = item.named ? 0 : (perDocument.get(item.chunk.documentId) ?? 0);
      const score = item.base * SAME_DOCUMENT_DECAY ** seen;
      if (score > bestScore || (score === bestScore && item.chunk.chunkId < (remaining[bestIndex]?.chunk.chunkId ?? Infinity))) {
        bestScore = score;
        bestIndex = index;
      }
    });
    const [picked] = remaining.splice(bestIndex, 1);
    if (!picked) break;
    perDocument.set(picked.chunk.documentId, (perDocument.get(picked.chunk.documentId) ?? 0) + 1);
    ranked.push({ ...picked.chunk, score: bestScore });
  }
  return ranked;
}
