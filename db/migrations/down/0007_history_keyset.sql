DROP TRIGGER IF EXISTS workflow_runs_context_sync ON public.workflow_runs;
--> statement-breakpoint
DROP SCHEMA IF EXISTS runledger_search CASCADE;
--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_org_channel_time_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_org_workflow_time_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_status_idx";
--> statement-breakpoint
CREATE INDEX "workflow_runs_status_idx" ON "workflow_runs" USING btree ("org_id","status","created_at" DESC NULLS LAST);
--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_jd_idx";
--> statement-breakpoint
CREATE INDEX "workflow_runs_jd_idx" ON "workflow_runs" USING btree ("org_id","jd_id","created_at" DESC NULLS LAST);
--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_started_by_idx";
--> statement-breakpoint
CREATE INDEX "workflow_runs_started_by_idx" ON "workflow_runs" USING btree ("org_id","started_by","created_at" DESC NULLS LAST);
--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_org_title_desc_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_org_title_asc_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_org_status_sort_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_org_duration_desc_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_org_duration_asc_idx";
