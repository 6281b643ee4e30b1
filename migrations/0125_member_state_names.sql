-- Every form naming a Member State (names, formal names, alternatives and adjectives in the six UN
-- languages, from maintained datasets at directory import; see src/ingest/member-state-name-forms.ts).
-- Retrieval reads them to match "Syrian" or "Britain" to the State's documents, and to tell which
-- State a question names. A State imported before this migration has none until the directory is
-- imported again; retrieval then falls back to its directory name.
CREATE TABLE member_state_names (
  member_state_id text NOT NULL REFERENCES member_states (id) ON DELETE CASCADE,
  name            text NOT NULL,
  position        integer NOT NULL,
  PRIMARY KEY (member_state_id, name)
);

CREATE INDEX member_state_names_lower ON member_state_names (lower(name));
