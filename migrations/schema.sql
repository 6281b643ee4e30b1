-- The schema of a freshly migrated database (migrations 0001, 0002, 0003, 0004, 0005, 0010, 0020, 0030, 0031, 0040, 0041, 0050, 0070, 0080, 0100, 0110, 0111, 0125, 0126, 0140, 0141),
-- written by `npm run schema:dump`. Do not edit: change the schema with a new migration, then run the
-- script and commit this file with it (test/db/schema-snapshot.test.ts fails while they disagree).

CREATE EXTENSION vector;

CREATE TABLE access_class_counts (
  owner_entity_id text NOT NULL,
  status text,
  audience_kind text,
  audience_ids text[],
  documents bigint NOT NULL,
  chunks bigint NOT NULL
);
CREATE INDEX access_class_counts_owner_idx ON public.access_class_counts USING btree (owner_entity_id);

CREATE TABLE answer_feedback (
  id bigint NOT NULL DEFAULT nextval('answer_feedback_id_seq'::regclass),
  audit_id bigint NOT NULL,
  platform text NOT NULL,
  member_id text,
  rating text NOT NULL,
  comment text,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT answer_feedback_audit_id_fkey FOREIGN KEY (audit_id) REFERENCES audit_log(id),
  CONSTRAINT answer_feedback_audit_id_member_id_key UNIQUE (audit_id, member_id),
  CONSTRAINT answer_feedback_pkey PRIMARY KEY (id),
  CONSTRAINT answer_feedback_rating_check CHECK ((rating = ANY (ARRAY['up'::text, 'down'::text])))
);

CREATE TABLE answer_stops (
  platform text NOT NULL,
  conversation_id text NOT NULL,
  thread_id text NOT NULL,
  stopped_at numeric NOT NULL,
  recorded_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT answer_stops_pkey PRIMARY KEY (platform, conversation_id, thread_id)
);

CREATE TABLE audit_log (
  id bigint NOT NULL DEFAULT nextval('audit_log_id_seq'::regclass),
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  kind text NOT NULL,
  member_id text,
  platform text NOT NULL,
  context text NOT NULL,
  question text,
  chunk_ids bigint[] NOT NULL DEFAULT '{}'::bigint[],
  document_ids text[] NOT NULL DEFAULT '{}'::text[],
  cited_document_ids text[] NOT NULL DEFAULT '{}'::text[],
  consent_versions jsonb NOT NULL DEFAULT '{}'::jsonb,
  answer_text text,
  model text,
  prompt_version text,
  latency_ms integer,
  invalidated_at timestamp with time zone,
  invalidated_reason text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  outcome text NOT NULL DEFAULT 'completed'::text,
  CONSTRAINT audit_log_kind_check CHECK ((kind = ANY (ARRAY['answer'::text, 'summary'::text, 'refusal'::text, 'consent'::text, 'access_denied'::text]))),
  CONSTRAINT audit_log_outcome_check CHECK ((outcome = ANY (ARRAY['completed'::text, 'stopped'::text]))),
  CONSTRAINT audit_log_pkey PRIMARY KEY (id)
);
CREATE INDEX audit_log_cited_idx ON public.audit_log USING gin (cited_document_ids);
CREATE INDEX audit_log_created_idx ON public.audit_log USING btree (created_at);
CREATE INDEX audit_log_documents_idx ON public.audit_log USING gin (document_ids);
CREATE INDEX audit_log_member_idx ON public.audit_log USING btree (member_id, created_at);

CREATE TABLE button_tokens (
  token text NOT NULL DEFAULT (gen_random_uuid())::text,
  grant_data jsonb NOT NULL,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT button_tokens_pkey PRIMARY KEY (token)
);
CREATE INDEX button_tokens_created_at ON public.button_tokens USING btree (created_at);

CREATE TABLE channels (
  id text NOT NULL,
  purpose text,
  working_group_id text,
  slack_channel_id text,
  slack_name text,
  teams_team_id text,
  teams_channel_id text,
  teams_name text,
  CONSTRAINT channels_pkey PRIMARY KEY (id),
  CONSTRAINT channels_slack_channel_id_key UNIQUE (slack_channel_id),
  CONSTRAINT channels_teams_channel_id_key UNIQUE (teams_channel_id),
  CONSTRAINT channels_working_group_id_fkey FOREIGN KEY (working_group_id) REFERENCES working_groups(id) ON DELETE SET NULL
);

