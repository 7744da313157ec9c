CREATE UNIQUE INDEX "users_org_id_key" ON "users" USING btree ("org_id","id");--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_org_user_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_run_steps" ADD CONSTRAINT "workflow_run_steps_json_shape_check" CHECK (jsonb_typeof("workflow_run_steps"."events") = 'array' AND jsonb_typeof("workflow_run_steps"."screenshots") = 'array' AND jsonb_typeof("workflow_run_steps"."metadata") = 'object');--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_json_shape_check" CHECK (jsonb_typeof("workflow_runs"."context") = 'object' AND jsonb_typeof("workflow_runs"."endpoints_used") = 'array' AND jsonb_typeof("workflow_runs"."resume_ids") = 'array');--> statement-breakpoint
-- The audit log is append-only for the application: entries cannot be edited or removed from a request.
REVOKE UPDATE, DELETE ON audit_logs FROM runledger_app;
