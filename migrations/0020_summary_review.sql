-- Review trail of consultation-summary drafts: who approved, posted or discarded a version and
-- when, where it was posted, and what it was built from (chunks, language), so that approval can
-- re-check consent and scope and revocation can reach drafts already written.

ALTER TABLE summary_drafts ADD COLUMN language text NOT NULL DEFAULT 'en';
ALTER TABLE summary_drafts ADD COLUMN chunk_ids bigint[] NOT NULL DEFAULT '{}';
ALTER TABLE summary_drafts ADD COLUMN reviewed_by text;
ALTER TABLE summary_drafts ADD COLUMN approved_at timestamptz;
ALTER TABLE summary_drafts ADD COLUMN discarded_at timestamptz;
ALTER TABLE summary_drafts ADD COLUMN posted_at timestamptz;
-- Platform reference of the posted message (e.g. slack:C123:1712345678.000100).
ALTER TABLE summary_drafts ADD COLUMN posted_ref text;

CREATE UNIQUE INDEX summary_drafts_version_idx ON summary_drafts (working_group_id, member_state_id, version);
CREATE INDEX summary_drafts_cited_idx ON summary_drafts USING gin (cited_document_ids);
CREATE INDEX audit_log_cited_idx ON audit_log USING gin (cited_document_ids);
CREATE INDEX audit_log_documents_idx ON audit_log USING gin (document_ids);