CREATE TABLE chat_identities (
  platform text NOT NULL,
  workspace_id text NOT NULL DEFAULT ''::text,
  external_id text NOT NULL,
  member_id text NOT NULL,
  CONSTRAINT chat_identities_member_id_fkey FOREIGN KEY (member_id) REFERENCES members(id) ON DELETE CASCADE,
  CONSTRAINT chat_identities_pkey PRIMARY KEY (platform, workspace_id, external_id),
  CONSTRAINT chat_identities_platform_check CHECK ((platform = ANY (ARRAY['slack'::text, 'teams'::text])))
);
CREATE INDEX chat_identities_member_idx ON public.chat_identities USING btree (member_id);

CREATE TABLE chunks (
  id bigint NOT NULL DEFAULT nextval('chunks_id_seq'::regclass),
  document_id text NOT NULL,
  ordinal integer NOT NULL,
  heading text,
  text text NOT NULL,
  language text NOT NULL,
  search_vector tsvector NOT NULL,
  embedding vector,
  embedding_model text,
  CONSTRAINT chunks_document_id_fkey FOREIGN KEY (document_id) REFERENCES documents(id) ON DELETE CASCADE,
  CONSTRAINT chunks_document_id_ordinal_key UNIQUE (document_id, ordinal),
  CONSTRAINT chunks_pkey PRIMARY KEY (id)
);
CREATE INDEX chunks_document_idx ON public.chunks USING btree (document_id);
CREATE INDEX chunks_search_idx ON public.chunks USING gin (search_vector);

CREATE TABLE consent_history (
  id bigint NOT NULL DEFAULT nextval('consent_history_id_seq'::regclass),
  document_id text NOT NULL,
  version integer NOT NULL,
  status text NOT NULL,
  audience_kind text NOT NULL,
  audience_ids text[] NOT NULL DEFAULT '{}'::text[],
  actor text NOT NULL,
  reason text,
  changed_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT consent_history_document_id_fkey FOREIGN KEY (document_id) REFERENCES documents(id) ON DELETE CASCADE,
  CONSTRAINT consent_history_document_id_version_key UNIQUE (document_id, version),
  CONSTRAINT consent_history_pkey PRIMARY KEY (id)
);

CREATE TABLE consents (
  document_id text NOT NULL,
  status text NOT NULL,
  audience_kind text NOT NULL DEFAULT 'none'::text,
  audience_ids text[] NOT NULL DEFAULT '{}'::text[],
  version integer NOT NULL DEFAULT 1,
  granted_on date,
  revoked_on date,
  changed_by text NOT NULL,
  changed_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT consents_audience_kind_check CHECK ((audience_kind = ANY (ARRAY['compact'::text, 'entities'::text, 'groups'::text, 'none'::text]))),
  CONSTRAINT consents_document_id_fkey FOREIGN KEY (document_id) REFERENCES documents(id) ON DELETE CASCADE,
  CONSTRAINT consents_pkey PRIMARY KEY (document_id),
  CONSTRAINT consents_status_check CHECK ((status = ANY (ARRAY['granted'::text, 'withheld'::text, 'pending'::text, 'revoked'::text])))
);
CREATE TRIGGER access_class_counts_consent_delete AFTER DELETE ON public.consents FOR EACH ROW EXECUTE FUNCTION access_class_counts_on_consent();
CREATE TRIGGER access_class_counts_consent_insert AFTER INSERT ON public.consents FOR EACH ROW EXECUTE FUNCTION access_class_counts_on_consent();
CREATE TRIGGER access_class_counts_consent_update AFTER UPDATE OF document_id, status, audience_kind, audience_ids ON public.consents FOR EACH ROW WHEN (((old.document_id IS DISTINCT FROM new.document_id) OR (old.status IS DISTINCT FROM new.status) OR (old.audience_kind IS DISTINCT FROM new.audience_kind) OR (old.audience_ids IS DISTINCT FROM new.audience_ids))) EXECUTE FUNCTION access_class_counts_on_consent();
CREATE TRIGGER access_class_counts_consents_truncate AFTER TRUNCATE ON public.consents FOR EACH STATEMENT EXECUTE FUNCTION access_class_counts_on_truncate();

