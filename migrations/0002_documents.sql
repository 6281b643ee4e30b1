-- Documents, their consent (current state plus an append-only history) and their chunks.

CREATE TABLE documents (
  id              text PRIMARY KEY,
  title           text NOT NULL,
  kind            text NOT NULL,
  format          text NOT NULL,
  member_state_id text REFERENCES member_states(id),
  owner_entity_id text NOT NULL REFERENCES entities(id),
  language        text NOT NULL,
  document_date   date,
  classification  text NOT NULL DEFAULT 'internal' CHECK (classification IN ('public', 'internal', 'restricted')),
  canary          text,
  source_path     text,
  content_hash    text NOT NULL,
  ingested_at     timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Current consent per document. audience_kind 'compact' | 'entities' | 'groups' | 'none'.
-- Only status 'granted' opens the audience; the owner entity always sees its own documents.
CREATE TABLE consents (
  document_id     text PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  status          text NOT NULL CHECK (status IN ('granted', 'withheld', 'pending', 'revoked')),
  audience_kind   text NOT NULL DEFAULT 'none' CHECK (audience_kind IN ('compact', 'entities', 'groups', 'none')),
  audience_ids    text[] NOT NULL DEFAULT '{}',
  version         integer NOT NULL DEFAULT 1,
  granted_on      date,
  revoked_on      date,
  changed_by      text NOT NULL,
  changed_at      timestamptz NOT NULL DEFAULT now()
);

-- Append-only: every consent change, with who and when. Never updated or deleted.
CREATE TABLE consent_history (
  id              bigserial PRIMARY KEY,
  document_id     text NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  version         integer NOT NULL,
  status          text NOT NULL,
  audience_kind   text NOT NULL,
  audience_ids    text[] NOT NULL DEFAULT '{}',
  actor           text NOT NULL,
  reason          text,
  changed_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (document_id, version)
);

CREATE TABLE chunks (
  id              bigserial PRIMARY KEY,
  document_id     text NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal         integer NOT NULL,
  heading         text,
  text            text NOT NULL,
  language        text NOT NULL,
  -- Filled at ingestion with the configuration of the chunk's language (Chinese: character bigrams
  -- into 'simple'), so one GIN index serves all languages.
  search_vector   tsvector NOT NULL,
  UNIQUE (document_id, ordinal)
);
CREATE INDEX chunks_document_idx ON chunks (document_id);
CREATE INDEX chunks_search_idx ON chunks USING gin (search_vector);

-- pgvector is optional: only where the extension can be created (PGlite ships it; the PostgreSQL
-- server here does not), chunks get an embedding column. Retrieval checks for the column.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
    ALTER TABLE chunks ADD COLUMN embedding vector;
    ALTER TABLE chunks ADD COLUMN embedding_model text;
  END IF;
END
$$;
