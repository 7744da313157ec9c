-- History text search compares lower-cased text once, at write time (issue 9). Every lookup of 0013, 0019 and
-- 0020 rechecked its candidates with `doc ILIKE pattern`, and PostgreSQL's ILIKE in a UTF-8 database lower-cases
-- both sides on every comparison (like.c: lower() of the text, then LIKE): 3.7 µs a 390-character copy against
-- 1.0 µs for LIKE on text already lower-cased (20,000 copies of bench:scale, the same count either way). A
-- search rechecks 1,000 copies for a common word's newest page and 1,001 or more for the exact lookup of a
-- common phrase, so most of a text search's time was that lower().
--
-- The copy now holds lower(run_document(run)), and the lookups compare `doc LIKE lower(pattern)` — what ILIKE
-- computes, with the same lower() of the same collation, so the same runs match. Its words were lower-cased
-- already. pg_trgm's trigrams are case-folded, so its index serves LIKE as it served ILIKE.
--
-- The table is rebuilt, as in 0020: rewriting every row of a filled table updates every index entry by entry.
CREATE TABLE runledger_search.run_text_next (
  run_id uuid PRIMARY KEY REFERENCES public.workflow_runs (id) ON DELETE CASCADE,
  org_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  -- lower(run_document(run))
  doc text NOT NULL,
  -- text_words(doc, text_scope(org_id, week_of(created_at))); NULL when too many to index: such a copy is a
  -- candidate of every search
  words tsvector
);--> statement-breakpoint
REVOKE ALL ON runledger_search.run_text_next FROM PUBLIC;--> statement-breakpoint
INSERT INTO runledger_search.run_text_next (run_id, org_id, created_at, doc, words)
  SELECT t.run_id, t.org_id, t.created_at, pg_catalog.lower(t.doc), t.words FROM runledger_search.run_text t;--> statement-breakpoint
DROP TABLE runledger_search.run_text;--> statement-breakpoint
ALTER TABLE runledger_search.run_text_next RENAME TO run_text;--> statement-breakpoint
ALTER TABLE runledger_search.run_text RENAME CONSTRAINT run_text_next_pkey TO run_text_pkey;--> statement-breakpoint
ALTER TABLE runledger_search.run_text RENAME CONSTRAINT run_text_next_run_id_fkey TO run_text_run_id_fkey;--> statement-breakpoint
CREATE INDEX run_text_trgm ON runledger_search.run_text USING gin (doc runledger_search.gin_trgm_ops)
  WITH (gin_pending_list_limit = 256);--> statement-breakpoint
CREATE INDEX run_text_org_created ON runledger_search.run_text (org_id, created_at);--> statement-breakpoint
CREATE INDEX run_text_words ON runledger_search.run_text USING gin (words) WITH (gin_pending_list_limit = 256);--> statement-breakpoint
CREATE INDEX run_text_unworded ON runledger_search.run_text (org_id) WHERE words IS NULL;--> statement-breakpoint
ANALYZE runledger_search.run_text;--> statement-breakpoint
CREATE OR REPLACE FUNCTION runledger_search.sync_run_text() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog
  AS $$
BEGIN
  INSERT INTO runledger_search.run_text (run_id, org_id, created_at, doc, words)
  SELECT NEW.id, NEW.org_id, NEW.created_at, d.doc,
         runledger_search.text_words(d.doc, runledger_search.text_scope(NEW.org_id, runledger_search.week_of(NEW.created_at)))
  FROM (SELECT lower(runledger_search.run_document(NEW)) AS doc) d
  ON CONFLICT (run_id) DO UPDATE
    SET org_id = EXCLUDED.org_id, created_at = EXCLUDED.created_at, doc = EXCLUDED.doc, words = EXCLUDED.words;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- 0013's lookup (other sorts, exports, bulk actions): `pattern` is an ILIKE pattern, compared as ILIKE would.
CREATE OR REPLACE FUNCTION runledger_search.runs_matching(pattern text) RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog ROWS 50
  AS $$
DECLARE
  cap constant integer := coalesce(nullif(current_setting('runledger.search_cap', true), '')::integer, 100000);
  lowered constant text := lower(pattern);
  found integer;
