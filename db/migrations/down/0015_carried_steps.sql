SELECT analytics_emit_step(s, (r.created_at AT TIME ZONE 'UTC')::date, r.workflow_id, -1)
FROM workflow_run_steps s JOIN workflow_runs r ON r.id = s.run_id
WHERE s.events @> '[{"type": "step.carried"}]'::jsonb;--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_emit_step(s workflow_run_steps, d date, workflow uuid, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  executed boolean := s.status IN ('completed', 'failed', 'timeout');
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
