-- A rerun from a step carries the earlier steps over with their outputs (status completed or skipped, a
-- `step.carried` event naming where they ran). They did not run again: counting them as executions
-- in node statistics counted the original work twice. From here on a carried step counts among the
-- run's steps but not as executed (the rollup triggers and the raw reads of db/queries/analytics.ts
-- apply the same rule). Carried steps already in the rollups are taken out with the old rule and put
-- back with the new one.
SELECT analytics_emit_step(s, (r.created_at AT TIME ZONE 'UTC')::date, r.workflow_id, -1)
FROM workflow_run_steps s JOIN workflow_runs r ON r.id = s.run_id
WHERE s.events @> '[{"type": "step.carried"}]'::jsonb;--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_emit_step(s workflow_run_steps, d date, workflow uuid, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  executed boolean := s.status IN ('completed', 'failed', 'timeout')
                      AND NOT s.events @> '[{"type": "step.carried"}]'::jsonb;
BEGIN
  INSERT INTO analytics_step_rollups (org_id, day, workflow_id, step_type, step_name, status, steps, durations, duration_sum, retries)
  VALUES (s.org_id, d, workflow, s.step_type, s.step_name, CASE WHEN executed THEN s.status ELSE 'other' END, sign,
          CASE WHEN executed AND s.duration_ms IS NOT NULL THEN sign ELSE 0 END,
          CASE WHEN executed THEN sign * coalesce(s.duration_ms, 0)::bigint ELSE 0 END,
          sign * s.retry_count);
  IF executed AND s.duration_ms IS NOT NULL THEN
    INSERT INTO analytics_duration_rollups (org_id, day, kind, dim, bin, n)
    VALUES (s.org_id, d, 'step', s.step_type, analytics_duration_bin(s.duration_ms), sign);
  END IF;
END
$$;--> statement-breakpoint
SELECT analytics_emit_step(s, (r.created_at AT TIME ZONE 'UTC')::date, r.workflow_id, 1)
FROM workflow_run_steps s JOIN workflow_runs r ON r.id = s.run_id
WHERE s.events @> '[{"type": "step.carried"}]'::jsonb;
