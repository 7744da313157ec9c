DROP TABLE IF EXISTS "cache_state" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "idempotency_keys" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "interviews" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "saved_views" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "todos" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "webhook_deliveries" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "channel_configs" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "workflow_channel_configs" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "workflow_configs" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "workflow_data_bindings" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "workflow_nodes" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "workflow_versions" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "workflows" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "match_results" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "step_approvals" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "workflow_run_steps" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "workflow_runs" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "job_descriptions" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "resumes" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "api_tokens" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "audit_logs" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "users" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "organizations" CASCADE;
--> statement-breakpoint
DROP SEQUENCE IF EXISTS "public"."workflow_run_public_seq";
--> statement-breakpoint
DROP SEQUENCE IF EXISTS "public"."job_description_public_seq";
