-- Failed steps by the moment they failed, readable by index as the application role. Under row-level
-- security a condition may use an index only when nothing in it can leak a value, and PostgreSQL counts
-- COALESCE among the expressions that might: `coalesce(completed_at, updated_at) >= x` was a filter over
-- every failed step of the organization (230–700 ms at 80,000 of them). The same instant written as a
-- CASE over IS NOT NULL is leak-proof, so the analytics' partial days and a failure group's runs seek
-- this index. 0008's coalesce index stays for the rollup triggers' recount, which reads it that way.
CREATE INDEX "workflow_run_steps_failed_at_idx" ON "workflow_run_steps" USING btree ("org_id", (CASE WHEN "completed_at" IS NOT NULL THEN "completed_at" ELSE "updated_at" END)) WHERE "status" IN ('failed', 'timeout');
