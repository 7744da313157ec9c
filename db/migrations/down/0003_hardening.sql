GRANT UPDATE, DELETE ON audit_logs TO runledger_app;
--> statement-breakpoint
ALTER TABLE "workflow_runs" DROP CONSTRAINT IF EXISTS "workflow_runs_json_shape_check";
--> statement-breakpoint
ALTER TABLE "workflow_run_steps" DROP CONSTRAINT IF EXISTS "workflow_run_steps_json_shape_check";
--> statement-breakpoint
ALTER TABLE "api_tokens" DROP CONSTRAINT IF EXISTS "api_tokens_org_user_fk";
--> statement-breakpoint
DROP INDEX IF EXISTS "users_org_id_key";
