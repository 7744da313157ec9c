-- Analytics from rollups, not scans (issue 9 item 4).
-- Every chart of the Analytics page reads these tables instead of workflow_runs / workflow_run_steps.
-- Triggers on runs and steps append signed delta rows (insert-only, so concurrent completions never
-- wait on each other's row lock); analytics_compact_rollups() (the worker's scheduler calls it) folds a
-- key's rows into one. Readers sum whatever rows exist, compacted or not, so numbers are exact and
-- current at commit. Keys are UTC days (runs by created_at, steps by their run's created_at, failures
-- by the moment they failed); the page's ranges are whole UTC days.
-- Triggers fire only when a row's analytic projection changes (a run or step enters or leaves a
-- terminal state, its duration, tokens, tier... change, or it is inserted or deleted): leases,
-- heartbeats and open-state transitions (pending -> active -> waiting, queued -> running) write nothing.
-- Percentiles come from a duration histogram whose bins keep two significant digits (values below 100
-- ms exact, others within 5%); a value with at most two significant digits is its own bin, exactly.
CREATE TABLE "analytics_run_rollups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
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
CREATE TABLE "analytics_tier_rollups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
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
CREATE TABLE "analytics_step_rollups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
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
CREATE TABLE "analytics_duration_rollups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"dim" text NOT NULL,
	"bin" bigint NOT NULL,
	"n" integer NOT NULL,
	"folded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_duration_rollups_kind_check" CHECK ("kind" IN ('run', 'step'))
);
--> statement-breakpoint
CREATE TABLE "analytics_failure_rollups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"step_type" text NOT NULL,
	"step_name" text NOT NULL,
	"normalized_error" text NOT NULL,
	"failures" integer NOT NULL,
	"runs" integer NOT NULL,
	"timeouts" integer NOT NULL,
	"first_at" timestamp with time zone,
	"last_at" timestamp with time zone,
	"example_error" text,
	"folded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- covering: charts read the rollups by index-only scans, never visiting the heap
