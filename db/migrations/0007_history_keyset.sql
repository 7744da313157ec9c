-- Run history (issue 9): every sort the list offers pages by keyset, `(keys…, id) < (cursor…)`, which needs an
-- index whose columns are exactly (org_id, keys…, id). NULLs sort last in both directions: ascending by
-- (col IS NULL, coalesce(col, zero)), descending by coalesce(col, below every value). See db/queries/runs.ts.
CREATE INDEX "workflow_runs_org_duration_asc_idx" ON "workflow_runs" USING btree ("org_id",("duration_ms" IS NULL),(coalesce("duration_ms", 0)),"id");--> statement-breakpoint
CREATE INDEX "workflow_runs_org_duration_desc_idx" ON "workflow_runs" USING btree ("org_id",(coalesce("duration_ms", -1)),"id");--> statement-breakpoint
CREATE INDEX "workflow_runs_org_status_sort_idx" ON "workflow_runs" USING btree ("org_id","status","id");--> statement-breakpoint
CREATE INDEX "workflow_runs_org_title_asc_idx" ON "workflow_runs" USING btree ("org_id",("title" IS NULL),(coalesce("title", '')),"id");--> statement-breakpoint
CREATE INDEX "workflow_runs_org_title_desc_idx" ON "workflow_runs" USING btree ("org_id",(coalesce("title", '')),"id");--> statement-breakpoint
-- Filters of the newest-first list end in (created_at, id) so a cursor page seeks inside the filter too.
DROP INDEX IF EXISTS "workflow_runs_started_by_idx";--> statement-breakpoint
CREATE INDEX "workflow_runs_started_by_idx" ON "workflow_runs" USING btree ("org_id","started_by","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_jd_idx";--> statement-breakpoint
CREATE INDEX "workflow_runs_jd_idx" ON "workflow_runs" USING btree ("org_id","jd_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_status_idx";--> statement-breakpoint
CREATE INDEX "workflow_runs_status_idx" ON "workflow_runs" USING btree ("org_id","status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "workflow_runs_org_workflow_time_idx" ON "workflow_runs" USING btree ("org_id","workflow_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "workflow_runs_org_channel_time_idx" ON "workflow_runs" USING btree ("org_id","channel","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);
--> statement-breakpoint
-- Context containment under RLS. As runledger_app, `context @> $1` never uses a GIN index: jsonb_contains is not
-- leakproof, so PostgreSQL evaluates it only after the tenant policy, row by row. The tenant's contexts are
-- therefore mirrored (by trigger, in the writing transaction) into a table outside RLS that only the definer-rights
-- lookup below reads, and that lookup filters on the caller's organization itself.
CREATE SCHEMA runledger_search;--> statement-breakpoint
CREATE TABLE runledger_search.run_context (
  run_id uuid PRIMARY KEY REFERENCES public.workflow_runs (id) ON DELETE CASCADE,
  org_id uuid NOT NULL,
  context jsonb NOT NULL
);--> statement-breakpoint
CREATE INDEX run_context_gin ON runledger_search.run_context USING gin (context jsonb_path_ops);--> statement-breakpoint
REVOKE ALL ON runledger_search.run_context FROM PUBLIC;--> statement-breakpoint
CREATE FUNCTION runledger_search.sync_run_context() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog
  AS $$
BEGIN
  INSERT INTO runledger_search.run_context (run_id, org_id, context) VALUES (NEW.id, NEW.org_id, NEW.context)
  ON CONFLICT (run_id) DO UPDATE SET org_id = EXCLUDED.org_id, context = EXCLUDED.context;
  RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION runledger_search.sync_run_context() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER workflow_runs_context_sync AFTER INSERT OR UPDATE OF context, org_id ON public.workflow_runs
  FOR EACH ROW EXECUTE FUNCTION runledger_search.sync_run_context();--> statement-breakpoint
-- The ids of the current tenant's runs whose context contains `filter`; empty outside a tenant.
CREATE FUNCTION runledger_search.runs_with_context(filter jsonb) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog ROWS 10
  AS $$ SELECT run_id FROM runledger_search.run_context WHERE org_id = public.app_current_org_id() AND context @> filter $$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION runledger_search.runs_with_context(jsonb) FROM PUBLIC;--> statement-breakpoint
GRANT USAGE ON SCHEMA runledger_search TO runledger_app, runledger_worker;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION runledger_search.runs_with_context(jsonb) TO runledger_app, runledger_worker;--> statement-breakpoint
-- existing runs; the owner is subject to the forced policy, so lift it for this one statement
ALTER TABLE public.workflow_runs NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
INSERT INTO runledger_search.run_context (run_id, org_id, context) SELECT id, org_id, context FROM public.workflow_runs;--> statement-breakpoint
ALTER TABLE public.workflow_runs FORCE ROW LEVEL SECURITY;
