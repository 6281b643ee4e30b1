-- Retrieval asks of every top passage whether the question names its document by title, and which
-- question words the title already holds. Parsing each title on every question cost more than the
-- rest of the ranking together; the title's search vector is stored once instead (stems weighted A,
-- plus the `simple` forms, as chunks are indexed). Rows written before this migration get the
-- `simple` forms only, until their next ingest rewrites them.
ALTER TABLE documents ADD COLUMN title_vector tsvector NOT NULL DEFAULT ''::tsvector;
UPDATE documents SET title_vector = to_tsvector('simple', title);
