DROP INDEX IF EXISTS "workflow_runs_rerun_of_idx";
