-- The failed steps of one failure group (analytics: "failure group runs"), newest first. 0012's index is
-- by organization and failure time only, so a group's page walked every failed step of the range and
-- kept its own: at 1,000,000 runs a rare group's 30 days read every failure of the month (24 ms p50,
-- 55 ms p95 in bench:scale). By step type and name first, the walk reads only the failed steps of the
-- group's step, newest first; the normalized message is checked on those alone.
CREATE INDEX "workflow_run_steps_failed_step_idx" ON "workflow_run_steps" USING btree ("org_id", "step_type", "step_name", (CASE WHEN "completed_at" IS NOT NULL THEN "completed_at" ELSE "updated_at" END)) WHERE "status" IN ('failed', 'timeout');