CREATE TABLE documents (
  id text NOT NULL,
  title text NOT NULL,
  kind text NOT NULL,
  format text NOT NULL,
  member_state_id text,
  owner_entity_id text NOT NULL,
  language text NOT NULL,
  document_date date,
  classification text NOT NULL DEFAULT 'internal'::text,
  canary text,
  source_path text,
  content_hash text NOT NULL,
  ingested_at timestamp with time zone NOT NULL DEFAULT now(),
  updated_at timestamp with time zone NOT NULL DEFAULT now(),
  chunk_count integer NOT NULL DEFAULT 0,
  title_vector tsvector NOT NULL DEFAULT ''::tsvector,
  CONSTRAINT documents_classification_check CHECK ((classification = ANY (ARRAY['public'::text, 'internal'::text, 'restricted'::text]))),
  CONSTRAINT documents_member_state_id_fkey FOREIGN KEY (member_state_id) REFERENCES member_states(id),
  CONSTRAINT documents_owner_entity_id_fkey FOREIGN KEY (owner_entity_id) REFERENCES entities(id),
  CONSTRAINT documents_pkey PRIMARY KEY (id)
);
CREATE TRIGGER access_class_counts_document_delete BEFORE DELETE ON public.documents FOR EACH ROW EXECUTE FUNCTION access_class_counts_on_document();
CREATE TRIGGER access_class_counts_document_insert AFTER INSERT ON public.documents FOR EACH ROW EXECUTE FUNCTION access_class_counts_on_document();
CREATE TRIGGER access_class_counts_document_update AFTER UPDATE OF id, owner_entity_id, chunk_count ON public.documents FOR EACH ROW WHEN (((old.id IS DISTINCT FROM new.id) OR (old.owner_entity_id IS DISTINCT FROM new.owner_entity_id) OR (old.chunk_count IS DISTINCT FROM new.chunk_count))) EXECUTE FUNCTION access_class_counts_on_document();
CREATE TRIGGER access_class_counts_documents_truncate AFTER TRUNCATE ON public.documents FOR EACH STATEMENT EXECUTE FUNCTION access_class_counts_on_truncate();

CREATE TABLE entities (
  id text NOT NULL,
  acronym text NOT NULL,
  name text NOT NULL,
  type text NOT NULL,
  CONSTRAINT entities_pkey PRIMARY KEY (id)
);

CREATE TABLE member_languages (
  member_id text NOT NULL,
  language text NOT NULL,
  updated_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT member_languages_language_check CHECK ((language = ANY (ARRAY['ar'::text, 'en'::text, 'es'::text, 'fr'::text, 'ru'::text, 'zh'::text]))),
  CONSTRAINT member_languages_member_id_fkey FOREIGN KEY (member_id) REFERENCES members(id) ON DELETE CASCADE,
  CONSTRAINT member_languages_pkey PRIMARY KEY (member_id)
);

CREATE TABLE member_state_names (
  member_state_id text NOT NULL,
  name text NOT NULL,
  position integer NOT NULL,
  CONSTRAINT member_state_names_member_state_id_fkey FOREIGN KEY (member_state_id) REFERENCES member_states(id) ON DELETE CASCADE,
  CONSTRAINT member_state_names_pkey PRIMARY KEY (member_state_id, name)
);
CREATE INDEX member_state_names_lower ON public.member_state_names USING btree (lower(name));

CREATE TABLE member_states (
  id text NOT NULL,
  name text NOT NULL,
  region text,
  CONSTRAINT member_states_pkey PRIMARY KEY (id)
);

CREATE TABLE members (
  id text NOT NULL,
  name text NOT NULL,
  entity_id text NOT NULL,
  title text,
  email text,
  CONSTRAINT members_entity_id_fkey FOREIGN KEY (entity_id) REFERENCES entities(id),
  CONSTRAINT members_pkey PRIMARY KEY (id)
);

CREATE TABLE memberships (
  member_id text NOT NULL,
  working_group_id text NOT NULL,
  role text NOT NULL,
  CONSTRAINT memberships_member_id_fkey FOREIGN KEY (member_id) REFERENCES members(id) ON DELETE CASCADE,
  CONSTRAINT memberships_pkey PRIMARY KEY (member_id, working_group_id),
  CONSTRAINT memberships_role_check CHECK ((role = ANY (ARRAY['chair'::text, 'co-chair'::text, 'member'::text]))),
  CONSTRAINT memberships_working_group_id_fkey FOREIGN KEY (working_group_id) REFERENCES working_groups(id) ON DELETE CASCADE
);
CREATE INDEX memberships_group_idx ON public.memberships USING btree (working_group_id);

CREATE TABLE platform_work (
  id bigint NOT NULL DEFAULT nextval('platform_work_id_seq'::regclass),
  platform text NOT NULL,
  event_key text NOT NULL,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamp with time zone NOT NULL DEFAULT now(),
  lease_owner text,
  lease_until timestamp with time zone,
  attempts integer NOT NULL DEFAULT 1,
  replied_at timestamp with time zone,
  done_at timestamp with time zone,
  last_error text,
  CONSTRAINT platform_work_pkey PRIMARY KEY (id),
  CONSTRAINT platform_work_platform_event_key_key UNIQUE (platform, event_key)
);
CREATE INDEX platform_work_open_idx ON public.platform_work USING btree (lease_until, id) WHERE (done_at IS NULL);

