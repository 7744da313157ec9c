-- Read models of seed 002 and the seed-004 compatibility views. All are
-- security_invoker, so the caller's row-level security applies through them.

-- One row per run with step counts and timing (seed 002 v_workflow_execution_summary).
CREATE VIEW v_workflow_execution_summary WITH (security_invoker = true) AS
SELECT r.id AS run_id,
       r.public_id,
       r.org_id,
       r.workflow_id,
       w.name AS workflow_name,
       r.workflow_version,
       r.channel,
       r.status,
       r.external_id,
       r.started_by,
       r.started_at AS start_time,
       r.completed_at AS end_time,
       r.duration_ms,
       count(s.id) AS total_steps,
       count(s.id) FILTER (WHERE s.status = 'completed') AS completed_steps,
       count(s.id) FILTER (WHERE s.status IN ('failed', 'timeout')) AS failed_steps,
       coalesce(sum(s.retry_count), 0)::integer AS total_retries,
       round(avg(s.duration_ms))::integer AS avg_step_duration_ms,
       r.created_at
FROM workflow_runs r
LEFT JOIN workflows w ON w.id = r.workflow_id
LEFT JOIN workflow_run_steps s ON s.run_id = r.id
GROUP BY r.id, w.name;
--> statement-breakpoint
-- Volume, success rate and duration distribution per workflow and channel.
CREATE VIEW v_workflow_channel_performance WITH (security_invoker = true) AS
SELECT r.org_id,
       r.workflow_id,
       w.name AS workflow_name,
       r.channel,
       count(*) AS total_executions,
       count(*) FILTER (WHERE r.status = 'completed') AS successful_executions,
       count(*) FILTER (WHERE r.status = 'failed') AS failed_executions,
       count(*) FILTER (WHERE r.status = 'cancelled') AS cancelled_executions,
       count(*) FILTER (WHERE r.status = 'timeout') AS timed_out_executions,
       round(100.0 * count(*) FILTER (WHERE r.status = 'completed')
             / nullif(count(*) FILTER (WHERE r.status IN ('completed', 'failed', 'cancelled', 'timeout')), 0), 2)
         AS success_rate,
       round(avg(r.duration_ms))::integer AS avg_duration_ms,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY r.duration_ms) AS p50_duration_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY r.duration_ms) AS p95_duration_ms,
       min(r.duration_ms) AS min_duration_ms,
       max(r.duration_ms) AS max_duration_ms,
       max(r.created_at) AS last_execution_at
FROM workflow_runs r
LEFT JOIN workflows w ON w.id = r.workflow_id
GROUP BY r.org_id, r.workflow_id, w.name, r.channel;
--> statement-breakpoint
-- Per node: how often it ran, failed and retried, and how long it took (bottlenecks).
CREATE VIEW v_node_execution_stats WITH (security_invoker = true) AS
SELECT s.org_id,
       r.workflow_id,
       s.node_id,
       s.step_type,
       s.step_name,
       count(*) AS execution_count,
       count(*) FILTER (WHERE s.status = 'completed') AS completed_count,
       count(*) FILTER (WHERE s.status = 'failed') AS failed_count,
       count(*) FILTER (WHERE s.status = 'timeout') AS timeout_count,
       round(100.0 * count(*) FILTER (WHERE s.status IN ('failed', 'timeout'))
             / nullif(count(*) FILTER (WHERE s.status IN ('completed', 'failed', 'timeout')), 0), 2)
         AS failure_rate,
       round(avg(s.duration_ms))::integer AS avg_duration_ms,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY s.duration_ms) AS p50_duration_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY s.duration_ms) AS p95_duration_ms,
       max(s.duration_ms) AS max_duration_ms,
       coalesce(sum(s.retry_count), 0)::integer AS total_retries,
       round(avg(s.retry_count), 2) AS avg_retries
