-- Unpacks every packed histogram row into one-bin rows (in place, days and periods alike, so the copy
-- triggers stay out of it), then restores 0016's shape and copy function.
ALTER TABLE "analytics_duration_rollups" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" DISABLE TRIGGER USER;--> statement-breakpoint
INSERT INTO analytics_duration_rollups (folded, org_id, day, kind, dim, bin, n)
SELECT t.folded, t.org_id, t.day, t.kind, t.dim, u.bin, u.n
FROM analytics_duration_rollups t CROSS JOIN LATERAL unnest(t.bins, t.ns) AS u (bin, n) WHERE t.bins IS NOT NULL;--> statement-breakpoint
DELETE FROM analytics_duration_rollups WHERE bins IS NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" ENABLE TRIGGER USER;--> statement-breakpoint
INSERT INTO analytics_duration_period_rollups (folded, org_id, period, start, kind, dim, bin, n)
SELECT t.folded, t.org_id, t.period, t.start, t.kind, t.dim, u.bin, u.n
FROM analytics_duration_period_rollups t CROSS JOIN LATERAL unnest(t.bins, t.ns) AS u (bin, n) WHERE t.bins IS NOT NULL;--> statement-breakpoint
DELETE FROM analytics_duration_period_rollups WHERE bins IS NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_pack_duration_rollups();--> statement-breakpoint
DROP INDEX IF EXISTS "analytics_duration_rollups_unpacked_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "analytics_duration_period_rollups_unpacked_idx";--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" DROP CONSTRAINT IF EXISTS "analytics_duration_rollups_shape_check";--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" DROP CONSTRAINT IF EXISTS "analytics_duration_period_rollups_shape_check";--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" DROP COLUMN IF EXISTS "bins";--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" DROP COLUMN IF EXISTS "ns";--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" ALTER COLUMN "bin" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" ALTER COLUMN "n" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" DROP COLUMN IF EXISTS "bins";--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" DROP COLUMN IF EXISTS "ns";--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" ALTER COLUMN "bin" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" ALTER COLUMN "n" SET NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_duration_rollups_to_periods() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.folded THEN
    INSERT INTO analytics_duration_period_rollups (org_id, period, start, kind, dim, bin, n)
    VALUES (OLD.org_id, 'week', analytics_period_start('week', OLD.day), OLD.kind, OLD.dim, OLD.bin, -OLD.n),
           (OLD.org_id, 'month', analytics_period_start('month', OLD.day), OLD.kind, OLD.dim, OLD.bin, -OLD.n);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.folded THEN
    INSERT INTO analytics_duration_period_rollups (org_id, period, start, kind, dim, bin, n)
    VALUES (NEW.org_id, 'week', analytics_period_start('week', NEW.day), NEW.kind, NEW.dim, NEW.bin, NEW.n),
           (NEW.org_id, 'month', analytics_period_start('month', NEW.day), NEW.kind, NEW.dim, NEW.bin, NEW.n);
  END IF;
  RETURN NULL;
END
$$;
