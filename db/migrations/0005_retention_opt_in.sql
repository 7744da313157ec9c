-- History is kept unless an admin chooses otherwise (issue 11): retention was 365 days by default, and
-- the first cleanup after start deleted runs just imported with old dates. Now retention_days is null
-- (keep forever) by default; organizations still on the old default get null too (the old default was
-- never a choice anyone made; a kept run can still be removed, a deleted one cannot come back).
ALTER TABLE "organizations" ALTER COLUMN "retention_days" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "organizations" ALTER COLUMN "retention_days" DROP NOT NULL;--> statement-breakpoint
UPDATE "organizations" SET "retention_days" = NULL WHERE "retention_days" = 365;--> statement-breakpoint
-- when the ledger recorded each run: an import keeps the run's own created_at, so the cleanup needs
-- this to spare runs recorded recently whatever their dates (existing rows get the migration's time)
ALTER TABLE "workflow_runs" ADD COLUMN "recorded_at" timestamp with time zone DEFAULT now() NOT NULL;
