-- Week and month rollups (issue 9: every chart within 50 ms at 12 months). A 12-month chart summed 365
-- days of rollup rows per key (about 900,000 rows at 1,000,000 runs, most of them duration-histogram
-- bins). Now a chart reads, for the whole months of its range, one row per month and key, for whole
-- ISO weeks one per week, and days only around them; how coarse depends on the statement: grouped by
-- nothing (totals) or by month it may read months, grouped by week it may read weeks, grouped by day
-- only days (a period row is dated by its first day).
-- A period row holds the sum of the FOLDED day rows of its week or month: triggers on each day table
-- copy every folded row written (+) or removed (-) into the period table as two signed deltas (its week,
-- its month) in the same transaction, and compaction folds them after the daily ones
-- (analytics_compact_period_rollups). Day rows not yet folded (the triggers' deltas since the last
-- compaction) live only in the day tables, so a reader takes a whole period as its period rows plus that
-- period's unfolded day rows: exact and current at commit, like days. The hot path never writes a folded
-- row and pays nothing (the copy triggers' WHEN clauses skip delta rows without calling a function).
-- Failure groups carry a first and last failure and an example message, which a delta cannot take back:
-- their period rows are recomputed from the period's folded day rows whenever one changes (compaction,
-- or the exact recount of a group-day after a removal), one row per key, under the locks that already
-- keep compaction and recounts apart (a recount now locks its group's week and month).
--> statement-breakpoint
CREATE TABLE "analytics_run_period_rollups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"period" text NOT NULL,
	"start" date NOT NULL,
	"channel" text NOT NULL,
	"workflow_id" uuid,
	"status" text NOT NULL,
	"runs" integer NOT NULL,
	"durations" integer NOT NULL,
	"duration_sum" bigint NOT NULL,
	"folded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_run_period_rollups_period_check" CHECK ("period" IN ('week', 'month'))
);
--> statement-breakpoint
CREATE TABLE "analytics_tier_period_rollups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"period" text NOT NULL,
	"start" date NOT NULL,
	"tier" integer,
	"tier_reason" text,
	"llm_model" text,
	"status" text NOT NULL,
	"runs" integer NOT NULL,
	"token_runs" integer NOT NULL,
	"tokens" bigint NOT NULL,
	"used_tokens" bigint NOT NULL,
	"folded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_tier_period_rollups_period_check" CHECK ("period" IN ('week', 'month'))
);
--> statement-breakpoint
CREATE TABLE "analytics_step_period_rollups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"period" text NOT NULL,
	"start" date NOT NULL,
	"workflow_id" uuid,
	"step_type" text NOT NULL,
	"step_name" text NOT NULL,
	"status" text NOT NULL,
	"steps" integer NOT NULL,
	"durations" integer NOT NULL,
	"duration_sum" bigint NOT NULL,
	"retries" integer NOT NULL,
	"folded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_step_period_rollups_period_check" CHECK ("period" IN ('week', 'month'))
);
--> statement-breakpoint
CREATE TABLE "analytics_duration_period_rollups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"period" text NOT NULL,
	"start" date NOT NULL,
	"kind" text NOT NULL,
	"dim" text NOT NULL,
	"bin" bigint NOT NULL,
	"n" integer NOT NULL,
	"folded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_duration_period_rollups_period_check" CHECK ("period" IN ('week', 'month')),
	CONSTRAINT "analytics_duration_period_rollups_kind_check" CHECK ("kind" IN ('run', 'step'))
);
--> statement-breakpoint
-- covering, as the daily ones: charts read by index-only scans
--> statement-breakpoint
CREATE INDEX "analytics_run_period_rollups_org_start_idx" ON "analytics_run_period_rollups" USING btree ("org_id", "period", "start") INCLUDE ("channel", "workflow_id", "status", "runs", "durations", "duration_sum");
--> statement-breakpoint
CREATE INDEX "analytics_run_period_rollups_deltas_idx" ON "analytics_run_period_rollups" USING btree ("org_id", "period", "start") WHERE NOT "folded";
--> statement-breakpoint
CREATE INDEX "analytics_tier_period_rollups_org_start_idx" ON "analytics_tier_period_rollups" USING btree ("org_id", "period", "start") INCLUDE ("tier", "tier_reason", "llm_model", "status", "runs", "token_runs", "tokens", "used_tokens");
--> statement-breakpoint
CREATE INDEX "analytics_tier_period_rollups_deltas_idx" ON "analytics_tier_period_rollups" USING btree ("org_id", "period", "start") WHERE NOT "folded";
--> statement-breakpoint
CREATE INDEX "analytics_step_period_rollups_org_start_idx" ON "analytics_step_period_rollups" USING btree ("org_id", "period", "start") INCLUDE ("workflow_id", "step_type", "step_name", "status", "steps", "durations", "duration_sum", "retries");
--> statement-breakpoint
CREATE INDEX "analytics_step_period_rollups_deltas_idx" ON "analytics_step_period_rollups" USING btree ("org_id", "period", "start") WHERE NOT "folded";
--> statement-breakpoint
CREATE INDEX "analytics_duration_period_rollups_org_start_idx" ON "analytics_duration_period_rollups" USING btree ("org_id", "kind", "period", "start") INCLUDE ("dim", "bin", "n");
--> statement-breakpoint
CREATE INDEX "analytics_duration_period_rollups_deltas_idx" ON "analytics_duration_period_rollups" USING btree ("org_id", "period", "start") WHERE NOT "folded";
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['analytics_run_period_rollups', 'analytics_tier_period_rollups', 'analytics_step_period_rollups', 'analytics_duration_period_rollups'] LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO runledger_app, runledger_worker', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id())', t || '_tenant_isolation', t);
    EXECUTE format('CREATE POLICY %I ON %I TO runledger_worker USING (true) WITH CHECK (true)', t || '_worker', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- The first day of a day's ISO week (its Monday) or month (date_trunc without a time zone in sight).
CREATE FUNCTION analytics_period_start(period text, d date) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE period WHEN 'week' THEN d - (extract(isodow FROM d)::int - 1) ELSE d - (extract(day FROM d)::int - 1) END
$$;
--> statement-breakpoint
-- Existing folded day rows, summed per week and per month (as the owner, before the copy triggers exist).
--> statement-breakpoint
ALTER TABLE "analytics_run_rollups" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_run_period_rollups" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_tier_rollups" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_tier_period_rollups" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_step_rollups" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_step_period_rollups" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
INSERT INTO analytics_run_period_rollups (folded, org_id, period, start, channel, workflow_id, status, runs, durations, duration_sum)
SELECT true, d.org_id, p.period, analytics_period_start(p.period, d.day), d.channel, d.workflow_id, d.status, sum(d.runs), sum(d.durations), sum(d.duration_sum)
FROM analytics_run_rollups d CROSS JOIN (VALUES ('week'), ('month')) AS p (period)
WHERE d.folded GROUP BY 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO analytics_tier_period_rollups (folded, org_id, period, start, tier, tier_reason, llm_model, status, runs, token_runs, tokens, used_tokens)
SELECT true, d.org_id, p.period, analytics_period_start(p.period, d.day), d.tier, d.tier_reason, d.llm_model, d.status, sum(d.runs), sum(d.token_runs), sum(d.tokens), sum(d.used_tokens)
FROM analytics_tier_rollups d CROSS JOIN (VALUES ('week'), ('month')) AS p (period)
WHERE d.folded GROUP BY 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO analytics_step_period_rollups (folded, org_id, period, start, workflow_id, step_type, step_name, status, steps, durations, duration_sum, retries)
SELECT true, d.org_id, p.period, analytics_period_start(p.period, d.day), d.workflow_id, d.step_type, d.step_name, d.status, sum(d.steps), sum(d.durations), sum(d.duration_sum), sum(d.retries)
FROM analytics_step_rollups d CROSS JOIN (VALUES ('week'), ('month')) AS p (period)
WHERE d.folded GROUP BY 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO analytics_duration_period_rollups (folded, org_id, period, start, kind, dim, bin, n)
SELECT true, d.org_id, p.period, analytics_period_start(p.period, d.day), d.kind, d.dim, d.bin, sum(d.n)
FROM analytics_duration_rollups d CROSS JOIN (VALUES ('week'), ('month')) AS p (period)
WHERE d.folded GROUP BY 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
ALTER TABLE "analytics_run_rollups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_run_period_rollups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_tier_rollups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_tier_period_rollups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_step_rollups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_step_period_rollups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "analytics_duration_period_rollups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The copies: a folded day row that appears adds to its week and month; one that goes (or stops being folded) subtracts.
--> statement-breakpoint
CREATE FUNCTION analytics_run_rollups_to_periods() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.folded THEN
    INSERT INTO analytics_run_period_rollups (org_id, period, start, channel, workflow_id, status, runs, durations, duration_sum)
    VALUES (OLD.org_id, 'week', analytics_period_start('week', OLD.day), OLD.channel, OLD.workflow_id, OLD.status, -OLD.runs, -OLD.durations, -OLD.duration_sum),
           (OLD.org_id, 'month', analytics_period_start('month', OLD.day), OLD.channel, OLD.workflow_id, OLD.status, -OLD.runs, -OLD.durations, -OLD.duration_sum);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.folded THEN
    INSERT INTO analytics_run_period_rollups (org_id, period, start, channel, workflow_id, status, runs, durations, duration_sum)
    VALUES (NEW.org_id, 'week', analytics_period_start('week', NEW.day), NEW.channel, NEW.workflow_id, NEW.status, NEW.runs, NEW.durations, NEW.duration_sum),
           (NEW.org_id, 'month', analytics_period_start('month', NEW.day), NEW.channel, NEW.workflow_id, NEW.status, NEW.runs, NEW.durations, NEW.duration_sum);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_tier_rollups_to_periods() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.folded THEN
    INSERT INTO analytics_tier_period_rollups (org_id, period, start, tier, tier_reason, llm_model, status, runs, token_runs, tokens, used_tokens)
    VALUES (OLD.org_id, 'week', analytics_period_start('week', OLD.day), OLD.tier, OLD.tier_reason, OLD.llm_model, OLD.status, -OLD.runs, -OLD.token_runs, -OLD.tokens, -OLD.used_tokens),
           (OLD.org_id, 'month', analytics_period_start('month', OLD.day), OLD.tier, OLD.tier_reason, OLD.llm_model, OLD.status, -OLD.runs, -OLD.token_runs, -OLD.tokens, -OLD.used_tokens);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.folded THEN
    INSERT INTO analytics_tier_period_rollups (org_id, period, start, tier, tier_reason, llm_model, status, runs, token_runs, tokens, used_tokens)
    VALUES (NEW.org_id, 'week', analytics_period_start('week', NEW.day), NEW.tier, NEW.tier_reason, NEW.llm_model, NEW.status, NEW.runs, NEW.token_runs, NEW.tokens, NEW.used_tokens),
           (NEW.org_id, 'month', analytics_period_start('month', NEW.day), NEW.tier, NEW.tier_reason, NEW.llm_model, NEW.status, NEW.runs, NEW.token_runs, NEW.tokens, NEW.used_tokens);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_step_rollups_to_periods() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.folded THEN
    INSERT INTO analytics_step_period_rollups (org_id, period, start, workflow_id, step_type, step_name, status, steps, durations, duration_sum, retries)
    VALUES (OLD.org_id, 'week', analytics_period_start('week', OLD.day), OLD.workflow_id, OLD.step_type, OLD.step_name, OLD.status, -OLD.steps, -OLD.durations, -OLD.duration_sum, -OLD.retries),
           (OLD.org_id, 'month', analytics_period_start('month', OLD.day), OLD.workflow_id, OLD.step_type, OLD.step_name, OLD.status, -OLD.steps, -OLD.durations, -OLD.duration_sum, -OLD.retries);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.folded THEN
    INSERT INTO analytics_step_period_rollups (org_id, period, start, workflow_id, step_type, step_name, status, steps, durations, duration_sum, retries)
    VALUES (NEW.org_id, 'week', analytics_period_start('week', NEW.day), NEW.workflow_id, NEW.step_type, NEW.step_name, NEW.status, NEW.steps, NEW.durations, NEW.duration_sum, NEW.retries),
           (NEW.org_id, 'month', analytics_period_start('month', NEW.day), NEW.workflow_id, NEW.step_type, NEW.step_name, NEW.status, NEW.steps, NEW.durations, NEW.duration_sum, NEW.retries);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_duration_rollups_to_periods() RETURNS trigger
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
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['analytics_run_rollups', 'analytics_tier_rollups', 'analytics_step_rollups', 'analytics_duration_rollups'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I FOR EACH ROW WHEN (NEW.folded) EXECUTE FUNCTION %I()', t || '_periods_in', t, t || '_to_periods');
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I FOR EACH ROW WHEN (OLD.folded) EXECUTE FUNCTION %I()', t || '_periods_out', t, t || '_to_periods');
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I FOR EACH ROW WHEN (OLD.folded OR NEW.folded) EXECUTE FUNCTION %I()', t || '_periods_change', t, t || '_to_periods');
  END LOOP;
END $$;
--> statement-breakpoint
CREATE TABLE "analytics_failure_period_rollups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"period" text NOT NULL,
	"start" date NOT NULL,
	"step_type" text NOT NULL,
	"step_name" text NOT NULL,
	"normalized_error" text NOT NULL,
	"failures" integer NOT NULL,
	"runs" integer NOT NULL,
	"timeouts" integer NOT NULL,
	"first_at" timestamp with time zone,
	"last_at" timestamp with time zone,
	"example_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_failure_period_rollups_period_check" CHECK ("period" IN ('week', 'month'))
);
--> statement-breakpoint
-- one row per key (recomputed, never a delta); covering for the charts' index-only reads
CREATE UNIQUE INDEX "analytics_failure_period_rollups_key_idx" ON "analytics_failure_period_rollups" USING btree ("org_id", "period", "start", "step_type", "step_name", "normalized_error") INCLUDE ("failures", "runs", "timeouts", "first_at", "last_at", "example_error");
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON analytics_failure_period_rollups TO runledger_app, runledger_worker;
--> statement-breakpoint
ALTER TABLE analytics_failure_period_rollups ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY analytics_failure_period_rollups_tenant_isolation ON analytics_failure_period_rollups USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
CREATE POLICY analytics_failure_period_rollups_worker ON analytics_failure_period_rollups TO runledger_worker USING (true) WITH CHECK (true);
--> statement-breakpoint
-- existing folded failure rows per week and month (as the owner, before the trigger exists)
ALTER TABLE "analytics_failure_rollups" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
INSERT INTO analytics_failure_period_rollups (org_id, period, start, step_type, step_name, normalized_error, failures, runs, timeouts, first_at, last_at, example_error)
SELECT d.org_id, p.period, analytics_period_start(p.period, d.day), d.step_type, d.step_name, d.normalized_error,
       sum(d.failures), sum(d.runs), sum(d.timeouts), min(d.first_at), max(d.last_at), min(d.example_error)
FROM analytics_failure_rollups d CROSS JOIN (VALUES ('week'), ('month')) AS p (period)
WHERE d.folded GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.failures) <> 0;
--> statement-breakpoint
ALTER TABLE "analytics_failure_rollups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE analytics_failure_period_rollups FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The week and month of a failure group's folded day row, recomputed from the period's folded day rows.
CREATE FUNCTION analytics_failure_rollups_to_periods() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r analytics_failure_rollups;
  p text;
  s date;
