DROP FUNCTION IF EXISTS runledger_search.runs_matching_text(text, timestamptz, timestamptz, integer);--> statement-breakpoint
DROP FUNCTION IF EXISTS runledger_search.runs_matching_newest(text, timestamptz, integer);--> statement-breakpoint
DROP TRIGGER workflow_runs_text_sync ON public.workflow_runs;--> statement-breakpoint
CREATE TRIGGER workflow_runs_text_sync
  AFTER INSERT OR UPDATE OF org_id, public_id, title, external_id, jd_title, error_message, inputs, context, results
  ON public.workflow_runs FOR EACH ROW EXECUTE FUNCTION runledger_search.sync_run_text();--> statement-breakpoint
CREATE OR REPLACE FUNCTION runledger_search.sync_run_text() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog
  AS $$
BEGIN
  INSERT INTO runledger_search.run_text (run_id, org_id, doc) VALUES (NEW.id, NEW.org_id, runledger_search.run_document(NEW))
  ON CONFLICT (run_id) DO UPDATE SET org_id = EXCLUDED.org_id, doc = EXCLUDED.doc;
  RETURN NULL;
END
$$;--> statement-breakpoint
DROP INDEX IF EXISTS runledger_search.run_text_org_created;--> statement-breakpoint
DROP INDEX IF EXISTS runledger_search.run_text_words;--> statement-breakpoint
DROP INDEX IF EXISTS runledger_search.run_text_unworded;--> statement-breakpoint
ALTER TABLE runledger_search.run_text DROP COLUMN created_at, DROP COLUMN words;--> statement-breakpoint
DROP FUNCTION IF EXISTS runledger_search.text_query(text);--> statement-breakpoint
DROP FUNCTION IF EXISTS runledger_search.text_words(text);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS run_text_org ON runledger_search.run_text (org_id);--> statement-breakpoint
ALTER INDEX runledger_search.run_text_trgm RESET (gin_pending_list_limit);
