-- Retrieval weighs question terms by BM25 IDF inside the asker's scope, so every question needs N,
-- the number of chunks in that scope. Summing documents.chunk_count over the scope meant applying
-- the access rule to every document and consent: at 20,000 documents that was 17-29 ms of a 36 ms
-- query, and it grows with the corpus.
--
-- Whether a member may see a document depends on four values only: its owner entity and its
-- consent's status, audience kind and audience ids (src/db/queries/access-scope.ts). Documents that
-- share them form an "access class"; there are few classes however many documents there are (the
-- audiences people write: 1,396 in the 20,000-document bench corpus, whose audiences are random
-- subsets). This table counts documents and chunks per class, kept exact by the triggers below in
-- the same transaction as every write to documents and consents, so N is a sum over the classes
-- the access rule admits, the rule evaluated at query time on current members and groups. The
-- counts weigh terms and size the work; whether a passage may be used is always decided by the
-- rule on the documents and consents rows themselves.
--
-- A class with no consent row keeps NULL status, audience kind and ids: exactly what the scope's
-- LEFT JOIN gives the rule. Rows are deltas, summed per class: a writer appends and never updates,
-- so concurrent ingests and consent changes never wait on (or deadlock over) a shared counter row.
-- A writer that finds no other writer merging folds its class's rows into one.
CREATE TABLE access_class_counts (
  owner_entity_id text NOT NULL,
  status          text,
  audience_kind   text,
  audience_ids    text[],
  documents       bigint NOT NULL,
  chunks          bigint NOT NULL
);
-- The merge below deletes one class's rows; by owner it reads a tenth of the table, not all of it.
CREATE INDEX access_class_counts_owner_idx ON access_class_counts (owner_entity_id);

-- Appends a delta to one class, then, unless another transaction is merging (its lock is held to
-- its commit, so merges never overlap), replaces that class's rows by their sum.
CREATE FUNCTION access_class_counts_add(p_owner text, p_status text, p_kind text, p_ids text[], p_documents bigint, p_chunks bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_documents = 0 AND p_chunks = 0 THEN
    RETURN;
  END IF;
  INSERT INTO access_class_counts VALUES (p_owner, p_status, p_kind, p_ids, p_documents, p_chunks);
  IF pg_try_advisory_xact_lock(7345070) THEN
    WITH merged AS (
      DELETE FROM access_class_counts k
       WHERE k.owner_entity_id = p_owner AND k.status IS NOT DISTINCT FROM p_status
         AND k.audience_kind IS NOT DISTINCT FROM p_kind AND k.audience_ids IS NOT DISTINCT FROM p_ids
      RETURNING k.documents, k.chunks
    )
    INSERT INTO access_class_counts
    SELECT p_owner, p_status, p_kind, p_ids, sum(documents), sum(chunks) FROM merged
    HAVING sum(documents) <> 0 OR sum(chunks) <> 0;
  END IF;
END
$$;

-- Recounts every class from the rows themselves: the backfill below, and after a TRUNCATE.
CREATE FUNCTION access_class_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM access_class_counts;
  INSERT INTO access_class_counts
  SELECT d.owner_entity_id, c.status, c.audience_kind, c.audience_ids, count(*), sum(d.chunk_count)
    FROM documents d LEFT JOIN consents c ON c.document_id = d.id
   GROUP BY 1, 2, 3, 4;
END
$$;

-- A document counts in its owner's class for its current consent (none yet: the NULL class).
-- Deletion runs BEFORE the row goes, while its consent row (removed by the cascade after) still
-- says which class it was counted in.
CREATE FUNCTION access_class_counts_on_document() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c consents%ROWTYPE;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT * INTO c FROM consents WHERE document_id = OLD.id;
    PERFORM access_class_counts_add(OLD.owner_entity_id, c.status, c.audience_kind, c.audience_ids, -1, -OLD.chunk_count);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT * INTO c FROM consents WHERE document_id = NEW.id;
    PERFORM access_class_counts_add(NEW.owner_entity_id, c.status, c.audience_kind, c.audience_ids, 1, NEW.chunk_count);
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NULL;
END
$$;

-- A consent change moves its document between classes. The document row is read FOR SHARE: a
-- concurrent write of its chunk count or owner either committed first (and this reads it) or waits
-- for this transaction (and its own trigger then reads this consent), so both sides account for
-- the same count. (applyConsentChange takes that lock first, before the consent row's, the order
-- ingestion takes them in.) A consent removed with its document moves nothing: the document's
-- BEFORE DELETE trigger already took it out.
CREATE FUNCTION access_class_counts_on_consent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d record;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT owner_entity_id, chunk_count INTO d FROM documents WHERE id = OLD.document_id FOR SHARE;
    IF FOUND THEN
      PERFORM access_class_counts_add(d.owner_entity_id, OLD.status, OLD.audience_kind, OLD.audience_ids, -1, -d.chunk_count);
      PERFORM access_class_counts_add(d.owner_entity_id, NULL, NULL, NULL, 1, d.chunk_count);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT owner_entity_id, chunk_count INTO d FROM documents WHERE id = NEW.document_id FOR SHARE;
    IF FOUND THEN
      PERFORM access_class_counts_add(d.owner_entity_id, NULL, NULL, NULL, -1, -d.chunk_count);
      PERFORM access_class_counts_add(d.owner_entity_id, NEW.status, NEW.audience_kind, NEW.audience_ids, 1, d.chunk_count);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION access_class_counts_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM access_class_counts_rebuild();
  RETURN NULL;
END
$$;

CREATE TRIGGER access_class_counts_document_insert AFTER INSERT ON documents
  FOR EACH ROW EXECUTE FUNCTION access_class_counts_on_document();
CREATE TRIGGER access_class_counts_document_update AFTER UPDATE OF id, owner_entity_id, chunk_count ON documents
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.owner_entity_id IS DISTINCT FROM NEW.owner_entity_id
                     OR OLD.chunk_count IS DISTINCT FROM NEW.chunk_count)
  EXECUTE FUNCTION access_class_counts_on_document();
CREATE TRIGGER access_class_counts_document_delete BEFORE DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION access_class_counts_on_document();
CREATE TRIGGER access_class_counts_consent_insert AFTER INSERT ON consents
  FOR EACH ROW EXECUTE FUNCTION access_class_counts_on_consent();
CREATE TRIGGER access_class_counts_consent_update AFTER UPDATE OF document_id, status, audience_kind, audience_ids ON consents
  FOR EACH ROW WHEN (OLD.document_id IS DISTINCT FROM NEW.document_id OR OLD.status IS DISTINCT FROM NEW.status
                     OR OLD.audience_kind IS DISTINCT FROM NEW.audience_kind OR OLD.audience_ids IS DISTINCT FROM NEW.audience_ids)
  EXECUTE FUNCTION access_class_counts_on_consent();
CREATE TRIGGER access_class_counts_consent_delete AFTER DELETE ON consents
  FOR EACH ROW EXECUTE FUNCTION access_class_counts_on_consent();
CREATE TRIGGER access_class_counts_documents_truncate AFTER TRUNCATE ON documents
  FOR EACH STATEMENT EXECUTE FUNCTION access_class_counts_on_truncate();
CREATE TRIGGER access_class_counts_consents_truncate AFTER TRUNCATE ON consents
  FOR EACH STATEMENT EXECUTE FUNCTION access_class_counts_on_truncate();

SELECT access_class_counts_rebuild();