BEGIN
  FOREACH r IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW] WHEN 'DELETE' THEN ARRAY[OLD] ELSE ARRAY[OLD, NEW] END LOOP
    CONTINUE WHEN NOT r.folded;
    FOREACH p IN ARRAY ARRAY['week', 'month'] LOOP
      s := analytics_period_start(p, r.day);
      DELETE FROM analytics_failure_period_rollups x
      WHERE x.org_id = r.org_id AND x.period = p AND x.start = s AND x.step_type = r.step_type
        AND x.step_name = r.step_name AND x.normalized_error = r.normalized_error;
      INSERT INTO analytics_failure_period_rollups (org_id, period, start, step_type, step_name, normalized_error, failures, runs, timeouts, first_at, last_at, example_error)
      SELECT r.org_id, p, s, r.step_type, r.step_name, r.normalized_error, sum(d.failures), sum(d.runs), sum(d.timeouts),
             min(d.first_at), max(d.last_at), min(d.example_error)
      FROM analytics_failure_rollups d
      WHERE d.org_id = r.org_id AND d.day >= s AND d.day < (CASE p WHEN 'week' THEN s + 7 ELSE (s + interval '1 month')::date END)
        AND d.step_type = r.step_type AND d.step_name = r.step_name AND d.normalized_error = r.normalized_error AND d.folded
      HAVING sum(d.failures) <> 0;
    END LOOP;
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER analytics_failure_rollups_periods_in AFTER INSERT ON analytics_failure_rollups FOR EACH ROW WHEN (NEW.folded) EXECUTE FUNCTION analytics_failure_rollups_to_periods();
--> statement-breakpoint
CREATE TRIGGER analytics_failure_rollups_periods_out AFTER DELETE ON analytics_failure_rollups FOR EACH ROW WHEN (OLD.folded) EXECUTE FUNCTION analytics_failure_rollups_to_periods();
--> statement-breakpoint
CREATE TRIGGER analytics_failure_rollups_periods_change AFTER UPDATE ON analytics_failure_rollups FOR EACH ROW WHEN (OLD.folded OR NEW.folded) EXECUTE FUNCTION analytics_failure_rollups_to_periods();
--> statement-breakpoint
-- A recount now locks the group's week and month (in that order), not only its day, so two recounts of
-- days of the same period never recompute the period row from snapshots missing each other's work.
CREATE OR REPLACE FUNCTION analytics_recount_failures(o uuid, d date, st text, sn text, ne text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(8675309);
  PERFORM pg_advisory_xact_lock(hashtextextended(o::text || 'week' || analytics_period_start('week', d)::text || st || chr(31) || sn || chr(31) || ne, 8675309));
  PERFORM pg_advisory_xact_lock(hashtextextended(o::text || 'month' || analytics_period_start('month', d)::text || st || chr(31) || sn || chr(31) || ne, 8675309));
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
-- Folds each period key's delta rows with its folded row into one row, as analytics_compact_rollups()
-- does for days; compactAnalyticsRollups (db/queries/rollups.ts) calls it right after that one, in the
-- same transaction, so the copies the daily folding just wrote are folded too.
CREATE FUNCTION analytics_compact_period_rollups() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  removed integer;
  total integer := 0;
BEGIN
  WITH folded AS (
    DELETE FROM analytics_run_period_rollups t
    WHERE (t.org_id, t.period, t.start, t.channel, coalesce(t.workflow_id::text, ''), t.status) IN (
      SELECT org_id, period, start, channel, coalesce(workflow_id::text, ''), status FROM analytics_run_period_rollups
      WHERE NOT folded GROUP BY 1, 2, 3, 4, 5, 6)
    RETURNING t.*
  ), ins AS (
    INSERT INTO analytics_run_period_rollups (folded, org_id, period, start, channel, workflow_id, status, runs, durations, duration_sum)
    SELECT true, org_id, period, start, channel, workflow_id, status, sum(runs), sum(durations), sum(duration_sum)
    FROM folded GROUP BY org_id, period, start, channel, workflow_id, status
    HAVING sum(runs) <> 0 OR sum(durations) <> 0 OR sum(duration_sum) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;

  WITH folded AS (
    DELETE FROM analytics_tier_period_rollups t
    WHERE (t.org_id, t.period, t.start, coalesce(t.tier, -2147483648), coalesce(t.tier_reason, chr(1)), coalesce(t.llm_model, chr(1)), t.status) IN (
      SELECT org_id, period, start, coalesce(tier, -2147483648), coalesce(tier_reason, chr(1)), coalesce(llm_model, chr(1)), status FROM analytics_tier_period_rollups
      WHERE NOT folded GROUP BY 1, 2, 3, 4, 5, 6, 7)
    RETURNING t.*
  ), ins AS (
    INSERT INTO analytics_tier_period_rollups (folded, org_id, period, start, tier, tier_reason, llm_model, status, runs, token_runs, tokens, used_tokens)
    SELECT true, org_id, period, start, tier, tier_reason, llm_model, status, sum(runs), sum(token_runs), sum(tokens), sum(used_tokens)
    FROM folded GROUP BY org_id, period, start, tier, tier_reason, llm_model, status
    HAVING sum(runs) <> 0 OR sum(token_runs) <> 0 OR sum(tokens) <> 0 OR sum(used_tokens) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;

  WITH folded AS (
    DELETE FROM analytics_step_period_rollups t
    WHERE (t.org_id, t.period, t.start, coalesce(t.workflow_id::text, ''), t.step_type, t.step_name, t.status) IN (
      SELECT org_id, period, start, coalesce(workflow_id::text, ''), step_type, step_name, status FROM analytics_step_period_rollups
      WHERE NOT folded GROUP BY 1, 2, 3, 4, 5, 6, 7)
    RETURNING t.*
  ), ins AS (
    INSERT INTO analytics_step_period_rollups (folded, org_id, period, start, workflow_id, step_type, step_name, status, steps, durations, duration_sum, retries)
    SELECT true, org_id, period, start, workflow_id, step_type, step_name, status, sum(steps), sum(durations), sum(duration_sum), sum(retries)
    FROM folded GROUP BY org_id, period, start, workflow_id, step_type, step_name, status
    HAVING sum(steps) <> 0 OR sum(durations) <> 0 OR sum(duration_sum) <> 0 OR sum(retries) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;

  WITH folded AS (
    DELETE FROM analytics_duration_period_rollups t
    WHERE (t.org_id, t.period, t.start, t.kind, t.dim, t.bin) IN (
      SELECT org_id, period, start, kind, dim, bin FROM analytics_duration_period_rollups
      WHERE NOT folded GROUP BY 1, 2, 3, 4, 5, 6)
    RETURNING t.*
  ), ins AS (
    INSERT INTO analytics_duration_period_rollups (folded, org_id, period, start, kind, dim, bin, n)
    SELECT true, org_id, period, start, kind, dim, bin, sum(n)
    FROM folded GROUP BY org_id, period, start, kind, dim, bin
    HAVING sum(n) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;
  RETURN total;
END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION analytics_compact_period_rollups() TO runledger_worker;
