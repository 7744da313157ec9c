-- 0022 undone: the lookups compare with ILIKE again and the trigger copies the text as it is. Copies written
-- while 0022 was in place stay lower-cased, which ILIKE matches the same.
CREATE OR REPLACE FUNCTION runledger_search.sync_run_text() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog
  AS $$
BEGIN
  INSERT INTO runledger_search.run_text (run_id, org_id, created_at, doc, words)
  SELECT NEW.id, NEW.org_id, NEW.created_at, d.doc,
         runledger_search.text_words(d.doc, runledger_search.text_scope(NEW.org_id, runledger_search.week_of(NEW.created_at)))
  FROM (SELECT runledger_search.run_document(NEW) AS doc) d
  ON CONFLICT (run_id) DO UPDATE
    SET org_id = EXCLUDED.org_id, created_at = EXCLUDED.created_at, doc = EXCLUDED.doc, words = EXCLUDED.words;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION runledger_search.runs_matching(pattern text) RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog ROWS 50
  AS $$
DECLARE
  cap constant integer := coalesce(nullif(current_setting('runledger.search_cap', true), '')::integer, 100000);
  found integer;
BEGIN
  RETURN QUERY SELECT t.run_id FROM runledger_search.run_text t
    WHERE t.org_id = public.app_current_org_id() AND t.doc ILIKE pattern LIMIT cap + 1;
  GET DIAGNOSTICS found = ROW_COUNT;
  IF found > cap THEN
    RAISE EXCEPTION 'The search matches more than % runs', cap USING ERRCODE = 'RL001';
  END IF;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION runledger_search.runs_matching_newest(q text, before timestamptz, n integer)
  RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog ROWS 50
  AS $$
DECLARE
  pattern constant text := '%' || replace(replace(replace(q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
BEGIN
  RETURN QUERY EXECUTE
    'WITH w AS MATERIALIZED (SELECT t.run_id, t.created_at, t.doc FROM runledger_search.run_text t
       WHERE t.org_id = public.app_current_org_id()'
    || CASE WHEN before IS NULL THEN '' ELSE ' AND t.created_at < $2' END
    || ' ORDER BY t.created_at DESC LIMIT $3),
     edge AS (SELECT min(created_at) AS at, count(*) AS rows FROM w)
     SELECT w.run_id FROM w, edge WHERE w.doc ILIKE $1 AND (w.created_at > edge.at OR edge.rows < $3)'
    USING pattern, before, n;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION runledger_search.runs_matching_text(q text, since timestamptz, before timestamptz, cap integer)
  RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog ROWS 50
  AS $$
DECLARE
  pattern constant text := '%' || replace(replace(replace(q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
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
      'SELECT t.run_id FROM runledger_search.run_text t WHERE t.org_id = $5 AND t.doc ILIKE $1'
      || CASE WHEN since IS NULL THEN '' ELSE ' AND t.created_at >= $2' END
      || CASE WHEN before IS NULL THEN '' ELSE ' AND t.created_at < $3' END
      || CASE WHEN cap IS NULL THEN '' ELSE ' LIMIT $4' END
      USING pattern, since, before, cap, org;
    RETURN;
  END IF;
  RETURN QUERY SELECT t.run_id FROM runledger_search.run_text t
    WHERE t.words IS NULL AND t.org_id = org AND t.created_at >= lo AND t.created_at < hi AND t.doc ILIKE pattern
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
        AND (t.doc || '') ILIKE pattern
      LIMIT cap - got;
    GET DIAGNOSTICS n = ROW_COUNT;
    got := got + n;
    week := week - width;
    width := least(width * 2, 16);
  END LOOP;
END
$$;
--> statement-breakpoint
DROP FUNCTION runledger_search.runs_matching_text_top(text, integer);
