DROP INDEX IF EXISTS "workflow_run_steps_failed_step_idx";