CREATE TABLE posted_messages (
  id bigint NOT NULL DEFAULT nextval('posted_messages_id_seq'::regclass),
  platform text NOT NULL,
  audit_id bigint,
  draft_id text,
  conversation_id text NOT NULL,
  message_id text NOT NULL,
  thread_id text,
  document_ids text[] NOT NULL DEFAULT '{}'::text[],
  language text NOT NULL DEFAULT 'en'::text,
  posted_at timestamp with time zone NOT NULL DEFAULT now(),
  withdraw_requested_at timestamp with time zone,
  withdraw_reason text,
  withdraw_claimed_at timestamp with time zone,
  withdraw_attempts integer NOT NULL DEFAULT 0,
  withdraw_error text,
  withdrawn_at timestamp with time zone,
  CONSTRAINT posted_messages_audit_id_fkey FOREIGN KEY (audit_id) REFERENCES audit_log(id),
  CONSTRAINT posted_messages_pkey PRIMARY KEY (id),
  CONSTRAINT posted_messages_platform_check CHECK ((platform = ANY (ARRAY['slack'::text, 'teams'::text, 'web'::text]))),
  CONSTRAINT posted_messages_platform_conversation_id_message_id_key UNIQUE (platform, conversation_id, message_id)
);
CREATE INDEX posted_messages_documents_idx ON public.posted_messages USING gin (document_ids);
CREATE INDEX posted_messages_pending_idx ON public.posted_messages USING btree (platform, withdraw_requested_at) WHERE ((withdraw_requested_at IS NOT NULL) AND (withdrawn_at IS NULL));

CREATE TABLE processed_events (
  platform text NOT NULL,
  event_key text NOT NULL,
  received_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT processed_events_pkey PRIMARY KEY (platform, event_key)
);

CREATE TABLE reminder_deliveries (
  id bigint NOT NULL DEFAULT nextval('reminder_deliveries_id_seq'::regclass),
  reminder_id text NOT NULL,
  event_at timestamp with time zone NOT NULL,
  lead_time text NOT NULL,
  send_at timestamp with time zone NOT NULL,
  platform text NOT NULL,
  target_key text NOT NULL,
  status text NOT NULL,
  claimed_by text,
  claim_expires_at timestamp with time zone,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  platform_message_id text,
  sent_at timestamp with time zone,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  updated_at timestamp with time zone NOT NULL DEFAULT now(),
  posting_started_at timestamp with time zone,
  CONSTRAINT reminder_deliveries_pkey PRIMARY KEY (id),
  CONSTRAINT reminder_deliveries_platform_check CHECK ((platform = ANY (ARRAY['slack'::text, 'teams'::text]))),
  CONSTRAINT reminder_deliveries_reminder_id_event_at_lead_time_platform_key UNIQUE (reminder_id, event_at, lead_time, platform, target_key),
  CONSTRAINT reminder_deliveries_reminder_id_fkey FOREIGN KEY (reminder_id) REFERENCES reminders(id) ON DELETE CASCADE,
  CONSTRAINT reminder_deliveries_status_check CHECK ((status = ANY (ARRAY['claimed'::text, 'sent'::text, 'failed'::text, 'skipped'::text])))
);
CREATE INDEX reminder_deliveries_status_idx ON public.reminder_deliveries USING btree (status, claim_expires_at);

CREATE TABLE reminders (
  id text NOT NULL,
  title text NOT NULL,
  working_group_id text,
  cron text NOT NULL,
  timezone text NOT NULL,
  duration_minutes integer NOT NULL DEFAULT 60,
  lead_times text[] NOT NULL,
  message text NOT NULL,
  targets jsonb NOT NULL,
  paused boolean NOT NULL DEFAULT false,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  updated_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT reminders_pkey PRIMARY KEY (id)
);

CREATE TABLE room_rosters (
  platform text NOT NULL,
  conversation_id text NOT NULL,
  roster jsonb NOT NULL,
  read_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT room_rosters_pkey PRIMARY KEY (platform, conversation_id)
);

CREATE TABLE room_shares (
  audit_id bigint NOT NULL,
  platform text NOT NULL,
  conversation_id text NOT NULL,
  shared_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT room_shares_pkey PRIMARY KEY (audit_id, platform, conversation_id)
);

