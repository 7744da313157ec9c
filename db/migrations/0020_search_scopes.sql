-- History text search whose word lookups read only the organization's and the span's own entries (issue 9).
-- The word index of 0019 held plain words shared by every organization: a search read each word's whole
-- posting list — every run of every tenant that ever held it — before the organization and the span of
-- time were applied. "rate limit" at 1,000,000 runs read ~11,000 entries for a page of 50 (45 ms), and the
-- organization of 100,000 runs paid for the other one's 11,000 as well (110 ms).
--
-- A copy's words are now scoped: `<organization>.<week>.<word>`, the first 8 hex digits of the
-- organization's id and the run's week (Mondays, UTC, counted from 1970). A lookup asks for the scoped
-- words of the weeks it reads, newest first, and stops when it has what it was asked for: a span of a day
-- reads one or two weeks' entries, the exact lookup of a common text the few newest weeks that hold 1,001
-- matches, and no organization reads another's entries (two sharing 8 hex digits only share candidates,
-- which the organization condition drops).
--
-- The table is rebuilt, as in 0019: rewriting every row of a filled table updates every index entry by entry.
CREATE FUNCTION runledger_search.week_of(at timestamptz) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  -- 1970-01-05 (345,600 s after the epoch) was a Monday
  AS $$ SELECT pg_catalog.floor((pg_catalog.date_part('epoch', at) - 345600) / 604800)::integer $$;--> statement-breakpoint
-- The prefix of an organization's words in one week.
CREATE FUNCTION runledger_search.text_scope(org uuid, week integer) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT pg_catalog.left(pg_catalog.replace(org::text, '-', ''), 8) || '.' || week::text || '.' $$;--> statement-breakpoint
-- The words of a text (lower-cased runs of letters and digits, each once) under a scope; NULL past 20,000
-- words or 500 kB, or for a word over 2,000 bytes (a lexeme holds at most 2,046 with its scope).
-- PL/pgSQL so that its statement is planned once per session, not at every call.
CREATE FUNCTION runledger_search.text_words(doc text, scope text) RETURNS tsvector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
BEGIN
  RETURN (
    SELECT CASE WHEN count(*) <= 20000 AND coalesce(sum(pg_catalog.octet_length(w)), 0) <= 500000
                     AND coalesce(max(pg_catalog.octet_length(w)), 0) <= 2000
                THEN pg_catalog.array_to_tsvector(coalesce(pg_catalog.array_agg(scope || w), '{}')) END
    FROM (SELECT DISTINCT w FROM pg_catalog.regexp_split_to_table(pg_catalog.lower(doc), '[^[:alnum:]]+') AS w
          WHERE w <> '') x);
END
$$;--> statement-breakpoint
-- What the word index can say about a case-insensitive substring search for q (as 0019's text_query): its
-- words between two separators are whole words of any match, its last word after a separator begins one
-- (marked with a trailing '*'), its first may end a longer word and says nothing. The whole words when there
-- are any, else the prefix when it has 3 characters or more; NULL when q has neither (one word, no separator).
CREATE FUNCTION runledger_search.text_terms(q text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog
  AS $$
DECLARE
  parts text[] := regexp_split_to_array(lower(q), '[^[:alnum:]]+');
  n integer := array_length(parts, 1);
  terms text[] := '{}';
BEGIN
  -- parts[1] is '' when q starts with a separator, parts[n] when it ends with one
  FOR i IN 2..n - 1 LOOP
    CONTINUE WHEN parts[i] = '' OR octet_length(parts[i]) > 2000;
    terms := terms || parts[i];
  END LOOP;
  IF cardinality(terms) = 0 AND n > 1 AND char_length(parts[n]) >= 3 AND octet_length(parts[n]) <= 2000 THEN
    terms := ARRAY[parts[n] || '*'];
  END IF;
  RETURN CASE WHEN cardinality(terms) > 0 THEN terms END;
END
$$;--> statement-breakpoint
-- The word query of `terms` in the given scopes: all the terms in any one of them.
CREATE FUNCTION runledger_search.scoped_query(terms text[], scopes text[]) RETURNS tsquery
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog
  AS $$
BEGIN
  RETURN (
    SELECT string_agg('(' || (
             SELECT string_agg(quote_literal(s || rtrim(t, '*')) || CASE WHEN t LIKE '%*' THEN ':*' ELSE '' END, ' & ')
             FROM unnest(terms) t) || ')', ' | ')
    FROM unnest(scopes) s)::tsquery;
END
$$;--> statement-breakpoint
DROP FUNCTION runledger_search.runs_matching_text(text, timestamptz, timestamptz, integer);--> statement-breakpoint
DROP FUNCTION runledger_search.text_query(text);--> statement-breakpoint
CREATE TABLE runledger_search.run_text_next (
  run_id uuid PRIMARY KEY REFERENCES public.workflow_runs (id) ON DELETE CASCADE,
  org_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  doc text NOT NULL,
  -- text_words(doc, text_scope(org_id, week_of(created_at))); NULL when too many to index: such a copy is a
  -- candidate of every search
  words tsvector
);--> statement-breakpoint
REVOKE ALL ON runledger_search.run_text_next FROM PUBLIC;--> statement-breakpoint
INSERT INTO runledger_search.run_text_next (run_id, org_id, created_at, doc, words)
  SELECT t.run_id, t.org_id, t.created_at, t.doc,
         runledger_search.text_words(t.doc, runledger_search.text_scope(t.org_id, runledger_search.week_of(t.created_at)))
  FROM runledger_search.run_text t;--> statement-breakpoint
DROP TABLE runledger_search.run_text;--> statement-breakpoint
DROP FUNCTION runledger_search.text_words(text);--> statement-breakpoint
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
  FROM (SELECT runledger_search.run_document(NEW) AS doc) d
  ON CONFLICT (run_id) DO UPDATE
    SET org_id = EXCLUDED.org_id, created_at = EXCLUDED.created_at, doc = EXCLUDED.doc, words = EXCLUDED.words;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- The ids of the current tenant's runs whose text holds q (case-insensitive; % and _ are plain characters),
-- created in [since, before) (NULL: unbounded), at most `cap` of them (NULL: all); empty outside a tenant.
-- When q has words the word index can use (text_terms), the weeks of the span that hold the tenant's runs are
-- read newest first — the newest alone, then groups of 2, 4, 8 and 16 weeks — each one lookup of the scoped
-- words whose candidates are rechecked, until `cap` runs are found; copies without words are read apart.
-- The organization and the span are conditions on the candidates, written so that no index serves them (the
-- word entries are already the organization's and the weeks'): a plan that intersected the word index with
-- the organization's index would read every run of the tenant. Otherwise (one word, no separator) the
-- trigram index answers, planned per call as in 0019.
CREATE FUNCTION runledger_search.runs_matching_text(q text, since timestamptz, before timestamptz, cap integer)
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
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION runledger_search.runs_matching_text(text, timestamptz, timestamptz, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION runledger_search.runs_matching_text(text, timestamptz, timestamptz, integer)
  TO runledger_app, runledger_worker;
