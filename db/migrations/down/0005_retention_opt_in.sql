ALTER TABLE "workflow_runs" DROP COLUMN IF EXISTS "recorded_at";
--> statement-breakpoint
UPDATE "organizations" SET "retention_days" = 365 WHERE "retention_days" IS NULL;
--> statement-breakpoint
ALTER TABLE "organizations" ALTER COLUMN "retention_days" SET DEFAULT 365;
--> statement-breakpoint
ALTER TABLE "organizations" ALTER COLUMN "retention_days" SET NOT NULL;