CREATE TABLE scheduler_runs (
  run_key text NOT NULL,
  claimed_by text,
  expires_at timestamp with time zone NOT NULL,
  completed_at timestamp with time zone,
  CONSTRAINT scheduler_runs_pkey PRIMARY KEY (run_key)
);

CREATE TABLE schema_migrations (
  version integer NOT NULL,
  name text NOT NULL,
  applied_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
);

CREATE TABLE slack_threads (
  channel_id text NOT NULL,
  thread_ts text NOT NULL,
  team_id text NOT NULL DEFAULT ''::text,
  kind text NOT NULL,
  context jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT slack_threads_kind_check CHECK ((kind = ANY (ARRAY['mention'::text, 'assistant'::text]))),
  CONSTRAINT slack_threads_pkey PRIMARY KEY (channel_id, thread_ts)
);

CREATE TABLE summary_drafts (
  id text NOT NULL,
  working_group_id text NOT NULL,
  member_state_id text NOT NULL,
  requested_by text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  status text NOT NULL,
  text text NOT NULL,
  citations jsonb NOT NULL DEFAULT '[]'::jsonb,
  cited_document_ids text[] NOT NULL DEFAULT '{}'::text[],
  consent_versions jsonb NOT NULL DEFAULT '{}'::jsonb,
  model text,
  prompt_version text,
  invalidated_at timestamp with time zone,
  invalidated_reason text,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  updated_at timestamp with time zone NOT NULL DEFAULT now(),
  language text NOT NULL DEFAULT 'en'::text,
  chunk_ids bigint[] NOT NULL DEFAULT '{}'::bigint[],
  reviewed_by text,
  approved_at timestamp with time zone,
  discarded_at timestamp with time zone,
  posted_at timestamp with time zone,
  posted_ref text,
  CONSTRAINT summary_drafts_member_state_id_fkey FOREIGN KEY (member_state_id) REFERENCES member_states(id),
  CONSTRAINT summary_drafts_pkey PRIMARY KEY (id),
  CONSTRAINT summary_drafts_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES members(id),
  CONSTRAINT summary_drafts_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'approved'::text, 'posted'::text, 'discarded'::text]))),
  CONSTRAINT summary_drafts_working_group_id_fkey FOREIGN KEY (working_group_id) REFERENCES working_groups(id)
);
CREATE INDEX summary_drafts_cited_idx ON public.summary_drafts USING gin (cited_document_ids);
CREATE INDEX summary_drafts_group_idx ON public.summary_drafts USING btree (working_group_id, member_state_id);
CREATE UNIQUE INDEX summary_drafts_version_idx ON public.summary_drafts USING btree (working_group_id, member_state_id, version);

CREATE TABLE teams_conversation_references (
  conversation_id text NOT NULL,
  tenant_id text,
  team_id text,
  channel_id text,
  aad_object_id text,
  reference jsonb NOT NULL,
  updated_at timestamp with time zone NOT NULL DEFAULT now(),
  stale_at timestamp with time zone,
  stale_reason text,
  CONSTRAINT teams_conversation_references_pkey PRIMARY KEY (conversation_id)
);
CREATE INDEX teams_refs_channel_idx ON public.teams_conversation_references USING btree (channel_id);
CREATE INDEX teams_refs_user_idx ON public.teams_conversation_references USING btree (tenant_id, aad_object_id);

CREATE TABLE working_groups (
  id text NOT NULL,
  name text NOT NULL,
  short_name text,
  channel_ref text,
  CONSTRAINT working_groups_pkey PRIMARY KEY (id)
);

CREATE FUNCTION access_class_counts_add(p_owner text, p_status text, p_kind text, p_ids text[], p_documents bigint, p_chunks bigint) RETURNS void LANGUAGE plpgsql AS $body$
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
$body$;

CREATE FUNCTION access_class_counts_on_consent() RETURNS trigger LANGUAGE plpgsql AS $body$
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
$body$;

CREATE FUNCTION access_class_counts_on_document() RETURNS trigger LANGUAGE plpgsql AS $body$
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
$body$;

CREATE FUNCTION access_class_counts_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM access_class_counts_rebuild();
  RETURN NULL;
END
$body$;

CREATE FUNCTION access_class_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $body$
BEGIN
  DELETE FROM access_class_counts;
  INSERT INTO access_class_counts
  SELECT d.owner_entity_id, c.status, c.audience_kind, c.audience_ids, count(*), sum(d.chunk_count)
    FROM documents d LEFT JOIN consents c ON c.document_id = d.id
   GROUP BY 1, 2, 3, 4;
END
$body$;
