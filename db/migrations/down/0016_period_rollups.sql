-- 0008's recount (locks the group-day only). Failure groups carry first/last/example, which a signed delta cannot take back: when a failed step
-- is removed or changed (rare: deletes, corrections), its group-day is recounted exactly from the raw
-- rows instead, under a lock per group-day, and shared with compaction so the two never interleave.
CREATE OR REPLACE FUNCTION analytics_recount_failures(o uuid, d date, st text, sn text, ne text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(8675309);
  PERFORM pg_advisory_xact_lock(hashtextextended(o::text || d::text || st || chr(31) || sn || chr(31) || ne, 8675309));
  DELETE FROM analytics_failure_rollups f
  WHERE f.org_id = o AND f.day = d AND f.step_type = st AND f.step_name = sn AND f.normalized_error = ne;
  INSERT INTO analytics_failure_rollups (folded, org_id, day, step_type, step_name, normalized_error, failures, runs, timeouts, first_at, last_at, example_error)
  SELECT true, o, d, st, sn, ne, count(*), count(DISTINCT s.run_id), count(*) FILTER (WHERE s.status = 'timeout'),
         min(coalesce(s.completed_at, s.updated_at)), max(coalesce(s.completed_at, s.updated_at)), min(s.error_message)
  FROM workflow_run_steps s
  WHERE s.org_id = o AND s.status IN ('failed', 'timeout') AND s.step_type = st
    AND coalesce(s.completed_at, s.updated_at) >= (d::timestamp AT TIME ZONE 'UTC')
    AND coalesce(s.completed_at, s.updated_at) < ((d + 1)::timestamp AT TIME ZONE 'UTC')
    AND s.step_name = sn AND analytics_normalize_error(s.error_message) = ne
  HAVING count(*) > 0;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_failure_rollups_periods_in ON analytics_failure_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_failure_rollups_periods_out ON analytics_failure_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_failure_rollups_periods_change ON analytics_failure_rollups;--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_failure_rollups_to_periods();--> statement-breakpoint
DROP TABLE IF EXISTS analytics_failure_period_rollups;--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_compact_period_rollups();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_run_rollups_periods_in ON analytics_run_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_run_rollups_periods_out ON analytics_run_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_run_rollups_periods_change ON analytics_run_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_tier_rollups_periods_in ON analytics_tier_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_tier_rollups_periods_out ON analytics_tier_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_tier_rollups_periods_change ON analytics_tier_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_step_rollups_periods_in ON analytics_step_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_step_rollups_periods_out ON analytics_step_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_step_rollups_periods_change ON analytics_step_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_duration_rollups_periods_in ON analytics_duration_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_duration_rollups_periods_out ON analytics_duration_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_duration_rollups_periods_change ON analytics_duration_rollups;--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_run_rollups_to_periods();--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_tier_rollups_to_periods();--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_step_rollups_to_periods();--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_duration_rollups_to_periods();--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_period_start(text, date);--> statement-breakpoint
DROP TABLE IF EXISTS analytics_run_period_rollups;--> statement-breakpoint
DROP TABLE IF EXISTS analytics_tier_period_rollups;--> statement-breakpoint
DROP TABLE IF EXISTS analytics_step_period_rollups;--> statement-breakpoint
DROP TABLE IF EXISTS analytics_duration_period_rollups;
