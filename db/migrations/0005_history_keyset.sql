-- Run history (issue 9): every sort the list offers pages by keyset, `(keys…, id) < (cursor…)`, which needs an
-- index whose columns are exactly (org_id, keys…, id). NULLs sort last in both directions: ascending by
-- (col IS NULL, coalesce(col, zero)), descending by coalesce(col, below every value). See db/queries/runs.ts.
CREATE INDEX "workflow_runs_org_duration_asc_idx" ON "workflow_runs" USING btree ("org_id",("duration_ms" IS NULL),(coalesce("duration_ms", 0)),"id");--> statement-breakpoint
CREATE INDEX "workflow_runs_org_duration_desc_idx" ON "workflow_runs" USING btree ("org_id",(coalesce("duration_ms", -1)),"id");--> statement-breakpoint
CREATE INDEX "workflow_runs_org_status_sort_idx" ON "workflow_runs" USING btree ("org_id","status","id");--> statement-breakpoint
CREATE INDEX "workflow_runs_org_title_asc_idx" ON "workflow_runs" USING btree ("org_id",("title" IS NULL),(coalesce("title", '')),"id");--> statement-breakpoint
CREATE INDEX "workflow_runs_org_title_desc_idx" ON "workflow_runs" USING btree ("org_id",(coalesce("title", '')),"id");--> statement-breakpoint
-- Filters of the newest-first list end in (created_at, id) so a cursor page seeks inside the filter too.
DROP INDEX IF EXISTS "workflow_runs_started_by_idx";--> statement-breakpoint
CREATE INDEX "workflow_runs_started_by_idx" ON "workflow_runs" USING btree ("org_id","started_by","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_jd_idx";--> statement-breakpoint
CREATE INDEX "workflow_runs_jd_idx" ON "workflow_runs" USING btree ("org_id","jd_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
DROP INDEX IF EXISTS "workflow_runs_status_idx";--> statement-breakpoint
CREATE INDEX "workflow_runs_status_idx" ON "workflow_runs" USING btree ("org_id","status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "workflow_runs_org_workflow_time_idx" ON "workflow_runs" USING btree ("org_id","workflow_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "workflow_runs_org_channel_time_idx" ON "workflow_runs" USING btree ("org_id","channel","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);
