-- Stop means stop: an answer the member stopped while it was being written is audited as such (its
-- answer_text is what was said until then). Every other row is 'completed'.
ALTER TABLE audit_log ADD COLUMN outcome text NOT NULL DEFAULT 'completed' CHECK (outcome IN ('completed', 'stopped'));