CREATE INDEX "analytics_run_rollups_org_day_idx" ON "analytics_run_rollups" USING btree ("org_id", "day") INCLUDE ("channel", "workflow_id", "status", "runs", "durations", "duration_sum");
--> statement-breakpoint
CREATE INDEX "analytics_tier_rollups_org_day_idx" ON "analytics_tier_rollups" USING btree ("org_id", "day") INCLUDE ("tier", "tier_reason", "llm_model", "status", "runs", "token_runs", "tokens", "used_tokens");
--> statement-breakpoint
CREATE INDEX "analytics_step_rollups_org_day_idx" ON "analytics_step_rollups" USING btree ("org_id", "day") INCLUDE ("workflow_id", "step_type", "step_name", "status", "steps", "durations", "duration_sum", "retries");
--> statement-breakpoint
CREATE INDEX "analytics_duration_rollups_org_day_idx" ON "analytics_duration_rollups" USING btree ("org_id", "kind", "day") INCLUDE ("dim", "bin", "n");
--> statement-breakpoint
CREATE INDEX "analytics_failure_rollups_org_day_idx" ON "analytics_failure_rollups" USING btree ("org_id", "day", "step_type", "step_name", "normalized_error");
--> statement-breakpoint
CREATE INDEX "analytics_run_rollups_deltas_idx" ON "analytics_run_rollups" USING btree ("org_id", "day") WHERE NOT "folded";
--> statement-breakpoint
CREATE INDEX "analytics_tier_rollups_deltas_idx" ON "analytics_tier_rollups" USING btree ("org_id", "day") WHERE NOT "folded";
--> statement-breakpoint
CREATE INDEX "analytics_step_rollups_deltas_idx" ON "analytics_step_rollups" USING btree ("org_id", "day") WHERE NOT "folded";
--> statement-breakpoint
CREATE INDEX "analytics_duration_rollups_deltas_idx" ON "analytics_duration_rollups" USING btree ("org_id", "day") WHERE NOT "folded";
--> statement-breakpoint
CREATE INDEX "analytics_failure_rollups_deltas_idx" ON "analytics_failure_rollups" USING btree ("org_id", "day") WHERE NOT "folded";
--> statement-breakpoint
-- Failed steps by the moment they failed: the exact recount of one failure group-day, and the raw
-- edges of a range that does not start or end at midnight UTC.
CREATE INDEX "workflow_run_steps_failed_idx" ON "workflow_run_steps" USING btree ("org_id", (coalesce("completed_at", "updated_at"))) WHERE "status" IN ('failed', 'timeout');
--> statement-breakpoint
-- Tenant tables like every other: the application role inside its organization, the worker across them
-- (its reaper and deadline sweeps finish steps and runs, which fires the triggers).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['analytics_run_rollups', 'analytics_tier_rollups', 'analytics_step_rollups',
                           'analytics_duration_rollups', 'analytics_failure_rollups'] LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO runledger_app, runledger_worker', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id())', t || '_tenant_isolation', t);
    EXECUTE format('CREATE POLICY %I ON %I TO runledger_worker USING (true) WITH CHECK (true)', t || '_worker', t);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE FUNCTION analytics_duration_bin(ms bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN abs(ms) < 100 THEN ms
         ELSE sign(ms)::bigint * (round(abs(ms)::numeric / (10::numeric ^ (length(abs(ms)::text) - 2)))
                                  * (10::numeric ^ (length(abs(ms)::text) - 2)))::bigint END
$$;
--> statement-breakpoint
-- The same normalization as v_failed_steps_analysis.normalized_error.
CREATE FUNCTION analytics_normalize_error(message text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(
           regexp_replace(coalesce(message, '(no message)'),
                          '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', '<id>', 'g'),
           '[0-9]+', '<n>', 'g')
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_emit_run(r workflow_runs, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  d date := (r.created_at AT TIME ZONE 'UTC')::date;
  cls text := CASE WHEN r.status IN ('completed', 'failed', 'cancelled', 'timeout') THEN r.status ELSE 'open' END;
BEGIN
  INSERT INTO analytics_run_rollups (org_id, day, channel, workflow_id, status, runs, durations, duration_sum)
  VALUES (r.org_id, d, r.channel, r.workflow_id, cls, sign,
          CASE WHEN r.duration_ms IS NULL THEN 0 ELSE sign END, sign * coalesce(r.duration_ms, 0)::bigint);
  INSERT INTO analytics_tier_rollups (org_id, day, tier, tier_reason, llm_model, status, runs, token_runs, tokens, used_tokens)
  VALUES (r.org_id, d, r.tier, r.tier_reason, r.llm_model, cls, sign,
          CASE WHEN r.llm_tokens_used > 0 THEN sign ELSE 0 END,
          sign * coalesce(r.llm_tokens_used, 0)::bigint,
          CASE WHEN r.llm_tokens_used > 0 THEN sign * r.llm_tokens_used::bigint ELSE 0 END);
  IF r.duration_ms IS NOT NULL THEN
    INSERT INTO analytics_duration_rollups (org_id, day, kind, dim, bin, n)
    VALUES (r.org_id, d, 'run', r.channel, analytics_duration_bin(r.duration_ms), sign);
  END IF;
END
$$;
--> statement-breakpoint
-- A step counts where its run does: the run's creation day and workflow.
CREATE FUNCTION analytics_emit_step(s workflow_run_steps, d date, workflow uuid, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  executed boolean := s.status IN ('completed', 'failed', 'timeout');
BEGIN
  INSERT INTO analytics_step_rollups (org_id, day, workflow_id, step_type, step_name, status, steps, durations, duration_sum, retries)
  VALUES (s.org_id, d, workflow, s.step_type, s.step_name, CASE WHEN executed THEN s.status ELSE 'other' END, sign,
          CASE WHEN executed AND s.duration_ms IS NOT NULL THEN sign ELSE 0 END,
          CASE WHEN executed THEN sign * coalesce(s.duration_ms, 0)::bigint ELSE 0 END,
          sign * s.retry_count);
  IF executed AND s.duration_ms IS NOT NULL THEN
    INSERT INTO analytics_duration_rollups (org_id, day, kind, dim, bin, n)
    VALUES (s.org_id, d, 'step', s.step_type, analytics_duration_bin(s.duration_ms), sign);
  END IF;
END
$$;
--> statement-breakpoint
-- Failure groups carry first/last/example, which a signed delta cannot take back: when a failed step
-- is removed or changed (rare: deletes, corrections), its group-day is recounted exactly from the raw
-- rows instead, under a lock per group-day, and shared with compaction so the two never interleave.
CREATE FUNCTION analytics_recount_failures(o uuid, d date, st text, sn text, ne text) RETURNS void
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
CREATE FUNCTION analytics_run_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_day date;
  new_day date;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM analytics_emit_run(NEW, 1);
    RETURN NULL;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM analytics_emit_run(OLD, -1);
    PERFORM analytics_emit_run(NEW, 1);
    old_day := (OLD.created_at AT TIME ZONE 'UTC')::date;
    new_day := (NEW.created_at AT TIME ZONE 'UTC')::date;
    IF (old_day, OLD.workflow_id) IS DISTINCT FROM (new_day, NEW.workflow_id) THEN
      -- the run's steps count under the run's day and workflow: move them along
      PERFORM analytics_emit_step(s, old_day, OLD.workflow_id, -1) FROM workflow_run_steps s WHERE s.run_id = NEW.id;
      PERFORM analytics_emit_step(s, new_day, NEW.workflow_id, 1) FROM workflow_run_steps s WHERE s.run_id = NEW.id;
    END IF;
    RETURN NULL;
  END IF;
  -- BEFORE DELETE: the run, and its steps while they still exist (the cascade removes them next, and
  -- their own trigger then finds no run and leaves the step rollups alone)
  old_day := (OLD.created_at AT TIME ZONE 'UTC')::date;
  PERFORM analytics_emit_run(OLD, -1);
  PERFORM analytics_emit_step(s, old_day, OLD.workflow_id, -1) FROM workflow_run_steps s WHERE s.run_id = OLD.id;
  RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_step_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  run_day date;
  run_workflow uuid;
  run_found boolean;
  old_failed boolean := TG_OP <> 'INSERT' AND OLD.status IN ('failed', 'timeout');
  new_failed boolean := TG_OP <> 'DELETE' AND NEW.status IN ('failed', 'timeout');
  old_key text[];
  new_key text[];
  new_at timestamptz;
BEGIN
  SELECT (r.created_at AT TIME ZONE 'UTC')::date, r.workflow_id INTO run_day, run_workflow
  FROM workflow_runs r WHERE r.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.run_id ELSE NEW.run_id END;
  run_found := FOUND;
  IF run_found THEN
    IF TG_OP <> 'INSERT' THEN PERFORM analytics_emit_step(OLD, run_day, run_workflow, -1); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM analytics_emit_step(NEW, run_day, run_workflow, 1); END IF;
  END IF;

  IF old_failed THEN
    old_key := ARRAY[(coalesce(OLD.completed_at, OLD.updated_at) AT TIME ZONE 'UTC')::date::text,
                     OLD.step_type, OLD.step_name, analytics_normalize_error(OLD.error_message)];
    PERFORM analytics_recount_failures(OLD.org_id, old_key[1]::date, old_key[2], old_key[3], old_key[4]);
  END IF;
  IF new_failed THEN
    new_at := coalesce(NEW.completed_at, NEW.updated_at);
    new_key := ARRAY[(new_at AT TIME ZONE 'UTC')::date::text, NEW.step_type, NEW.step_name,
                     analytics_normalize_error(NEW.error_message)];
    IF old_failed AND old_key = new_key THEN
      NULL; -- recounted above, this row included
    ELSIF old_failed OR EXISTS (
      -- another failed step of the same run in the same group and day: a recount keeps runs distinct
      SELECT 1 FROM workflow_run_steps s
      WHERE s.run_id = NEW.run_id AND s.id <> NEW.id AND s.status IN ('failed', 'timeout')
        AND s.step_type = NEW.step_type AND s.step_name = NEW.step_name
        AND (coalesce(s.completed_at, s.updated_at) AT TIME ZONE 'UTC')::date = new_key[1]::date
        AND analytics_normalize_error(s.error_message) = new_key[4]
    ) THEN
      PERFORM analytics_recount_failures(NEW.org_id, new_key[1]::date, new_key[2], new_key[3], new_key[4]);
    ELSE
      INSERT INTO analytics_failure_rollups (org_id, day, step_type, step_name, normalized_error, failures, runs, timeouts, first_at, last_at, example_error)
      VALUES (NEW.org_id, new_key[1]::date, new_key[2], new_key[3], new_key[4], 1, 1,
              CASE WHEN NEW.status = 'timeout' THEN 1 ELSE 0 END, new_at, new_at, NEW.error_message);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Folds every key that has delta rows (folded = false) with its earlier folded row into one folded
-- row, dropping keys that sum to nothing; the work is proportional to the deltas since the last run.
-- Only rows this statement deleted are summed (DELETE ... RETURNING), so a concurrent compaction or a
-- delta committed meanwhile is never counted twice or lost. Returns the number of rows removed.
CREATE FUNCTION analytics_compact_rollups() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  removed integer;
  total integer := 0;
BEGIN
  WITH folded AS (
    DELETE FROM analytics_run_rollups t
    WHERE (t.org_id, t.day, t.channel, coalesce(t.workflow_id::text, ''), t.status) IN (
      SELECT org_id, day, channel, coalesce(workflow_id::text, ''), status FROM analytics_run_rollups
      WHERE NOT folded GROUP BY 1, 2, 3, 4, 5)
    RETURNING t.*
  ), ins AS (
    INSERT INTO analytics_run_rollups (folded, org_id, day, channel, workflow_id, status, runs, durations, duration_sum)
    SELECT true, org_id, day, channel, workflow_id, status, sum(runs), sum(durations), sum(duration_sum)
    FROM folded GROUP BY org_id, day, channel, workflow_id, status
    HAVING sum(runs) <> 0 OR sum(durations) <> 0 OR sum(duration_sum) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;

  WITH folded AS (
    DELETE FROM analytics_tier_rollups t
    WHERE (t.org_id, t.day, coalesce(t.tier, -2147483648), coalesce(t.tier_reason, chr(1)), coalesce(t.llm_model, chr(1)), t.status) IN (
      SELECT org_id, day, coalesce(tier, -2147483648), coalesce(tier_reason, chr(1)), coalesce(llm_model, chr(1)), status
      FROM analytics_tier_rollups WHERE NOT folded GROUP BY 1, 2, 3, 4, 5, 6)
    RETURNING t.*
  ), ins AS (
    INSERT INTO analytics_tier_rollups (folded, org_id, day, tier, tier_reason, llm_model, status, runs, token_runs, tokens, used_tokens)
    SELECT true, org_id, day, tier, tier_reason, llm_model, status, sum(runs), sum(token_runs), sum(tokens), sum(used_tokens)
    FROM folded GROUP BY org_id, day, tier, tier_reason, llm_model, status
    HAVING sum(runs) <> 0 OR sum(token_runs) <> 0 OR sum(tokens) <> 0 OR sum(used_tokens) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;

  WITH folded AS (
    DELETE FROM analytics_step_rollups t
    WHERE (t.org_id, t.day, coalesce(t.workflow_id::text, ''), t.step_type, t.step_name, t.status) IN (
      SELECT org_id, day, coalesce(workflow_id::text, ''), step_type, step_name, status FROM analytics_step_rollups
      WHERE NOT folded GROUP BY 1, 2, 3, 4, 5, 6)
    RETURNING t.*
  ), ins AS (
    INSERT INTO analytics_step_rollups (folded, org_id, day, workflow_id, step_type, step_name, status, steps, durations, duration_sum, retries)
    SELECT true, org_id, day, workflow_id, step_type, step_name, status, sum(steps), sum(durations), sum(duration_sum), sum(retries)
    FROM folded GROUP BY org_id, day, workflow_id, step_type, step_name, status
    HAVING sum(steps) <> 0 OR sum(durations) <> 0 OR sum(duration_sum) <> 0 OR sum(retries) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;

  WITH folded AS (
    DELETE FROM analytics_duration_rollups t
    WHERE (t.org_id, t.day, t.kind, t.dim, t.bin) IN (
      SELECT org_id, day, kind, dim, bin FROM analytics_duration_rollups
      WHERE NOT folded GROUP BY 1, 2, 3, 4, 5)
    RETURNING t.*
  ), ins AS (
    INSERT INTO analytics_duration_rollups (folded, org_id, day, kind, dim, bin, n)
    SELECT true, org_id, day, kind, dim, bin, sum(n) FROM folded
    GROUP BY org_id, day, kind, dim, bin HAVING sum(n) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;

  -- failure rows only ever add up (removals recount instead), so min/max fold too
  PERFORM pg_advisory_xact_lock(8675309);
  WITH folded AS (
    DELETE FROM analytics_failure_rollups t
    WHERE (t.org_id, t.day, t.step_type, t.step_name, t.normalized_error) IN (
      SELECT org_id, day, step_type, step_name, normalized_error FROM analytics_failure_rollups
      WHERE NOT folded GROUP BY 1, 2, 3, 4, 5)
    RETURNING t.*
  ), ins AS (
    INSERT INTO analytics_failure_rollups (folded, org_id, day, step_type, step_name, normalized_error, failures, runs, timeouts, first_at, last_at, example_error)
    SELECT true, org_id, day, step_type, step_name, normalized_error, sum(failures), sum(runs), sum(timeouts),
           min(first_at), max(last_at), min(example_error)
    FROM folded GROUP BY org_id, day, step_type, step_name, normalized_error HAVING sum(failures) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM ins) INTO removed;
  total := total + removed;
  RETURN total;
END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION analytics_compact_rollups() TO runledger_worker;
--> statement-breakpoint
-- Backfill from the rows that exist (as the migration's owner, before the triggers exist).
INSERT INTO analytics_run_rollups (folded, org_id, day, channel, workflow_id, status, runs, durations, duration_sum)
SELECT true, org_id, (created_at AT TIME ZONE 'UTC')::date, channel, workflow_id,
       CASE WHEN status IN ('completed', 'failed', 'cancelled', 'timeout') THEN status ELSE 'open' END,
       count(*), count(duration_ms), coalesce(sum(duration_ms), 0)
FROM workflow_runs GROUP BY 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO analytics_tier_rollups (folded, org_id, day, tier, tier_reason, llm_model, status, runs, token_runs, tokens, used_tokens)
SELECT true, org_id, (created_at AT TIME ZONE 'UTC')::date, tier, tier_reason, llm_model,
       CASE WHEN status IN ('completed', 'failed', 'cancelled', 'timeout') THEN status ELSE 'open' END,
       count(*), count(*) FILTER (WHERE llm_tokens_used > 0), coalesce(sum(llm_tokens_used), 0),
       coalesce(sum(llm_tokens_used) FILTER (WHERE llm_tokens_used > 0), 0)
FROM workflow_runs GROUP BY 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO analytics_duration_rollups (folded, org_id, day, kind, dim, bin, n)
SELECT true, org_id, (created_at AT TIME ZONE 'UTC')::date, 'run', channel, analytics_duration_bin(duration_ms), count(*)
FROM workflow_runs WHERE duration_ms IS NOT NULL GROUP BY 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO analytics_step_rollups (folded, org_id, day, workflow_id, step_type, step_name, status, steps, durations, duration_sum, retries)
SELECT true, s.org_id, (r.created_at AT TIME ZONE 'UTC')::date, r.workflow_id, s.step_type, s.step_name,
       CASE WHEN s.status IN ('completed', 'failed', 'timeout') THEN s.status ELSE 'other' END,
       count(*),
       count(s.duration_ms) FILTER (WHERE s.status IN ('completed', 'failed', 'timeout')),
       coalesce(sum(s.duration_ms) FILTER (WHERE s.status IN ('completed', 'failed', 'timeout')), 0),
       coalesce(sum(s.retry_count), 0)
FROM workflow_run_steps s JOIN workflow_runs r ON r.id = s.run_id GROUP BY 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO analytics_duration_rollups (folded, org_id, day, kind, dim, bin, n)
SELECT true, s.org_id, (r.created_at AT TIME ZONE 'UTC')::date, 'step', s.step_type, analytics_duration_bin(s.duration_ms), count(*)
FROM workflow_run_steps s JOIN workflow_runs r ON r.id = s.run_id
WHERE s.status IN ('completed', 'failed', 'timeout') AND s.duration_ms IS NOT NULL GROUP BY 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO analytics_failure_rollups (folded, org_id, day, step_type, step_name, normalized_error, failures, runs, timeouts, first_at, last_at, example_error)
SELECT true, s.org_id, (coalesce(s.completed_at, s.updated_at) AT TIME ZONE 'UTC')::date, s.step_type, s.step_name,
       analytics_normalize_error(s.error_message), count(*), count(DISTINCT s.run_id),
       count(*) FILTER (WHERE s.status = 'timeout'),
       min(coalesce(s.completed_at, s.updated_at)), max(coalesce(s.completed_at, s.updated_at)), min(s.error_message)
FROM workflow_run_steps s WHERE s.status IN ('failed', 'timeout') GROUP BY 2, 3, 4, 5, 6;
--> statement-breakpoint
CREATE TRIGGER analytics_run_insert AFTER INSERT ON workflow_runs
FOR EACH ROW EXECUTE FUNCTION analytics_run_changed();
--> statement-breakpoint
CREATE TRIGGER analytics_run_update
AFTER UPDATE OF status, created_at, channel, workflow_id, duration_ms, llm_model, llm_tokens_used, tier, tier_reason ON workflow_runs
FOR EACH ROW WHEN (
  (CASE WHEN OLD.status IN ('completed', 'failed', 'cancelled', 'timeout') THEN OLD.status ELSE 'open' END,
   (OLD.created_at AT TIME ZONE 'UTC')::date, OLD.channel, OLD.workflow_id, OLD.duration_ms, OLD.llm_model,
   OLD.llm_tokens_used, OLD.tier, OLD.tier_reason)
  IS DISTINCT FROM
  (CASE WHEN NEW.status IN ('completed', 'failed', 'cancelled', 'timeout') THEN NEW.status ELSE 'open' END,
   (NEW.created_at AT TIME ZONE 'UTC')::date, NEW.channel, NEW.workflow_id, NEW.duration_ms, NEW.llm_model,
   NEW.llm_tokens_used, NEW.tier, NEW.tier_reason))
EXECUTE FUNCTION analytics_run_changed();
--> statement-breakpoint
CREATE TRIGGER analytics_run_delete BEFORE DELETE ON workflow_runs
FOR EACH ROW EXECUTE FUNCTION analytics_run_changed();
--> statement-breakpoint
CREATE TRIGGER analytics_step_insert AFTER INSERT ON workflow_run_steps
FOR EACH ROW EXECUTE FUNCTION analytics_step_changed();
--> statement-breakpoint
CREATE TRIGGER analytics_step_update
AFTER UPDATE OF status, run_id, step_type, step_name, duration_ms, retry_count, error_message, completed_at, updated_at ON workflow_run_steps
FOR EACH ROW WHEN (
  (CASE WHEN OLD.status IN ('completed', 'failed', 'timeout') THEN OLD.status ELSE 'other' END,
   OLD.run_id, OLD.step_type, OLD.step_name, OLD.retry_count,
   CASE WHEN OLD.status IN ('completed', 'failed', 'timeout') THEN OLD.duration_ms END,
   CASE WHEN OLD.status IN ('failed', 'timeout') THEN OLD.error_message END,
   CASE WHEN OLD.status IN ('failed', 'timeout') THEN coalesce(OLD.completed_at, OLD.updated_at) END)
  IS DISTINCT FROM
  (CASE WHEN NEW.status IN ('completed', 'failed', 'timeout') THEN NEW.status ELSE 'other' END,
   NEW.run_id, NEW.step_type, NEW.step_name, NEW.retry_count,
   CASE WHEN NEW.status IN ('completed', 'failed', 'timeout') THEN NEW.duration_ms END,
   CASE WHEN NEW.status IN ('failed', 'timeout') THEN NEW.error_message END,
   CASE WHEN NEW.status IN ('failed', 'timeout') THEN coalesce(NEW.completed_at, NEW.updated_at) END))
EXECUTE FUNCTION analytics_step_changed();
--> statement-breakpoint
CREATE TRIGGER analytics_step_delete AFTER DELETE ON workflow_run_steps
FOR EACH ROW EXECUTE FUNCTION analytics_step_changed();
