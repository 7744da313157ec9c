DROP POLICY IF EXISTS users_auth_touch ON users;
--> statement-breakpoint
DROP POLICY IF EXISTS api_tokens_auth_touch ON api_tokens;
--> statement-breakpoint
DROP POLICY IF EXISTS users_auth_lookup ON users;
--> statement-breakpoint
DROP POLICY IF EXISTS api_tokens_auth_lookup ON api_tokens;
--> statement-breakpoint
DROP POLICY IF EXISTS organizations_auth_lookup ON organizations;
--> statement-breakpoint
DROP POLICY IF EXISTS workflow_run_steps_worker ON workflow_run_steps;
--> statement-breakpoint
DROP POLICY IF EXISTS workflow_runs_worker ON workflow_runs;
--> statement-breakpoint
DROP POLICY IF EXISTS webhook_deliveries_worker ON webhook_deliveries;
--> statement-breakpoint
DROP POLICY IF EXISTS organizations_worker ON organizations;
--> statement-breakpoint
DROP POLICY IF EXISTS cache_state_tenant_isolation ON cache_state;
--> statement-breakpoint
ALTER TABLE cache_state NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE cache_state DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS idempotency_keys_tenant_isolation ON idempotency_keys;
--> statement-breakpoint
ALTER TABLE idempotency_keys NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE idempotency_keys DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS interviews_tenant_isolation ON interviews;
--> statement-breakpoint
ALTER TABLE interviews NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE interviews DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS saved_views_tenant_isolation ON saved_views;
--> statement-breakpoint
ALTER TABLE saved_views NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE saved_views DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS todos_tenant_isolation ON todos;
--> statement-breakpoint
ALTER TABLE todos NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE todos DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS webhook_deliveries_tenant_isolation ON webhook_deliveries;
--> statement-breakpoint
ALTER TABLE webhook_deliveries NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE webhook_deliveries DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS channel_configs_tenant_isolation ON channel_configs;
--> statement-breakpoint
ALTER TABLE channel_configs NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE channel_configs DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS workflow_channel_configs_tenant_isolation ON workflow_channel_configs;
--> statement-breakpoint
ALTER TABLE workflow_channel_configs NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_channel_configs DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS workflow_configs_tenant_isolation ON workflow_configs;
--> statement-breakpoint
ALTER TABLE workflow_configs NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_configs DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS workflow_data_bindings_tenant_isolation ON workflow_data_bindings;
--> statement-breakpoint
ALTER TABLE workflow_data_bindings NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_data_bindings DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS workflow_nodes_tenant_isolation ON workflow_nodes;
--> statement-breakpoint
ALTER TABLE workflow_nodes NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_nodes DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS workflow_versions_tenant_isolation ON workflow_versions;
--> statement-breakpoint
ALTER TABLE workflow_versions NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_versions DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS workflows_tenant_isolation ON workflows;
--> statement-breakpoint
ALTER TABLE workflows NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflows DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS match_results_tenant_isolation ON match_results;
--> statement-breakpoint
ALTER TABLE match_results NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE match_results DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS step_approvals_tenant_isolation ON step_approvals;
--> statement-breakpoint
ALTER TABLE step_approvals NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE step_approvals DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS workflow_run_steps_tenant_isolation ON workflow_run_steps;
--> statement-breakpoint
ALTER TABLE workflow_run_steps NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_run_steps DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS workflow_runs_tenant_isolation ON workflow_runs;
--> statement-breakpoint
ALTER TABLE workflow_runs NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_runs DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS job_descriptions_tenant_isolation ON job_descriptions;
--> statement-breakpoint
ALTER TABLE job_descriptions NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE job_descriptions DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS resumes_tenant_isolation ON resumes;
--> statement-breakpoint
ALTER TABLE resumes NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE resumes DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS api_tokens_tenant_isolation ON api_tokens;
--> statement-breakpoint
ALTER TABLE api_tokens NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_tokens DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS audit_logs_tenant_isolation ON audit_logs;
--> statement-breakpoint
ALTER TABLE audit_logs NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_logs DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS users_tenant_isolation ON users;
--> statement-breakpoint
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS organizations_tenant_isolation ON organizations;
--> statement-breakpoint
ALTER TABLE organizations NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE organizations DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON cache_state, idempotency_keys, interviews, saved_views, todos, webhook_deliveries, channel_configs, workflow_channel_configs, workflow_configs, workflow_data_bindings, workflow_nodes, workflow_versions, workflows, match_results, step_approvals, workflow_run_steps, workflow_runs, job_descriptions, resumes, api_tokens, audit_logs, users, organizations FROM runledger_app, runledger_worker, runledger_auth;
--> statement-breakpoint
REVOKE ALL ON SEQUENCE workflow_run_public_seq, job_description_public_seq FROM runledger_app;
--> statement-breakpoint
REVOKE ALL ON SCHEMA public FROM runledger_app, runledger_worker, runledger_auth;
--> statement-breakpoint
DROP FUNCTION IF EXISTS app_current_org_id();
--> statement-breakpoint
-- Roles are shared by every database of the cluster: drop them only when no other database still uses them.
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['runledger_app', 'runledger_worker', 'runledger_auth'] LOOP
    BEGIN
      EXECUTE format('DROP ROLE IF EXISTS %I', r);
    EXCEPTION WHEN dependent_objects_still_exist OR object_in_use THEN
      RAISE NOTICE 'role % is still used elsewhere in the cluster; kept', r;
    END;
  END LOOP;
END $$;
