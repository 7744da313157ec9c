DROP TRIGGER IF EXISTS workflow_runs_text_sync ON public.workflow_runs;
--> statement-breakpoint
DROP FUNCTION IF EXISTS runledger_search.runs_matching(text);
--> statement-breakpoint
DROP FUNCTION IF EXISTS runledger_search.sync_run_text();
--> statement-breakpoint
DROP TABLE IF EXISTS runledger_search.run_text;
--> statement-breakpoint
DROP FUNCTION IF EXISTS runledger_search.run_document(public.workflow_runs);
--> statement-breakpoint
DROP EXTENSION IF EXISTS pg_trgm;
