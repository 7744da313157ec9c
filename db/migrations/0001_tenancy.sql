-- Roles. The application never runs tenant queries as the table owner:
--   runledger_app    every request, inside withTenant(); subject to the tenant policies
--   runledger_worker the scheduler's claim/reap and the webhook relay, across organizations
--   runledger_auth   login and Bearer-token lookup, before the organization is known
-- Roles are cluster-wide in PostgreSQL, so creation tolerates a concurrent or earlier creator.
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['runledger_app', 'runledger_worker', 'runledger_auth'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    END IF;
    -- the connecting (owner) role must be able to SET ROLE to it
    IF NOT pg_has_role(current_user, r, 'MEMBER') THEN
      EXECUTE format('GRANT %I TO %I', r, current_user);
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint
-- The tenant of the current transaction; NULL (so every policy is false) when unset.
CREATE FUNCTION app_current_org_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.current_org_id', true), '')::uuid $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO runledger_app, runledger_worker, runledger_auth;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_current_org_id() TO runledger_app, runledger_worker, runledger_auth;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON cache_state, idempotency_keys, interviews, saved_views, todos, webhook_deliveries, channel_configs, workflow_channel_configs, workflow_configs, workflow_data_bindings, workflow_nodes, workflow_versions, workflows, match_results, step_approvals, workflow_run_steps, workflow_runs, job_descriptions, resumes, api_tokens, audit_logs, users, organizations TO runledger_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE workflow_run_public_seq, job_description_public_seq TO runledger_app;
--> statement-breakpoint
GRANT SELECT, UPDATE ON workflow_run_steps, workflow_runs, webhook_deliveries TO runledger_worker;
--> statement-breakpoint
GRANT SELECT ON organizations TO runledger_worker;
--> statement-breakpoint
GRANT SELECT ON users, api_tokens, organizations TO runledger_auth;
--> statement-breakpoint
GRANT UPDATE (last_login_at) ON users TO runledger_auth;
--> statement-breakpoint
GRANT UPDATE (last_used_at) ON api_tokens TO runledger_auth;
--> statement-breakpoint
ALTER TABLE cache_state ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE cache_state FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY cache_state_tenant_isolation ON cache_state USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY idempotency_keys_tenant_isolation ON idempotency_keys USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE interviews ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE interviews FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY interviews_tenant_isolation ON interviews USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE saved_views ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE saved_views FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY saved_views_tenant_isolation ON saved_views USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE todos ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE todos FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY todos_tenant_isolation ON todos USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY webhook_deliveries_tenant_isolation ON webhook_deliveries USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE channel_configs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE channel_configs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY channel_configs_tenant_isolation ON channel_configs USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE workflow_channel_configs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_channel_configs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workflow_channel_configs_tenant_isolation ON workflow_channel_configs USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE workflow_configs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_configs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workflow_configs_tenant_isolation ON workflow_configs USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE workflow_data_bindings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_data_bindings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workflow_data_bindings_tenant_isolation ON workflow_data_bindings USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE workflow_nodes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_nodes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workflow_nodes_tenant_isolation ON workflow_nodes USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE workflow_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_versions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workflow_versions_tenant_isolation ON workflow_versions USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE workflows ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflows FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workflows_tenant_isolation ON workflows USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE match_results ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE match_results FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY match_results_tenant_isolation ON match_results USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE step_approvals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE step_approvals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY step_approvals_tenant_isolation ON step_approvals USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE workflow_run_steps ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_run_steps FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workflow_run_steps_tenant_isolation ON workflow_run_steps USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE workflow_runs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_runs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workflow_runs_tenant_isolation ON workflow_runs USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE job_descriptions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE job_descriptions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY job_descriptions_tenant_isolation ON job_descriptions USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE resumes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE resumes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY resumes_tenant_isolation ON resumes USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY api_tokens_tenant_isolation ON api_tokens USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE audit_logs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_logs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_logs_tenant_isolation ON audit_logs USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY users_tenant_isolation ON users USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY organizations_tenant_isolation ON organizations USING (id = app_current_org_id()) WITH CHECK (id = app_current_org_id());
--> statement-breakpoint
CREATE POLICY workflow_run_steps_worker ON workflow_run_steps TO runledger_worker USING (true) WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY workflow_runs_worker ON workflow_runs TO runledger_worker USING (true) WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY webhook_deliveries_worker ON webhook_deliveries TO runledger_worker USING (true) WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY organizations_worker ON organizations TO runledger_worker USING (true) WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY users_auth_lookup ON users FOR SELECT TO runledger_auth USING (true);
--> statement-breakpoint
CREATE POLICY api_tokens_auth_lookup ON api_tokens FOR SELECT TO runledger_auth USING (true);
--> statement-breakpoint
CREATE POLICY organizations_auth_lookup ON organizations FOR SELECT TO runledger_auth USING (true);
--> statement-breakpoint
CREATE POLICY users_auth_touch ON users FOR UPDATE TO runledger_auth USING (true) WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY api_tokens_auth_touch ON api_tokens FOR UPDATE TO runledger_auth USING (true) WITH CHECK (true);
