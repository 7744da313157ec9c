DROP TRIGGER IF EXISTS analytics_step_delete ON workflow_run_steps;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_step_update ON workflow_run_steps;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_step_insert ON workflow_run_steps;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_run_delete ON workflow_runs;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_run_update ON workflow_runs;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_run_insert ON workflow_runs;
--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_compact_rollups();
--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_step_changed();
--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_run_changed();
--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_recount_failures(uuid, date, text, text, text);
--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_emit_step(workflow_run_steps, date, uuid, integer);
--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_emit_run(workflow_runs, integer);
--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_normalize_error(text);
--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_duration_bin(bigint);
--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_run_steps_failed_idx";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_failure_rollups";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_duration_rollups";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_step_rollups";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_tier_rollups";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics_run_rollups";
