-- Reruns are new runs linked to the original (issue 11 item 1): a run's document lists the runs that rerun it,
-- a lookup by rerun_of; the same index serves the ON DELETE SET NULL of the self-reference when retention
-- deletes an original. Partial: most runs are not reruns.
CREATE INDEX "workflow_runs_rerun_of_idx" ON "workflow_runs" USING btree ("rerun_of") WHERE "workflow_runs"."rerun_of" IS NOT NULL;
