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
