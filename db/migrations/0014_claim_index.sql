-- The claim reads due steps, queued or scheduled, oldest run_at first. With one partial index per status
-- the planner could serve `status in ('queued', 'scheduled')` only by a bitmap over both and a sort of
-- every queued step, on every claim (3,000 queued steps: ~5 ms of server time per claim, most of the
-- engine's cost in a drain). One index whose predicate is the claim's own condition is read in run_at
-- order and stops after the rows it locks; its twin led by org_id serves a completion refilling its slot from
-- its own organization's queue (a tenant transaction, where row-level security adds org_id to the condition).
CREATE INDEX "workflow_run_steps_claim_idx" ON "workflow_run_steps" USING btree ("run_at") WHERE "status" IN ('queued', 'scheduled') AND "step_type" <> 'external';--> statement-breakpoint
CREATE INDEX "workflow_run_steps_claim_org_idx" ON "workflow_run_steps" USING btree ("org_id", "run_at") WHERE "status" IN ('queued', 'scheduled') AND "step_type" <> 'external';--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_run_steps_due_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_run_steps_scheduled_idx";
