-- The language a member last asked in, when the detector was sure of it: a short or ambiguous
-- question ("Merci", "Boko Haram?") is answered in it rather than in a guess.
CREATE TABLE member_languages (
  member_id   text PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
  language    text NOT NULL CHECK (language IN ('ar', 'en', 'es', 'fr', 'ru', 'zh')),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
