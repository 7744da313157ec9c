-- History text search that reads the newest matches first (issue 9). The lookup of 0009/0013 returned every
-- run whose text matches, and the page then sorted them all: a term found in 25,000 runs ("rate limit" at
-- 1,000,000 runs) rechecked and sorted all 25,000 for a page of 50, twice (page and count). The mirrored text
-- now carries the run's created_at, indexed beside the organization, so a lookup bounded to a span of time
-- combines both indexes and rechecks only the span's candidates; the history walks spans newest first
-- (db/queries/runs.ts) and stops when its page is full.
--
-- The table is rebuilt rather than altered: adding and filling a column rewrites every row and every trigram
-- entry of the GIN index one by one, where building the index once over a filled table is far cheaper.
CREATE TABLE runledger_search.run_text_next (
  run_id uuid PRIMARY KEY REFERENCES public.workflow_runs (id) ON DELETE CASCADE,
  org_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  doc text NOT NULL
);--> statement-breakpoint
REVOKE ALL ON runledger_search.run_text_next FROM PUBLIC;--> statement-breakpoint
-- the owner is subject to the forced policy, so lift it for this one statement
ALTER TABLE public.workflow_runs NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
INSERT INTO runledger_search.run_text_next (run_id, org_id, created_at, doc)
  SELECT t.run_id, t.org_id, r.created_at, t.doc
  FROM runledger_search.run_text t JOIN public.workflow_runs r ON r.id = t.run_id;--> statement-breakpoint
ALTER TABLE public.workflow_runs FORCE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE runledger_search.run_text;--> statement-breakpoint
ALTER TABLE runledger_search.run_text_next RENAME TO run_text;--> statement-breakpoint
ALTER TABLE runledger_search.run_text RENAME CONSTRAINT run_text_next_pkey TO run_text_pkey;--> statement-breakpoint
ALTER TABLE runledger_search.run_text RENAME CONSTRAINT run_text_next_run_id_fkey TO run_text_run_id_fkey;--> statement-breakpoint
-- Inserts queue their trigram entries in the index's pending list, which every search reads in full until it
-- is merged; PostgreSQL merges it when it outgrows gin_pending_list_limit (4 MB by default: ~500 pages read by
-- every search). 256 kB keeps that read small and each merge, paid by the writing transaction, short.
CREATE INDEX run_text_trgm ON runledger_search.run_text USING gin (doc runledger_search.gin_trgm_ops)
  WITH (gin_pending_list_limit = 256);--> statement-breakpoint
-- text too short for trigrams reads the tenant's rows; a span of time is a range of this index
CREATE INDEX run_text_org_created ON runledger_search.run_text (org_id, created_at);--> statement-breakpoint
-- statistics now, not at autovacuum's next pass: without them the planner takes the organization's index for a
-- selective one and intersects every search with a bitmap of all the tenant's runs
ANALYZE runledger_search.run_text;--> statement-breakpoint
CREATE OR REPLACE FUNCTION runledger_search.sync_run_text() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog
  AS $$
BEGIN
  INSERT INTO runledger_search.run_text (run_id, org_id, created_at, doc)
  VALUES (NEW.id, NEW.org_id, NEW.created_at, runledger_search.run_document(NEW))
  ON CONFLICT (run_id) DO UPDATE SET org_id = EXCLUDED.org_id, created_at = EXCLUDED.created_at, doc = EXCLUDED.doc;
  RETURN NULL;
END
$$;--> statement-breakpoint
DROP TRIGGER workflow_runs_text_sync ON public.workflow_runs;--> statement-breakpoint
CREATE TRIGGER workflow_runs_text_sync
  AFTER INSERT OR UPDATE OF org_id, public_id, title, external_id, jd_title, error_message, inputs, context, results,
    created_at
  ON public.workflow_runs FOR EACH ROW EXECUTE FUNCTION runledger_search.sync_run_text();--> statement-breakpoint
-- The ids of the current tenant's runs whose text matches the ILIKE `pattern`, created in [since, before)
-- (NULL: unbounded), at most `cap` of them (NULL: all), in no particular order; empty outside a tenant.
-- Planned for each call's values (EXECUTE): a span is a range of run_text_org_created, combined with the
-- trigram index, so only the span's candidates are read and rechecked.
CREATE FUNCTION runledger_search.runs_matching_between(pattern text, since timestamptz, before timestamptz, cap integer)
  RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog ROWS 50
  AS $$
BEGIN
  RETURN QUERY EXECUTE
    'SELECT t.run_id FROM runledger_search.run_text t WHERE t.org_id = public.app_current_org_id() AND t.doc ILIKE $1'
    || CASE WHEN since IS NULL THEN '' ELSE ' AND t.created_at >= $2' END
    || CASE WHEN before IS NULL THEN '' ELSE ' AND t.created_at < $3' END
    || CASE WHEN cap IS NULL THEN '' ELSE ' LIMIT $4' END
    USING pattern, since, before, cap;
END
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION runledger_search.runs_matching_between(text, timestamptz, timestamptz, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION runledger_search.runs_matching_between(text, timestamptz, timestamptz, integer)
  TO runledger_app, runledger_worker;
