-- Duration histograms packed one row per key (issue 9: every chart within 50 ms at 1,000,000 runs). A
-- folded histogram row held one bin: a 30-day channel chart read 42,000 of them (days × channels × ~300
-- bins of two significant digits) and a 12-month one 96,000 week rows, 25–50 ms of reading before any
-- arithmetic (bench:scale). Now folding packs each key's bins into one row, `bins` (ascending) and `ns`
-- (the count per bin) as arrays: a 30-day chart reads ~150 rows, a 12-month one ~265, and the reader
-- merges the arrays. The hot path is unchanged: its triggers still write one-bin delta rows (bin, n);
-- compaction still folds those per bin, and then analytics_pack_duration_rollups() merges a key's
-- folded rows into one packed row, day rows first (their copy triggers carry the packed rows into the
-- week and month tables as deltas), then the week and month rows. A row is either one bin or packed.
ALTER TABLE "analytics_duration_rollups" ALTER COLUMN "bin" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" ALTER COLUMN "n" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" ADD COLUMN "bins" bigint[];--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" ADD COLUMN "ns" integer[];--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" ADD CONSTRAINT "analytics_duration_rollups_shape_check" CHECK (
  CASE WHEN "bins" IS NULL THEN "bin" IS NOT NULL AND "n" IS NOT NULL AND "ns" IS NULL
       ELSE "bin" IS NULL AND "n" IS NULL AND "ns" IS NOT NULL AND cardinality("bins") = cardinality("ns") END);--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" ALTER COLUMN "bin" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" ALTER COLUMN "n" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" ADD COLUMN "bins" bigint[];--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" ADD COLUMN "ns" integer[];--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" ADD CONSTRAINT "analytics_duration_period_rollups_shape_check" CHECK (
  CASE WHEN "bins" IS NULL THEN "bin" IS NOT NULL AND "n" IS NOT NULL AND "ns" IS NULL
       ELSE "bin" IS NULL AND "n" IS NULL AND "ns" IS NOT NULL AND cardinality("bins") = cardinality("ns") END);--> statement-breakpoint
-- what packing looks for: folded one-bin day rows; week and month rows not yet packed
CREATE INDEX "analytics_duration_rollups_unpacked_idx" ON "analytics_duration_rollups" USING btree ("org_id", "day") WHERE "folded" AND "bins" IS NULL;--> statement-breakpoint
CREATE INDEX "analytics_duration_period_rollups_unpacked_idx" ON "analytics_duration_period_rollups" USING btree ("org_id", "period", "start") WHERE NOT "folded" OR "bins" IS NULL;--> statement-breakpoint
-- 0016's copy into weeks and months, for both shapes of row (a removed row is copied with its counts negated)
CREATE OR REPLACE FUNCTION analytics_duration_rollups_to_periods() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.folded THEN
    INSERT INTO analytics_duration_period_rollups (org_id, period, start, kind, dim, bin, n, bins, ns)
    SELECT OLD.org_id, p.period, analytics_period_start(p.period, OLD.day), OLD.kind, OLD.dim, OLD.bin, -OLD.n, OLD.bins,
           CASE WHEN OLD.ns IS NOT NULL THEN (SELECT array_agg(-v ORDER BY i) FROM unnest(OLD.ns) WITH ORDINALITY AS u (v, i)) END
    FROM (VALUES ('week'), ('month')) AS p (period);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.folded THEN
    INSERT INTO analytics_duration_period_rollups (org_id, period, start, kind, dim, bin, n, bins, ns)
    SELECT NEW.org_id, p.period, analytics_period_start(p.period, NEW.day), NEW.kind, NEW.dim, NEW.bin, NEW.n, NEW.bins, NEW.ns
    FROM (VALUES ('week'), ('month')) AS p (period);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- Merges each key's folded rows into one packed row: the day keys that have a folded one-bin row (what
-- analytics_compact_rollups() just wrote), then the week and month keys with a delta or a one-bin row.
-- compactAnalyticsRollups calls it after both compactions, in the same transaction. Two packings at once
-- can leave two packed rows for a key; readers sum every row of a key, so the figures stay exact.
CREATE FUNCTION analytics_pack_duration_rollups() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  removed integer;
  total integer := 0;
BEGIN
  WITH gone AS (
    DELETE FROM analytics_duration_rollups t
    WHERE t.folded AND (t.org_id, t.day, t.kind, t.dim) IN (
      SELECT org_id, day, kind, dim FROM analytics_duration_rollups WHERE folded AND bins IS NULL GROUP BY 1, 2, 3, 4)
    RETURNING t.org_id, t.day, t.kind, t.dim, coalesce(t.bins, ARRAY[t.bin]) AS bins, coalesce(t.ns, ARRAY[t.n]) AS ns
  ), summed AS (
    SELECT g.org_id, g.day, g.kind, g.dim, u.bin, sum(u.n) AS n
    FROM gone g CROSS JOIN LATERAL unnest(g.bins, g.ns) AS u (bin, n)
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(u.n) <> 0
  ), ins AS (
    INSERT INTO analytics_duration_rollups (folded, org_id, day, kind, dim, bins, ns)
    SELECT true, org_id, day, kind, dim, array_agg(bin ORDER BY bin), array_agg(n::integer ORDER BY bin)
    FROM summed GROUP BY org_id, day, kind, dim
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;

  WITH gone AS (
    DELETE FROM analytics_duration_period_rollups t
    WHERE (t.org_id, t.period, t.start, t.kind, t.dim) IN (
      SELECT org_id, period, start, kind, dim FROM analytics_duration_period_rollups
      WHERE NOT folded OR bins IS NULL GROUP BY 1, 2, 3, 4, 5)
    RETURNING t.org_id, t.period, t.start, t.kind, t.dim, coalesce(t.bins, ARRAY[t.bin]) AS bins, coalesce(t.ns, ARRAY[t.n]) AS ns
  ), summed AS (
    SELECT g.org_id, g.period, g.start, g.kind, g.dim, u.bin, sum(u.n) AS n
    FROM gone g CROSS JOIN LATERAL unnest(g.bins, g.ns) AS u (bin, n)
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(u.n) <> 0
  ), ins AS (
    INSERT INTO analytics_duration_period_rollups (folded, org_id, period, start, kind, dim, bins, ns)
    SELECT true, org_id, period, start, kind, dim, array_agg(bin ORDER BY bin), array_agg(n::integer ORDER BY bin)
    FROM summed GROUP BY org_id, period, start, kind, dim
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;
  RETURN total;
END
$$;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION analytics_pack_duration_rollups() TO runledger_worker;--> statement-breakpoint
-- pack what is there; the owner is subject to the forced policies, so lift them for this one statement
ALTER TABLE "analytics_duration_rollups" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
SELECT analytics_pack_duration_rollups();--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" FORCE ROW LEVEL SECURITY;
