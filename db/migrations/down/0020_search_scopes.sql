-- 0020 undone: the words of 0019 (unscoped), its lookups and its trigger function
DROP FUNCTION runledger_search.runs_matching_text(text, timestamptz, timestamptz, integer);--> statement-breakpoint
CREATE FUNCTION runledger_search.text_words(doc text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT CASE WHEN count(*) <= 20000 AND coalesce(sum(octet_length(w)), 0) <= 500000
                         AND coalesce(max(octet_length(w)), 0) <= 2046
                    THEN pg_catalog.array_to_tsvector(coalesce(pg_catalog.array_agg(w), '{}')) END
        FROM (SELECT DISTINCT w FROM pg_catalog.regexp_split_to_table(pg_catalog.lower(doc), '[^[:alnum:]]+') AS w
              WHERE w <> '') x $$;--> statement-breakpoint
CREATE FUNCTION runledger_search.text_query(q text) RETURNS tsquery
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog
  AS $$
DECLARE
  parts text[] := regexp_split_to_array(lower(q), '[^[:alnum:]]+');
  n integer := array_length(parts, 1);
  terms text[] := '{}';
BEGIN
  -- parts[1] is '' when q starts with a separator, parts[n] when it ends with one
  FOR i IN 2..n - 1 LOOP
    CONTINUE WHEN parts[i] = '' OR octet_length(parts[i]) > 2046;
    terms := terms || quote_literal(parts[i]);
  END LOOP;
  -- a prefix of one or two characters begins too many words to be worth reading
  IF cardinality(terms) = 0 AND n > 1 AND char_length(parts[n]) >= 3 AND octet_length(parts[n]) <= 2046 THEN
    terms := ARRAY[quote_literal(parts[n]) || ':*'];
  END IF;
  RETURN CASE WHEN cardinality(terms) > 0 THEN array_to_string(terms, ' & ')::tsquery END;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION runledger_search.sync_run_text() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog
  AS $$
BEGIN
  INSERT INTO runledger_search.run_text (run_id, org_id, created_at, doc, words)
  SELECT NEW.id, NEW.org_id, NEW.created_at, d.doc, runledger_search.text_words(d.doc)
  FROM (SELECT runledger_search.run_document(NEW) AS doc) d
  ON CONFLICT (run_id) DO UPDATE
    SET org_id = EXCLUDED.org_id, created_at = EXCLUDED.created_at, doc = EXCLUDED.doc, words = EXCLUDED.words;
  RETURN NULL;
END
$$;--> statement-breakpoint
DROP INDEX runledger_search.run_text_words;--> statement-breakpoint
UPDATE runledger_search.run_text SET words = runledger_search.text_words(doc);--> statement-breakpoint
CREATE INDEX run_text_words ON runledger_search.run_text USING gin (words) WITH (gin_pending_list_limit = 256);--> statement-breakpoint
ANALYZE runledger_search.run_text;--> statement-breakpoint
CREATE FUNCTION runledger_search.runs_matching_text(q text, since timestamptz, before timestamptz, cap integer)
  RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog ROWS 50
  AS $$
DECLARE
  pattern constant text := '%' || replace(replace(replace(q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  words constant tsquery := runledger_search.text_query(q);
BEGIN
  RETURN QUERY EXECUTE
    'SELECT t.run_id FROM runledger_search.run_text t WHERE t.org_id = public.app_current_org_id()'
    || CASE WHEN words IS NULL THEN ' AND t.doc ILIKE $1'
            ELSE ' AND (t.words @@ $5 OR t.words IS NULL) AND (t.doc || '''') ILIKE $1' END
    || CASE WHEN since IS NULL THEN '' ELSE ' AND t.created_at >= $2' END
    || CASE WHEN before IS NULL THEN '' ELSE ' AND t.created_at < $3' END
    || CASE WHEN cap IS NULL THEN '' ELSE ' LIMIT $4' END
    USING pattern, since, before, cap, words;
END
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION runledger_search.runs_matching_text(text, timestamptz, timestamptz, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION runledger_search.runs_matching_text(text, timestamptz, timestamptz, integer)
  TO runledger_app, runledger_worker;--> statement-breakpoint
DROP FUNCTION runledger_search.scoped_query(text[], text[]);--> statement-breakpoint
DROP FUNCTION runledger_search.text_terms(text);--> statement-breakpoint
DROP FUNCTION runledger_search.text_words(text, text);--> statement-breakpoint
DROP FUNCTION runledger_search.text_scope(uuid, integer);--> statement-breakpoint
DROP FUNCTION runledger_search.week_of(timestamptz);