BEGIN
  RETURN QUERY SELECT t.run_id FROM runledger_search.run_text t
    WHERE t.org_id = public.app_current_org_id() AND t.doc LIKE lowered LIMIT cap + 1;
  GET DIAGNOSTICS found = ROW_COUNT;
  IF found > cap THEN
    RAISE EXCEPTION 'The search matches more than % runs', cap USING ERRCODE = 'RL001';
  END IF;
END
$$;--> statement-breakpoint
-- 0019's window of the newest runs, comparing lower-cased text, with its edge (the window's oldest instant and
-- size) computed once: as a plain CTE the planner put its aggregate inside the join with the window's matches
-- and computed it again for each of them (bench:scale at 100,000 runs, a word in one run in ten: the aggregate
-- over the 1,000 copies ran 104 times, 13.7 of the lookup's 14.5 ms).
CREATE OR REPLACE FUNCTION runledger_search.runs_matching_newest(q text, before timestamptz, n integer)
  RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog ROWS 50
  AS $$
DECLARE
  pattern constant text := '%' || replace(replace(replace(lower(q), '\', '\\'), '%', '\%'), '_', '\_') || '%';
BEGIN
  RETURN QUERY EXECUTE
    'WITH w AS MATERIALIZED (SELECT t.run_id, t.created_at, t.doc FROM runledger_search.run_text t
       WHERE t.org_id = public.app_current_org_id()'
    || CASE WHEN before IS NULL THEN '' ELSE ' AND t.created_at < $2' END
    || ' ORDER BY t.created_at DESC LIMIT $3),
     edge AS MATERIALIZED (SELECT min(created_at) AS at, count(*) AS rows FROM w)
     SELECT w.run_id FROM w, edge WHERE w.doc LIKE $1 AND (w.created_at > edge.at OR edge.rows < $3)'
    USING pattern, before, n;
END
$$;--> statement-breakpoint
-- 0020's lookup by words or trigrams, comparing lower-cased text.
CREATE OR REPLACE FUNCTION runledger_search.runs_matching_text(q text, since timestamptz, before timestamptz, cap integer)
  RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog ROWS 50
  AS $$
DECLARE
  pattern constant text := '%' || replace(replace(replace(lower(q), '\', '\\'), '%', '\%'), '_', '\_') || '%';
  terms constant text[] := runledger_search.text_terms(q);
  org constant uuid := public.app_current_org_id();
  lo constant timestamptz := coalesce(since, '-infinity');
  hi constant timestamptz := coalesce(before, 'infinity');
  first_week integer;
  last_week integer;
  week integer;
  width integer := 1;
  got bigint := 0;
  n bigint;
BEGIN
  IF org IS NULL THEN
    RETURN;
  END IF;
  IF terms IS NULL THEN
    RETURN QUERY EXECUTE
      'SELECT t.run_id FROM runledger_search.run_text t WHERE t.org_id = $5 AND t.doc LIKE $1'
      || CASE WHEN since IS NULL THEN '' ELSE ' AND t.created_at >= $2' END
      || CASE WHEN before IS NULL THEN '' ELSE ' AND t.created_at < $3' END
      || CASE WHEN cap IS NULL THEN '' ELSE ' LIMIT $4' END
      USING pattern, since, before, cap, org;
    RETURN;
  END IF;
  RETURN QUERY SELECT t.run_id FROM runledger_search.run_text t
    WHERE t.words IS NULL AND t.org_id = org AND t.created_at >= lo AND t.created_at < hi AND t.doc LIKE pattern
    LIMIT cap;
  GET DIAGNOSTICS got = ROW_COUNT;
  SELECT runledger_search.week_of(min(t.created_at)), runledger_search.week_of(max(t.created_at))
    INTO first_week, last_week
    FROM runledger_search.run_text t WHERE t.org_id = org AND t.created_at >= lo AND t.created_at < hi;
  week := last_week;
  WHILE week >= first_week AND (cap IS NULL OR got < cap) LOOP
    RETURN QUERY SELECT t.run_id FROM runledger_search.run_text t
      WHERE t.words @@ runledger_search.scoped_query(terms, ARRAY(
              SELECT runledger_search.text_scope(org, w) FROM generate_series(greatest(week - width + 1, first_week), week) w))
        AND coalesce(t.org_id, org) = org
        AND t.created_at + interval '0 s' >= lo AND t.created_at + interval '0 s' < hi
        AND (t.doc || '') LIKE pattern
      LIMIT cap - got;
    GET DIAGNOSTICS n = ROW_COUNT;
    got := got + n;
    week := week - width;
    width := least(width * 2, 16);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The exact lookup of a text search (at most `cap` of the tenant's runs that hold q, the whole history), with
-- each run's created_at and whether it is settled: a run is settled when every run holding q that was created
-- at or after it is in the answer too. runs_matching_text stops at `cap` inside a group of weeks that it then
-- read only in part; the groups before it, newest first, were read whole. For a text in more than `cap` runs
-- the settled ones are therefore the text's newest matches, and its newest-first page can be read from them
-- (db/queries/runs.ts, newestSettled) rather than by a second walk over spans of time. A single word (the
-- trigram index, in no order) and a cut read of the copies without words settle nothing.
CREATE FUNCTION runledger_search.runs_matching_text_top(q text, cap integer)
  RETURNS TABLE (run_id uuid, created_at timestamptz, settled boolean)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog ROWS 1000
  AS $$
DECLARE
  pattern constant text := '%' || replace(replace(replace(lower(q), '\', '\\'), '%', '\%'), '_', '\_') || '%';
  terms constant text[] := runledger_search.text_terms(q);
  org constant uuid := public.app_current_org_id();
  first_week integer;
  last_week integer;
  week integer;
  width integer := 1;
  got integer := 0;
  ids uuid[];
  ats timestamptz[];
  unworded_ids uuid[];
  unworded_ats timestamptz[];
  settled_from integer;
  n integer;
BEGIN
  IF org IS NULL OR cap < 1 THEN
    RETURN;
  END IF;
  IF terms IS NULL THEN
    RETURN QUERY EXECUTE
      'SELECT t.run_id, t.created_at, false FROM runledger_search.run_text t WHERE t.org_id = $2 AND t.doc LIKE $1 LIMIT $3'
      USING pattern, org, cap;
    RETURN;
  END IF;
  -- copies without words (candidates of every search, of any week), then the weeks newest first: the newest
  -- alone, then groups of 2, 4, 8 and 16 weeks; a read that returns fewer rows than it was allowed was whole.
  -- A copy without words is settled only when all of them were read and its week lies in the groups read whole.
  SELECT array_agg(x.run_id), array_agg(x.created_at) INTO unworded_ids, unworded_ats FROM (
    SELECT t.run_id, t.created_at FROM runledger_search.run_text t
    WHERE t.words IS NULL AND t.org_id = org AND t.doc LIKE pattern LIMIT cap) x;
  got := coalesce(cardinality(unworded_ids), 0);
  IF got < cap THEN
    SELECT runledger_search.week_of(min(t.created_at)), runledger_search.week_of(max(t.created_at))
      INTO first_week, last_week
      FROM runledger_search.run_text t WHERE t.org_id = org;
    week := last_week;
    WHILE week >= first_week AND got < cap LOOP
      SELECT array_agg(x.run_id), array_agg(x.created_at) INTO ids, ats FROM (
        SELECT t.run_id, t.created_at FROM runledger_search.run_text t
        WHERE t.words @@ runledger_search.scoped_query(terms, ARRAY(
                SELECT runledger_search.text_scope(org, w) FROM generate_series(greatest(week - width + 1, first_week), week) w))
          AND coalesce(t.org_id, org) = org
          AND (t.doc || '') LIKE pattern
        LIMIT cap - got) x;
      n := coalesce(cardinality(ids), 0);
      RETURN QUERY SELECT u.id, u.at, n < cap - got FROM unnest(ids, ats) AS u(id, at);
      IF n < cap - got THEN
        settled_from := greatest(week - width + 1, first_week);
      END IF;
      got := got + n;
      week := week - width;
      width := least(width * 2, 16);
    END LOOP;
  END IF;
  RETURN QUERY SELECT u.id, u.at, coalesce(runledger_search.week_of(u.at) >= settled_from, false)
    FROM unnest(unworded_ids, unworded_ats) AS u(id, at);
END
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION runledger_search.runs_matching_text_top(text, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION runledger_search.runs_matching_text_top(text, integer) TO runledger_app, runledger_worker;
