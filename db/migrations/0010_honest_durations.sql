-- Honest durations (issue 9 item 5): a step that never started (skipped or cancelled while pending) has no duration,
-- and a run cancelled before it started has none either. The engine used to write 0 for such steps and the time in
-- the queue for such runs, which pulled every average and median of every view and chart down. From now on the
-- engine writes NULL; this corrects the rows it wrote before (imported history is left as it was imported).
ALTER TABLE public.workflow_run_steps NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
UPDATE public.workflow_run_steps SET duration_ms = NULL WHERE started_at IS NULL AND duration_ms = 0;--> statement-breakpoint
ALTER TABLE public.workflow_run_steps FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE public.workflow_runs NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
UPDATE public.workflow_runs SET duration_ms = NULL
  WHERE started_at IS NULL AND duration_ms IS NOT NULL AND source = 'engine';--> statement-breakpoint
ALTER TABLE public.workflow_runs FORCE ROW LEVEL SECURITY;