FROM workflow_run_steps s
JOIN workflow_runs r ON r.id = s.run_id
GROUP BY s.org_id, r.workflow_id, s.node_id, s.step_type, s.step_name;
--> statement-breakpoint
-- Every step event of every run, in order (seed 002's workflow_events, unnested from JSONB).
CREATE VIEW v_workflow_execution_timeline WITH (security_invoker = true) AS
SELECT s.org_id,
       s.run_id,
       r.public_id,
       r.workflow_id,
       s.id AS step_id,
       s.step_number,
       s.step_name,
       s.step_type,
       e.ordinality AS event_index,
       e.event ->> 'type' AS event_type,
       (e.event ->> 'timestamp')::timestamptz AS event_timestamp,
       e.event -> 'data' AS event_data
FROM workflow_run_steps s
JOIN workflow_runs r ON r.id = s.run_id
CROSS JOIN LATERAL jsonb_array_elements(s.events) WITH ORDINALITY AS e(event, ordinality);
--> statement-breakpoint
-- Failed and timed-out steps with their error normalised for grouping (ids and numbers folded).
CREATE VIEW v_failed_steps_analysis WITH (security_invoker = true) AS
SELECT s.org_id,
       s.run_id,
       r.public_id,
       r.workflow_id,
       w.name AS workflow_name,
       r.channel,
       s.id AS step_id,
       s.node_id,
       s.step_number,
       s.step_name,
       s.step_type,
       s.status,
       s.error_message,
       regexp_replace(
         regexp_replace(coalesce(s.error_message, '(no message)'),
                        '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', '<id>', 'g'),
         '[0-9]+', '<n>', 'g') AS normalized_error,
       s.error_details,
       s.retry_count,
       s.attempt,
       s.input_data,
       s.started_at,
       s.completed_at,
       s.duration_ms,
       coalesce(s.completed_at, s.updated_at) AS failed_at
FROM workflow_run_steps s
JOIN workflow_runs r ON r.id = s.run_id
LEFT JOIN workflows w ON w.id = r.workflow_id
WHERE s.status IN ('failed', 'timeout');
--> statement-breakpoint
-- The configuration in force for each scope, with names for display.
CREATE VIEW v_active_workflow_configs WITH (security_invoker = true) AS
SELECT c.id AS config_id,
       c.org_id,
       o.name AS org_name,
       c.scope,
       c.workflow_id,
       w.name AS workflow_name,
       c.channel,
       c.version,
       c.config,
       c.created_by,
       c.activated_by,
       c.activated_at,
       c.created_at
FROM workflow_configs c
JOIN organizations o ON o.id = c.org_id
LEFT JOIN workflows w ON w.id = c.workflow_id
WHERE c.is_active;
--> statement-breakpoint
-- Seed 004 compatibility: the old workflow_trace table, over workflow_runs.
CREATE VIEW workflow_trace WITH (security_invoker = true) AS
SELECT r.id AS trace_id,
       r.public_id,
       r.workflow_id,
       r.org_id,
       r.channel,
       r.external_id,
       r.status,
       r.started_at AS start_time,
       r.completed_at AS end_time,
       r.duration_ms,
       r.context,
       r.endpoints_used,
       r.config_snapshot,
       r.error_message,
       r.error_details,
       r.llm_model,
       r.llm_tokens_used,
       r.tier,
       r.tier_reason,
       r.created_at,
       r.started_by AS created_by,
       r.updated_at
FROM workflow_runs r;
--> statement-breakpoint
-- Seed 004 compatibility: the old workflow_steps table, over workflow_run_steps.
CREATE VIEW workflow_steps WITH (security_invoker = true) AS
SELECT s.id AS step_id,
       s.run_id AS trace_id,
       s.org_id,
       s.node_id,
       s.step_number,
       s.step_name,
       s.step_type,
       s.status,
       s.retry_count,
       s.started_at AS start_time,
       s.completed_at AS end_time,
       s.duration_ms,
       s.input_data,
       s.output_data,
       s.events,
       s.screenshots,
       s.error_message,
       s.error_details,
       s.metadata,
       s.created_at
FROM workflow_run_steps s;
--> statement-breakpoint
GRANT SELECT ON v_workflow_execution_summary, v_workflow_channel_performance, v_node_execution_stats,
  v_workflow_execution_timeline, v_failed_steps_analysis, v_active_workflow_configs, workflow_trace, workflow_steps
  TO runledger_app;
