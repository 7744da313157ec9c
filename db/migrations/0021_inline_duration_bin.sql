-- analytics_duration_bin (0008) was declared STRICT around a CASE, which PostgreSQL cannot prove
-- strict, so it never inlined the function: every call from the rollup triggers (one a finished step,
-- one a finished run) went through the SQL-function executor and planned the body anew
-- (pg_stat_statements in bench:engine's drain: 1,200 plans for 1,200 calls, ~0.15 ms of planning and
-- ~0.4 ms per one-row duration insert against ~0.1 for the other rollup inserts). Without STRICT the
-- body returns NULL for NULL all the same (abs(NULL) < 100 is NULL, so the ELSE branch, NULL), and
-- the planner folds the expression into the calling statement's plan, planned once per session.
CREATE OR REPLACE FUNCTION analytics_duration_bin(ms bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN abs(ms) < 100 THEN ms
         ELSE sign(ms)::bigint * (round(abs(ms)::numeric / (10::numeric ^ (length(abs(ms)::text) - 2)))
                                  * (10::numeric ^ (length(abs(ms)::text) - 2)))::bigint END
$$;
