DROP VIEW IF EXISTS workflow_steps;
--> statement-breakpoint
DROP VIEW IF EXISTS workflow_trace;
--> statement-breakpoint
DROP VIEW IF EXISTS v_active_workflow_configs;
--> statement-breakpoint
DROP VIEW IF EXISTS v_failed_steps_analysis;
--> statement-breakpoint
DROP VIEW IF EXISTS v_workflow_execution_timeline;
--> statement-breakpoint
DROP VIEW IF EXISTS v_node_execution_stats;
--> statement-breakpoint
DROP VIEW IF EXISTS v_workflow_channel_performance;
--> statement-breakpoint
DROP VIEW IF EXISTS v_workflow_execution_summary;
