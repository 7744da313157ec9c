-- Free-text history search (issue 9 item 3): `q` finds a run by what people search for (a job title, an external id,
-- a candidate's e-mail in the inputs, an error text, a context value, something in the results). Like context
-- containment (0007), ILIKE is not leakproof, so as runledger_app under RLS no index could serve it. Each run's
-- searchable text is mirrored by trigger, in the writing transaction, into a table outside RLS with a trigram GIN
-- index, read only through the definer-rights lookup below, which filters on the caller's organization itself.
-- in the search schema, so its functions stay out of the application's namespace
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA runledger_search;--> statement-breakpoint
CREATE TABLE runledger_search.run_text (
  run_id uuid PRIMARY KEY REFERENCES public.workflow_runs (id) ON DELETE CASCADE,
  org_id uuid NOT NULL,
  doc text NOT NULL
);--> statement-breakpoint
CREATE INDEX run_text_trgm ON runledger_search.run_text USING gin (doc runledger_search.gin_trgm_ops);--> statement-breakpoint
-- text too short for trigrams (one or two characters) reads only the tenant's rows
CREATE INDEX run_text_org ON runledger_search.run_text (org_id);--> statement-breakpoint
REVOKE ALL ON runledger_search.run_text FROM PUBLIC;--> statement-breakpoint
-- What a run is found by. Results can be large (every candidate's scores): their first 16 KB are searched.
CREATE FUNCTION runledger_search.run_document(r public.workflow_runs) RETURNS text
  LANGUAGE sql IMMUTABLE SET search_path = pg_catalog
  AS $$ SELECT concat_ws(' ', r.public_id, r.title, r.external_id, r.jd_title, r.error_message, r.inputs::text,
    r.context::text, left(r.results::text, 16384)) $$;--> statement-breakpoint
CREATE FUNCTION runledger_search.sync_run_text() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog
  AS $$
BEGIN
  INSERT INTO runledger_search.run_text (run_id, org_id, doc) VALUES (NEW.id, NEW.org_id, runledger_search.run_document(NEW))
  ON CONFLICT (run_id) DO UPDATE SET org_id = EXCLUDED.org_id, doc = EXCLUDED.doc;
  RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION runledger_search.sync_run_text() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER workflow_runs_text_sync
  AFTER INSERT OR UPDATE OF org_id, public_id, title, external_id, jd_title, error_message, inputs, context, results
  ON public.workflow_runs FOR EACH ROW EXECUTE FUNCTION runledger_search.sync_run_text();--> statement-breakpoint
-- The ids of the current tenant's runs whose text matches the ILIKE `pattern`; empty outside a tenant.
CREATE FUNCTION runledger_search.runs_matching(pattern text) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog ROWS 50
  AS $$ SELECT run_id FROM runledger_search.run_text WHERE org_id = public.app_current_org_id() AND doc ILIKE pattern $$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION runledger_search.runs_matching(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION runledger_search.runs_matching(text) TO runledger_app, runledger_worker;--> statement-breakpoint
-- existing runs; the owner is subject to the forced policy, so lift it for this one statement
ALTER TABLE public.workflow_runs NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
INSERT INTO runledger_search.run_text (run_id, org_id, doc)
  SELECT r.id, r.org_id, runledger_search.run_document(r) FROM public.workflow_runs r;--> statement-breakpoint
ALTER TABLE public.workflow_runs FORCE ROW LEVEL SECURITY;
