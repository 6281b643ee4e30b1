-- Retrieval weighs question terms by IDF inside the asker's scope and needs the number of chunks in
-- that scope on every question: a count per document makes it a sum over the scope's documents
-- instead of a scan of the chunks table.
ALTER TABLE documents ADD COLUMN chunk_count integer NOT NULL DEFAULT 0;
UPDATE documents d SET chunk_count = (SELECT count(*) FROM chunks c WHERE c.document_id = d.id);
