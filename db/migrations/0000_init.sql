CREATE SEQUENCE "public"."workflow_run_public_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."job_description_public_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "cache_state" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"agent" text NOT NULL,
	"content_hash" text NOT NULL,
	"value" jsonb NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"principal" text NOT NULL,
	"key" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" text DEFAULT 'in_flight' NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone DEFAULT now() + interval '24 hours' NOT NULL,
	CONSTRAINT "idempotency_keys_state_check" CHECK (state IN ('in_flight', 'completed'))
);
--> statement-breakpoint
CREATE TABLE "interviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"workflow_id" uuid,
	"run_id" uuid,
	"resume_id" uuid,
	"title" text NOT NULL,
	"candidate_name" text,
	"interviewer_id" uuid,
	"scheduled_at" timestamp with time zone,
	"duration_minutes" integer DEFAULT 60 NOT NULL,
	"location" text,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"notes" text,
	"created_by" uuid,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_via" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interviews_status_check" CHECK (status IN ('scheduled', 'completed', 'cancelled', 'no_show')),
	CONSTRAINT "interviews_deleted_via_check" CHECK ("interviews"."deleted_via" IS NULL OR deleted_via IN ('self', 'workflow')),
	CONSTRAINT "interviews_duration_check" CHECK ("interviews"."duration_minutes" BETWEEN 1 AND 1440)
);
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"page" text DEFAULT 'runs' NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "todos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"workflow_id" uuid,
	"run_id" uuid,
	"title" text NOT NULL,
	"description" text,
	"assignee_id" uuid,
	"due_at" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"created_by" uuid,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_via" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "todos_status_check" CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
	CONSTRAINT "todos_priority_check" CHECK (priority IN ('low', 'normal', 'high')),
	CONSTRAINT "todos_deleted_via_check" CHECK ("todos"."deleted_via" IS NULL OR deleted_via IN ('self', 'workflow'))
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"workflow_channel_config_id" uuid,
	"url" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"attempt_log" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_status_check" CHECK (status IN ('pending', 'delivering', 'delivered', 'failed', 'gave_up'))
);
--> statement-breakpoint
CREATE TABLE "channel_configs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_configs_channel_check" CHECK (channel IN ('web', 'voice', 'efax', 'api', 'email'))
);
--> statement-breakpoint
CREATE TABLE "workflow_channel_configs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"webhook_url" text,
	"webhook_secret" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_channel_configs_channel_check" CHECK (channel IN ('web', 'voice', 'efax', 'api', 'email'))
);
--> statement-breakpoint
CREATE TABLE "workflow_configs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"workflow_id" uuid,
	"channel" text,
	"version" integer NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_active" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"activated_by" uuid,
	"activated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_configs_scope_check" CHECK (scope IN ('global', 'channel', 'workflow')),
	CONSTRAINT "workflow_configs_channel_check" CHECK ("workflow_configs"."channel" IS NULL OR channel IN ('web', 'voice', 'efax', 'api', 'email')),
	CONSTRAINT "workflow_configs_scope_fields_check" CHECK (("workflow_configs"."scope" = 'global' AND "workflow_configs"."workflow_id" IS NULL AND "workflow_configs"."channel" IS NULL)
        OR ("workflow_configs"."scope" = 'channel' AND "workflow_configs"."workflow_id" IS NULL AND "workflow_configs"."channel" IS NOT NULL)
        OR ("workflow_configs"."scope" = 'workflow' AND "workflow_configs"."workflow_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "workflow_data_bindings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"source_node_id" uuid NOT NULL,
	"source_key" text NOT NULL,
	"target_node_id" uuid NOT NULL,
	"target_key" text NOT NULL,
	"binding_type" text DEFAULT 'direct' NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_nodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"order_number" integer NOT NULL,
	"step_name" text NOT NULL,
	"step_type" text NOT NULL,
	"step_description" text,
	"auto_start" boolean DEFAULT true NOT NULL,
	"required_human_approval" boolean DEFAULT false NOT NULL,
	"number_of_approvals_needed" integer,
	"approvers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"delay_in_seconds" integer,
	"max_retries" integer DEFAULT 3 NOT NULL,
	"timeout_seconds" integer,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"io_schema" jsonb DEFAULT '{"inputs":[],"outputs":[]}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_nodes_step_type_check" CHECK (step_type IN ('resume_extraction', 'jd_reading', 'resume_reading', 'hr_comparison', 'approval', 'manual', 'delay', 'interview_scheduling', 'todo', 'webhook_call', 'external', 'unknown')),
	CONSTRAINT "workflow_nodes_order_check" CHECK ("workflow_nodes"."order_number" >= 0),
	CONSTRAINT "workflow_nodes_approvals_check" CHECK ("workflow_nodes"."number_of_approvals_needed" IS NULL OR "workflow_nodes"."number_of_approvals_needed" >= 1),
	CONSTRAINT "workflow_nodes_delay_check" CHECK ("workflow_nodes"."delay_in_seconds" IS NULL OR "workflow_nodes"."delay_in_seconds" >= 0),
	CONSTRAINT "workflow_nodes_retries_check" CHECK ("workflow_nodes"."max_retries" BETWEEN 0 AND 100),
	CONSTRAINT "workflow_nodes_timeout_check" CHECK ("workflow_nodes"."timeout_seconds" IS NULL OR "workflow_nodes"."timeout_seconds" >= 1)
);
--> statement-breakpoint
CREATE TABLE "workflow_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"builtin_key" text,
	"created_by" uuid,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflows_status_check" CHECK (status IN ('draft', 'active', 'archived')),
	CONSTRAINT "workflows_version_check" CHECK ("workflows"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "match_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"jd_id" uuid NOT NULL,
	"resume_id" uuid NOT NULL,
	"score" numeric(5, 1) NOT NULL,
	"band" text NOT NULL,
	"matched_skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"missing_skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"explanation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rationale" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_results_score_check" CHECK ("match_results"."score" BETWEEN 0 AND 100),
	CONSTRAINT "match_results_band_check" CHECK (band IN ('excellent', 'good', 'average', 'poor'))
);
--> statement-breakpoint
CREATE TABLE "step_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"step_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "step_approvals_decision_check" CHECK (decision IN ('approved', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "workflow_run_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"node_id" uuid,
	"step_number" integer NOT NULL,
	"order_number" integer DEFAULT 0 NOT NULL,
	"step_name" text DEFAULT 'Unknown Step' NOT NULL,
	"step_type" text DEFAULT 'unknown' NOT NULL,
	"step_description" text,
	"auto_start" boolean DEFAULT false NOT NULL,
	"required_human_approval" boolean DEFAULT false NOT NULL,
	"number_of_approvals_needed" integer,
	"approvers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"delay_in_seconds" integer,
	"max_retries" integer DEFAULT 0 NOT NULL,
	"timeout_seconds" integer,
	"node_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"io_schema" jsonb,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"run_at" timestamp with time zone,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"duration_ms" integer,
	"processed_items" integer DEFAULT 0 NOT NULL,
	"total_items" integer DEFAULT 0 NOT NULL,
	"input_data" jsonb,
	"output_data" jsonb,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"screenshots" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error_message" text,
	"error_details" jsonb,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"llm_prompt" text,
	"llm_response" text,
	"llm_model" text,
	"llm_tokens_used" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_run_steps_status_check" CHECK (status IN ('pending', 'waiting_approval', 'waiting_manual', 'scheduled', 'queued', 'running', 'completed', 'failed', 'timeout', 'cancelled', 'skipped')),
	CONSTRAINT "workflow_run_steps_step_type_check" CHECK (step_type IN ('resume_extraction', 'jd_reading', 'resume_reading', 'hr_comparison', 'approval', 'manual', 'delay', 'interview_scheduling', 'todo', 'webhook_call', 'external', 'unknown')),
	CONSTRAINT "workflow_run_steps_attempt_check" CHECK ("workflow_run_steps"."attempt" >= 0 AND "workflow_run_steps"."retry_count" >= 0),
	CONSTRAINT "workflow_run_steps_items_check" CHECK ("workflow_run_steps"."processed_items" >= 0 AND "workflow_run_steps"."total_items" >= 0 AND "workflow_run_steps"."processed_items" <= "workflow_run_steps"."total_items"),
	CONSTRAINT "workflow_run_steps_lease_check" CHECK ("workflow_run_steps"."status" <> 'running' OR ("workflow_run_steps"."lease_owner" IS NOT NULL AND "workflow_run_steps"."lease_expires_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "workflow_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"public_id" text DEFAULT 'WF-' || lpad(nextval('workflow_run_public_seq')::text, 6, '0') NOT NULL,
	"workflow_id" uuid,
	"workflow_version" integer,
	"channel" text DEFAULT 'web' NOT NULL,
	"external_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"source" text DEFAULT 'engine' NOT NULL,
	"title" text,
	"started_by" uuid,
	"jd_id" uuid,
	"jd_title" text,
	"resume_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"total_resumes" integer DEFAULT 0 NOT NULL,
	"processed_resumes" integer DEFAULT 0 NOT NULL,
	"force_reprocess" boolean DEFAULT false NOT NULL,
	"inputs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"progress" jsonb DEFAULT '{"completed_steps":0,"total_steps":0,"percentage":0}'::jsonb NOT NULL,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"results" jsonb,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"endpoints_used" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"config_snapshot" jsonb,
	"error_message" text,
	"error_details" jsonb,
	"llm_prompt" text,
	"llm_response" text,
	"llm_model" text,
	"llm_tokens_used" integer,
	"tier" smallint,
	"tier_reason" text,
	"idempotency_key" text,
	"legacy_id" text,
	"rerun_of" uuid,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"deadline_at" timestamp with time zone,
	"duration_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_runs_status_check" CHECK (status IN ('pending', 'active', 'waiting', 'completed', 'failed', 'cancelled', 'timeout')),
	CONSTRAINT "workflow_runs_channel_check" CHECK (channel IN ('web', 'voice', 'efax', 'api', 'email')),
	CONSTRAINT "workflow_runs_source_check" CHECK (source IN ('engine', 'external', 'import')),
	CONSTRAINT "workflow_runs_counts_check" CHECK ("workflow_runs"."total_resumes" >= 0 AND "workflow_runs"."processed_resumes" >= 0 AND "workflow_runs"."processed_resumes" <= "workflow_runs"."total_resumes"),
	CONSTRAINT "workflow_runs_duration_check" CHECK ("workflow_runs"."duration_ms" IS NULL OR "workflow_runs"."duration_ms" >= 0)
);
--> statement-breakpoint
CREATE TABLE "job_descriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"public_id" text DEFAULT 'JD-' || lpad(nextval('job_description_public_seq')::text, 6, '0') NOT NULL,
	"title" text NOT NULL,
	"department" text,
	"location" text,
	"employment_type" text,
	"description" text NOT NULL,
	"parsed" jsonb,
	"created_by" uuid,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resumes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"candidate_name" text,
	"email" text,
	"phone" text,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"file_size" integer NOT NULL,
	"content_hash" text NOT NULL,
	"file_data" "bytea",
	"extracted_text" text,
	"parsed" jsonb,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"parse_error" text,
	"source" text DEFAULT 'upload' NOT NULL,
	"uploaded_by" uuid,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resumes_status_check" CHECK (status IN ('uploaded', 'extracted', 'parsed', 'failed')),
	CONSTRAINT "resumes_source_check" CHECK (source IN ('upload', 'email', 'import', 'demo')),
	CONSTRAINT "resumes_file_size_check" CHECK ("resumes"."file_size" >= 0)
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid,
	"api_token_id" uuid,
	"action" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" text,
	"ip_address" text,
	"user_agent" text,
	"success" boolean NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"retention_days" integer DEFAULT 365 NOT NULL,
	"intake_workflow_id" uuid,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_retention_days_check" CHECK ("organizations"."retention_days" BETWEEN 1 AND 36500)
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_role_check" CHECK (role IN ('admin', 'manager', 'recruiter', 'analyst'))
);
--> statement-breakpoint
ALTER TABLE "cache_state" ADD CONSTRAINT "cache_state_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_resume_id_resumes_id_fk" FOREIGN KEY ("resume_id") REFERENCES "public"."resumes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_interviewer_id_users_id_fk" FOREIGN KEY ("interviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "todos" ADD CONSTRAINT "todos_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "todos" ADD CONSTRAINT "todos_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "todos" ADD CONSTRAINT "todos_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "todos" ADD CONSTRAINT "todos_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "todos" ADD CONSTRAINT "todos_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_workflow_channel_config_id_workflow_channel_configs_id_fk" FOREIGN KEY ("workflow_channel_config_id") REFERENCES "public"."workflow_channel_configs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_configs" ADD CONSTRAINT "channel_configs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_channel_configs" ADD CONSTRAINT "workflow_channel_configs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_channel_configs" ADD CONSTRAINT "workflow_channel_configs_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_configs" ADD CONSTRAINT "workflow_configs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_configs" ADD CONSTRAINT "workflow_configs_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_configs" ADD CONSTRAINT "workflow_configs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_configs" ADD CONSTRAINT "workflow_configs_activated_by_users_id_fk" FOREIGN KEY ("activated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_data_bindings" ADD CONSTRAINT "workflow_data_bindings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_data_bindings" ADD CONSTRAINT "workflow_data_bindings_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_data_bindings" ADD CONSTRAINT "workflow_data_bindings_source_node_id_workflow_nodes_id_fk" FOREIGN KEY ("source_node_id") REFERENCES "public"."workflow_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_data_bindings" ADD CONSTRAINT "workflow_data_bindings_target_node_id_workflow_nodes_id_fk" FOREIGN KEY ("target_node_id") REFERENCES "public"."workflow_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_nodes" ADD CONSTRAINT "workflow_nodes_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_nodes" ADD CONSTRAINT "workflow_nodes_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_versions" ADD CONSTRAINT "workflow_versions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_versions" ADD CONSTRAINT "workflow_versions_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_versions" ADD CONSTRAINT "workflow_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_results" ADD CONSTRAINT "match_results_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_results" ADD CONSTRAINT "match_results_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_results" ADD CONSTRAINT "match_results_jd_id_job_descriptions_id_fk" FOREIGN KEY ("jd_id") REFERENCES "public"."job_descriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_results" ADD CONSTRAINT "match_results_resume_id_resumes_id_fk" FOREIGN KEY ("resume_id") REFERENCES "public"."resumes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "step_approvals" ADD CONSTRAINT "step_approvals_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "step_approvals" ADD CONSTRAINT "step_approvals_step_id_workflow_run_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."workflow_run_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "step_approvals" ADD CONSTRAINT "step_approvals_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "step_approvals" ADD CONSTRAINT "step_approvals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_run_steps" ADD CONSTRAINT "workflow_run_steps_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_run_steps" ADD CONSTRAINT "workflow_run_steps_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_run_steps" ADD CONSTRAINT "workflow_run_steps_node_id_workflow_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."workflow_nodes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_jd_id_job_descriptions_id_fk" FOREIGN KEY ("jd_id") REFERENCES "public"."job_descriptions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_rerun_of_workflow_runs_id_fk" FOREIGN KEY ("rerun_of") REFERENCES "public"."workflow_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_descriptions" ADD CONSTRAINT "job_descriptions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_descriptions" ADD CONSTRAINT "job_descriptions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumes" ADD CONSTRAINT "resumes_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumes" ADD CONSTRAINT "resumes_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_api_token_id_api_tokens_id_fk" FOREIGN KEY ("api_token_id") REFERENCES "public"."api_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cache_state_key" ON "cache_state" USING btree ("org_id","agent","content_hash");--> statement-breakpoint
CREATE INDEX "cache_state_expires_idx" ON "cache_state" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "idempotency_keys_key" ON "idempotency_keys" USING btree ("org_id","principal","key");--> statement-breakpoint
CREATE INDEX "idempotency_keys_expires_idx" ON "idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "ix_interviews_workflow_id" ON "interviews" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "interviews_org_time_idx" ON "interviews" USING btree ("org_id","scheduled_at") WHERE NOT "interviews"."is_deleted";--> statement-breakpoint
CREATE INDEX "saved_views_org_page_idx" ON "saved_views" USING btree ("org_id","page");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_user_name_key" ON "saved_views" USING btree ("user_id","page","name");--> statement-breakpoint
CREATE INDEX "ix_todos_workflow_id" ON "todos" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "todos_org_due_idx" ON "todos" USING btree ("org_id","status","due_at") WHERE NOT "todos"."is_deleted";--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_run_idx" ON "webhook_deliveries" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "channel_configs_org_channel_key" ON "channel_configs" USING btree ("org_id","channel");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_channel_configs_workflow_channel_key" ON "workflow_channel_configs" USING btree ("workflow_id","channel");--> statement-breakpoint
CREATE INDEX "workflow_channel_configs_priority_idx" ON "workflow_channel_configs" USING btree ("workflow_id","priority" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_configs_one_active_key" ON "workflow_configs" USING btree ("org_id","scope",coalesce("workflow_id", '00000000-0000-0000-0000-000000000000'::uuid),coalesce("channel", '')) WHERE "workflow_configs"."is_active";--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_configs_version_key" ON "workflow_configs" USING btree ("org_id","scope",coalesce("workflow_id", '00000000-0000-0000-0000-000000000000'::uuid),coalesce("channel", ''),"version");--> statement-breakpoint
CREATE INDEX "workflow_data_bindings_target_idx" ON "workflow_data_bindings" USING btree ("target_node_id");--> statement-breakpoint
CREATE INDEX "workflow_data_bindings_workflow_idx" ON "workflow_data_bindings" USING btree ("workflow_id");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_data_bindings_target_key" ON "workflow_data_bindings" USING btree ("target_node_id","target_key");--> statement-breakpoint
CREATE INDEX "workflow_nodes_workflow_order_idx" ON "workflow_nodes" USING btree ("workflow_id","order_number");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_versions_workflow_version_key" ON "workflow_versions" USING btree ("workflow_id","version");--> statement-breakpoint
CREATE INDEX "workflows_org_idx" ON "workflows" USING btree ("org_id","name") WHERE NOT "workflows"."is_deleted";--> statement-breakpoint
CREATE UNIQUE INDEX "workflows_builtin_key" ON "workflows" USING btree ("org_id","builtin_key");--> statement-breakpoint
CREATE UNIQUE INDEX "match_results_run_resume_key" ON "match_results" USING btree ("run_id","resume_id");--> statement-breakpoint
CREATE INDEX "match_results_run_score_idx" ON "match_results" USING btree ("run_id","score" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "match_results_resume_idx" ON "match_results" USING btree ("resume_id");--> statement-breakpoint
CREATE UNIQUE INDEX "step_approvals_step_user_key" ON "step_approvals" USING btree ("step_id","user_id");--> statement-breakpoint
CREATE INDEX "step_approvals_run_idx" ON "step_approvals" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_run_steps_run_step_key" ON "workflow_run_steps" USING btree ("run_id","step_number");--> statement-breakpoint
CREATE INDEX "workflow_run_steps_due_idx" ON "workflow_run_steps" USING btree ("run_at") WHERE "workflow_run_steps"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "workflow_run_steps_scheduled_idx" ON "workflow_run_steps" USING btree ("run_at") WHERE "workflow_run_steps"."status" = 'scheduled';--> statement-breakpoint
CREATE INDEX "workflow_run_steps_lease_idx" ON "workflow_run_steps" USING btree ("lease_expires_at") WHERE "workflow_run_steps"."status" = 'running';--> statement-breakpoint
CREATE INDEX "workflow_run_steps_waiting_idx" ON "workflow_run_steps" USING btree ("org_id","created_at") WHERE "workflow_run_steps"."status" IN ('waiting_approval', 'waiting_manual');--> statement-breakpoint
CREATE INDEX "workflow_run_steps_type_status_idx" ON "workflow_run_steps" USING btree ("org_id","step_type","status");--> statement-breakpoint
CREATE INDEX "workflow_run_steps_events_gin" ON "workflow_run_steps" USING gin ("events" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "workflow_run_steps_node_idx" ON "workflow_run_steps" USING btree ("node_id");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_runs_public_id_key" ON "workflow_runs" USING btree ("public_id");--> statement-breakpoint
CREATE INDEX "workflow_runs_org_time_idx" ON "workflow_runs" USING btree ("org_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "workflow_runs_started_by_idx" ON "workflow_runs" USING btree ("org_id","started_by","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "workflow_runs_jd_idx" ON "workflow_runs" USING btree ("org_id","jd_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "workflow_runs_status_idx" ON "workflow_runs" USING btree ("org_id","status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "workflow_runs_workflow_idx" ON "workflow_runs" USING btree ("org_id","workflow_id","channel","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "workflow_runs_external_idx" ON "workflow_runs" USING btree ("org_id","external_id") WHERE "workflow_runs"."external_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "workflow_runs_context_gin" ON "workflow_runs" USING gin ("context" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "workflow_runs_deadline_idx" ON "workflow_runs" USING btree ("deadline_at") WHERE "workflow_runs"."status" IN ('pending', 'active', 'waiting') AND "workflow_runs"."deadline_at" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_runs_idempotency_key" ON "workflow_runs" USING btree ("org_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_runs_legacy_key" ON "workflow_runs" USING btree ("org_id","legacy_id");--> statement-breakpoint
CREATE UNIQUE INDEX "job_descriptions_public_id_key" ON "job_descriptions" USING btree ("public_id");--> statement-breakpoint
CREATE INDEX "job_descriptions_org_idx" ON "job_descriptions" USING btree ("org_id","created_at" DESC NULLS LAST) WHERE NOT "job_descriptions"."is_deleted";--> statement-breakpoint
CREATE INDEX "resumes_org_idx" ON "resumes" USING btree ("org_id","created_at" DESC NULLS LAST) WHERE NOT "resumes"."is_deleted";--> statement-breakpoint
CREATE INDEX "resumes_hash_idx" ON "resumes" USING btree ("org_id","content_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_org_idx" ON "api_tokens" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_logs_org_time_idx" ON "audit_logs" USING btree ("org_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_logs_resource_idx" ON "audit_logs" USING btree ("org_id","resource_type","resource_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_org_idx" ON "users" USING btree ("org_id","name");