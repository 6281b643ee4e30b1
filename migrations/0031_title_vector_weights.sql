-- Migration 0030 backfilled title vectors with the `simple` forms only, but retrieval reads the
-- title's weight-A lexemes (the stems, in the document's language) to tell that a question names a
-- document: every document ingested before 0030 was never "named" after the upgrade. This rebuilds
-- those vectors exactly as ingestion writes them (src/db/queries/documents.ts, replaceDocument):
--   setweight(to_tsvector(<language's config>, t), 'A') || to_tsvector('simple', t)
-- where t is the title with every run of Han characters written as overlapping character bigrams
-- (src/core/retrieval/search-terms.ts, toSearchText). Only vectors without any weight-A lexeme are
-- rewritten: those are the ones 0030 wrote; a vector ingestion wrote is left as it is.
WITH han AS (
  -- \p{Script=Han}, as PostgreSQL's regular expressions spell it.
  SELECT '[\u2E80-\u2FDF\u3005\u3007\u3021-\u3029\u3038-\u303B\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0003134F]'::text AS class
),
titles AS (
  SELECT d.id,
         (CASE d.language
            WHEN 'en' THEN 'english' WHEN 'fr' THEN 'french' WHEN 'es' THEN 'spanish'
            WHEN 'ru' THEN 'russian' WHEN 'ar' THEN 'arabic' ELSE 'simple'
          END)::regconfig AS config,
         CASE WHEN d.title !~ han.class THEN d.title ELSE (
           SELECT string_agg(
                    CASE WHEN part.run !~ ('^' || han.class) THEN part.run
                         WHEN char_length(part.run) = 1 THEN ' ' || part.run || ' '
                         ELSE ' ' || (SELECT string_agg(substr(part.run, i, 2), ' ' ORDER BY i)
                                        FROM generate_series(1, char_length(part.run) - 1) AS i) || ' '
                    END, '' ORDER BY piece.n)
             FROM regexp_matches(d.title, '(' || han.class || '+|[^' || substr(han.class, 2) || '+)', 'g') WITH ORDINALITY AS piece(parts, n),
                  LATERAL (SELECT piece.parts[1] AS run) part
         ) END AS search_title
    FROM documents d CROSS JOIN han
   WHERE ts_filter(d.title_vector, '{a}') = ''::tsvector
)
UPDATE documents d
   SET title_vector = setweight(to_tsvector(t.config, t.search_title), 'A') || to_tsvector('simple', t.search_title)
  FROM titles t
 WHERE t.id = d.id;
