CREATE INDEX IF NOT EXISTS "workflow_run_steps_due_idx" ON "workflow_run_steps" USING btree ("run_at") WHERE "status" = 'queued';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "workflow_run_steps_scheduled_idx" ON "workflow_run_steps" USING btree ("run_at") WHERE "status" = 'scheduled';--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_run_steps_claim_org_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_run_steps_claim_idx";
