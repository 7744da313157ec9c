-- Weekly rollups (issue 9: every chart within 50 ms at 12 months). A 12-month chart summed 365 days of
-- rollup rows per key (about 900,000 rows at 1,000,000 runs, most of them duration-histogram bins); it
-- now sums 52 weeks. A weekly row holds, per ISO week (its Monday, UTC) and key, the sum of the FOLDED
-- day rows of that week: a trigger on each day table copies every folded row written (+) or removed (-)
-- into the weekly table as a signed delta, in the same transaction, and compaction folds the weekly
-- deltas after the daily ones (analytics_compact_weekly_rollups). Day rows not yet folded (the
-- triggers' deltas since the last compaction) live only in the day tables, so a reader takes a whole
-- week as its weekly rows plus that week's unfolded day rows: exact and current at commit, like days.
-- The hot path never writes a folded row, so it pays nothing for this (the copy triggers' WHEN clauses
-- skip delta rows without calling a function). Failure groups stay daily: their first/last failure and
-- example message cannot be taken back by a signed delta.
CREATE TABLE "analytics_run_rollups_weekly" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"week" date NOT NULL,
	"channel" text NOT NULL,
	"workflow_id" uuid,
	"status" text NOT NULL,
	"runs" integer NOT NULL,
	"durations" integer NOT NULL,
	"duration_sum" bigint NOT NULL,
	"folded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_tier_rollups_weekly" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"week" date NOT NULL,
	"tier" integer,
	"tier_reason" text,
	"llm_model" text,
	"status" text NOT NULL,
	"runs" integer NOT NULL,
	"token_runs" integer NOT NULL,
	"tokens" bigint NOT NULL,
	"used_tokens" bigint NOT NULL,
	"folded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_step_rollups_weekly" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"week" date NOT NULL,
	"workflow_id" uuid,
	"step_type" text NOT NULL,
	"step_name" text NOT NULL,
	"status" text NOT NULL,
	"steps" integer NOT NULL,
	"durations" integer NOT NULL,
	"duration_sum" bigint NOT NULL,
	"retries" integer NOT NULL,
	"folded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_duration_rollups_weekly" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"week" date NOT NULL,
	"kind" text NOT NULL,
	"dim" text NOT NULL,
	"bin" bigint NOT NULL,
	"n" integer NOT NULL,
	"folded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_duration_rollups_weekly_kind_check" CHECK ("kind" IN ('run', 'step'))
);
--> statement-breakpoint
-- covering, as the daily ones: charts read by index-only scans
CREATE INDEX "analytics_run_rollups_weekly_org_week_idx" ON "analytics_run_rollups_weekly" USING btree ("org_id", "week") INCLUDE ("channel", "workflow_id", "status", "runs", "durations", "duration_sum");
--> statement-breakpoint
CREATE INDEX "analytics_tier_rollups_weekly_org_week_idx" ON "analytics_tier_rollups_weekly" USING btree ("org_id", "week") INCLUDE ("tier", "tier_reason", "llm_model", "status", "runs", "token_runs", "tokens", "used_tokens");
--> statement-breakpoint
CREATE INDEX "analytics_step_rollups_weekly_org_week_idx" ON "analytics_step_rollups_weekly" USING btree ("org_id", "week") INCLUDE ("workflow_id", "step_type", "step_name", "status", "steps", "durations", "duration_sum", "retries");
--> statement-breakpoint
CREATE INDEX "analytics_duration_rollups_weekly_org_week_idx" ON "analytics_duration_rollups_weekly" USING btree ("org_id", "kind", "week") INCLUDE ("dim", "bin", "n");
--> statement-breakpoint
CREATE INDEX "analytics_run_rollups_weekly_deltas_idx" ON "analytics_run_rollups_weekly" USING btree ("org_id", "week") WHERE NOT "folded";
--> statement-breakpoint
CREATE INDEX "analytics_tier_rollups_weekly_deltas_idx" ON "analytics_tier_rollups_weekly" USING btree ("org_id", "week") WHERE NOT "folded";
--> statement-breakpoint
CREATE INDEX "analytics_step_rollups_weekly_deltas_idx" ON "analytics_step_rollups_weekly" USING btree ("org_id", "week") WHERE NOT "folded";
--> statement-breakpoint
CREATE INDEX "analytics_duration_rollups_weekly_deltas_idx" ON "analytics_duration_rollups_weekly" USING btree ("org_id", "week") WHERE NOT "folded";
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['analytics_run_rollups_weekly', 'analytics_tier_rollups_weekly',
                           'analytics_step_rollups_weekly', 'analytics_duration_rollups_weekly'] LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO runledger_app, runledger_worker', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id())', t || '_tenant_isolation', t);
    EXECUTE format('CREATE POLICY %I ON %I TO runledger_worker USING (true) WITH CHECK (true)', t || '_worker', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- The Monday of a day's ISO week (date_trunc('week', …) without a time zone in sight).
CREATE FUNCTION analytics_week(d date) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT d - (extract(isodow FROM d)::int - 1) $$;
--> statement-breakpoint
-- Existing folded day rows, summed per week (as the migration's owner, before the copy triggers exist).
ALTER TABLE "analytics_run_rollups" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_tier_rollups" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_step_rollups" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_run_rollups_weekly" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_tier_rollups_weekly" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_step_rollups_weekly" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups_weekly" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
INSERT INTO analytics_run_rollups_weekly (folded, org_id, week, channel, workflow_id, status, runs, durations, duration_sum)
SELECT true, org_id, analytics_week(day), channel, workflow_id, status, sum(runs), sum(durations), sum(duration_sum)
FROM analytics_run_rollups WHERE folded GROUP BY 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO analytics_tier_rollups_weekly (folded, org_id, week, tier, tier_reason, llm_model, status, runs, token_runs, tokens, used_tokens)
SELECT true, org_id, analytics_week(day), tier, tier_reason, llm_model, status, sum(runs), sum(token_runs), sum(tokens), sum(used_tokens)
FROM analytics_tier_rollups WHERE folded GROUP BY 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO analytics_step_rollups_weekly (folded, org_id, week, workflow_id, step_type, step_name, status, steps, durations, duration_sum, retries)
SELECT true, org_id, analytics_week(day), workflow_id, step_type, step_name, status, sum(steps), sum(durations), sum(duration_sum), sum(retries)
FROM analytics_step_rollups WHERE folded GROUP BY 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO analytics_duration_rollups_weekly (folded, org_id, week, kind, dim, bin, n)
SELECT true, org_id, analytics_week(day), kind, dim, bin, sum(n)
FROM analytics_duration_rollups WHERE folded GROUP BY 2, 3, 4, 5, 6;
--> statement-breakpoint
ALTER TABLE "analytics_run_rollups" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_tier_rollups" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_step_rollups" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_run_rollups_weekly" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_tier_rollups_weekly" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_step_rollups_weekly" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_duration_rollups_weekly" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- The copies: a folded day row that appears adds to its week, one that goes (or stops being folded) subtracts.
CREATE FUNCTION analytics_run_rollups_to_week() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.folded THEN
    INSERT INTO analytics_run_rollups_weekly (org_id, week, channel, workflow_id, status, runs, durations, duration_sum)
    VALUES (OLD.org_id, analytics_week(OLD.day), OLD.channel, OLD.workflow_id, OLD.status, -OLD.runs, -OLD.durations, -OLD.duration_sum);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.folded THEN
    INSERT INTO analytics_run_rollups_weekly (org_id, week, channel, workflow_id, status, runs, durations, duration_sum)
    VALUES (NEW.org_id, analytics_week(NEW.day), NEW.channel, NEW.workflow_id, NEW.status, NEW.runs, NEW.durations, NEW.duration_sum);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_tier_rollups_to_week() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.folded THEN
    INSERT INTO analytics_tier_rollups_weekly (org_id, week, tier, tier_reason, llm_model, status, runs, token_runs, tokens, used_tokens)
    VALUES (OLD.org_id, analytics_week(OLD.day), OLD.tier, OLD.tier_reason, OLD.llm_model, OLD.status, -OLD.runs, -OLD.token_runs, -OLD.tokens, -OLD.used_tokens);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.folded THEN
    INSERT INTO analytics_tier_rollups_weekly (org_id, week, tier, tier_reason, llm_model, status, runs, token_runs, tokens, used_tokens)
    VALUES (NEW.org_id, analytics_week(NEW.day), NEW.tier, NEW.tier_reason, NEW.llm_model, NEW.status, NEW.runs, NEW.token_runs, NEW.tokens, NEW.used_tokens);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_step_rollups_to_week() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.folded THEN
    INSERT INTO analytics_step_rollups_weekly (org_id, week, workflow_id, step_type, step_name, status, steps, durations, duration_sum, retries)
    VALUES (OLD.org_id, analytics_week(OLD.day), OLD.workflow_id, OLD.step_type, OLD.step_name, OLD.status, -OLD.steps, -OLD.durations, -OLD.duration_sum, -OLD.retries);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.folded THEN
    INSERT INTO analytics_step_rollups_weekly (org_id, week, workflow_id, step_type, step_name, status, steps, durations, duration_sum, retries)
    VALUES (NEW.org_id, analytics_week(NEW.day), NEW.workflow_id, NEW.step_type, NEW.step_name, NEW.status, NEW.steps, NEW.durations, NEW.duration_sum, NEW.retries);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_duration_rollups_to_week() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.folded THEN
    INSERT INTO analytics_duration_rollups_weekly (org_id, week, kind, dim, bin, n)
    VALUES (OLD.org_id, analytics_week(OLD.day), OLD.kind, OLD.dim, OLD.bin, -OLD.n);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.folded THEN
    INSERT INTO analytics_duration_rollups_weekly (org_id, week, kind, dim, bin, n)
    VALUES (NEW.org_id, analytics_week(NEW.day), NEW.kind, NEW.dim, NEW.bin, NEW.n);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['analytics_run_rollups', 'analytics_tier_rollups', 'analytics_step_rollups',
                           'analytics_duration_rollups'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I FOR EACH ROW WHEN (NEW.folded) EXECUTE FUNCTION %I()', t || '_week_in', t, t || '_to_week');
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I FOR EACH ROW WHEN (OLD.folded) EXECUTE FUNCTION %I()', t || '_week_out', t, t || '_to_week');
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I FOR EACH ROW WHEN (OLD.folded OR NEW.folded) EXECUTE FUNCTION %I()', t || '_week_change', t, t || '_to_week');
  END LOOP;
END $$;
--> statement-breakpoint
-- Folds each weekly key's delta rows with its folded row into one row, as analytics_compact_rollups()
-- does for days; compactAnalyticsRollups (db/queries/rollups.ts) calls it right after that one, in the
-- same transaction, so the copies the daily folding just wrote are folded too.
CREATE FUNCTION analytics_compact_weekly_rollups() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  removed integer;
  total integer := 0;
BEGIN
  WITH folded AS (
    DELETE FROM analytics_run_rollups_weekly t
    WHERE (t.org_id, t.week, t.channel, coalesce(t.workflow_id::text, ''), t.status) IN (
      SELECT org_id, week, channel, coalesce(workflow_id::text, ''), status FROM analytics_run_rollups_weekly
      WHERE NOT folded GROUP BY 1, 2, 3, 4, 5)
    RETURNING t.*
  ), ins AS (
    INSERT INTO analytics_run_rollups_weekly (folded, org_id, week, channel, workflow_id, status, runs, durations, duration_sum)
    SELECT true, org_id, week, channel, workflow_id, status, sum(runs), sum(durations), sum(duration_sum)
    FROM folded GROUP BY org_id, week, channel, workflow_id, status
    HAVING sum(runs) <> 0 OR sum(durations) <> 0 OR sum(duration_sum) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;

  WITH folded AS (
    DELETE FROM analytics_tier_rollups_weekly t
    WHERE (t.org_id, t.week, coalesce(t.tier, -2147483648), coalesce(t.tier_reason, chr(1)), coalesce(t.llm_model, chr(1)), t.status) IN (
      SELECT org_id, week, coalesce(tier, -2147483648), coalesce(tier_reason, chr(1)), coalesce(llm_model, chr(1)), status
      FROM analytics_tier_rollups_weekly WHERE NOT folded GROUP BY 1, 2, 3, 4, 5, 6)
    RETURNING t.*
  ), ins AS (
    INSERT INTO analytics_tier_rollups_weekly (folded, org_id, week, tier, tier_reason, llm_model, status, runs, token_runs, tokens, used_tokens)
    SELECT true, org_id, week, tier, tier_reason, llm_model, status, sum(runs), sum(token_runs), sum(tokens), sum(used_tokens)
    FROM folded GROUP BY org_id, week, tier, tier_reason, llm_model, status
    HAVING sum(runs) <> 0 OR sum(token_runs) <> 0 OR sum(tokens) <> 0 OR sum(used_tokens) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;

  WITH folded AS (
    DELETE FROM analytics_step_rollups_weekly t
    WHERE (t.org_id, t.week, coalesce(t.workflow_id::text, ''), t.step_type, t.step_name, t.status) IN (
      SELECT org_id, week, coalesce(workflow_id::text, ''), step_type, step_name, status FROM analytics_step_rollups_weekly
      WHERE NOT folded GROUP BY 1, 2, 3, 4, 5, 6)
    RETURNING t.*
  ), ins AS (
    INSERT INTO analytics_step_rollups_weekly (folded, org_id, week, workflow_id, step_type, step_name, status, steps, durations, duration_sum, retries)
    SELECT true, org_id, week, workflow_id, step_type, step_name, status, sum(steps), sum(durations), sum(duration_sum), sum(retries)
    FROM folded GROUP BY org_id, week, workflow_id, step_type, step_name, status
    HAVING sum(steps) <> 0 OR sum(durations) <> 0 OR sum(duration_sum) <> 0 OR sum(retries) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;

  WITH folded AS (
    DELETE FROM analytics_duration_rollups_weekly t
    WHERE (t.org_id, t.week, t.kind, t.dim, t.bin) IN (
      SELECT org_id, week, kind, dim, bin FROM analytics_duration_rollups_weekly
      WHERE NOT folded GROUP BY 1, 2, 3, 4, 5)
    RETURNING t.*
  ), ins AS (
    INSERT INTO analytics_duration_rollups_weekly (folded, org_id, week, kind, dim, bin, n)
    SELECT true, org_id, week, kind, dim, bin, sum(n) FROM folded
    GROUP BY org_id, week, kind, dim, bin HAVING sum(n) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;
  RETURN total;
END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION analytics_compact_weekly_rollups() TO runledger_worker;
