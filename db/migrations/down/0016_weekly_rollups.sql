DROP FUNCTION IF EXISTS analytics_compact_weekly_rollups();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_run_rollups_week_in ON analytics_run_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_run_rollups_week_out ON analytics_run_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_run_rollups_week_change ON analytics_run_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_tier_rollups_week_in ON analytics_tier_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_tier_rollups_week_out ON analytics_tier_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_tier_rollups_week_change ON analytics_tier_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_step_rollups_week_in ON analytics_step_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_step_rollups_week_out ON analytics_step_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_step_rollups_week_change ON analytics_step_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_duration_rollups_week_in ON analytics_duration_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_duration_rollups_week_out ON analytics_duration_rollups;--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_duration_rollups_week_change ON analytics_duration_rollups;--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_run_rollups_to_week();--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_tier_rollups_to_week();--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_step_rollups_to_week();--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_duration_rollups_to_week();--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_week(date);--> statement-breakpoint
DROP TABLE IF EXISTS analytics_run_rollups_weekly;--> statement-breakpoint
DROP TABLE IF EXISTS analytics_tier_rollups_weekly;--> statement-breakpoint
DROP TABLE IF EXISTS analytics_step_rollups_weekly;--> statement-breakpoint
DROP TABLE IF EXISTS analytics_duration_rollups_weekly;
