-- History text search that reads the newest matches first (issue 9). The lookup of 0009/0013 returned every
-- run whose text matches, and the page then sorted them all: a term found in 25,000 runs ("rate limit" at
-- 1,000,000 runs) rechecked and sorted all 25,000 for a page of 50, twice (page and count). The mirrored text
-- now carries the run's created_at, indexed beside the organization, so a lookup bounded to a span of time
-- combines both indexes and rechecks only the span's candidates; the history walks spans newest first
-- (db/queries/runs.ts) and stops when its page is full.
--
-- A trigram search itself read ~1,500 index pages at 1,000,000 runs for one e-mail (12 ms): its common
-- trigrams ("pos", "exa", …) are in nearly every copy. The copies now also keep their words (runs of letters
-- and digits, lower-cased) in a word index. A text that must match across a separator (an e-mail, two words,
-- "REQ-1234") contains words a match must hold whole (those between two separators) or begin with (the last),
-- and the lookup asks the word index for those, then rechecks the text: rare words make it a read of a few
-- pages. A single word (no separator) may sit inside a longer one, so it still reads the trigram index.
--
-- The table is rebuilt rather than altered: adding and filling a column rewrites every row and every trigram
-- entry of the GIN index one by one, where building the index once over a filled table is far cheaper.
CREATE TABLE runledger_search.run_text_next (
  run_id uuid PRIMARY KEY REFERENCES public.workflow_runs (id) ON DELETE CASCADE,
  org_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  doc text NOT NULL,
  -- runledger_search.text_words(doc); NULL when too many to index: such a copy is a candidate of every search
  words tsvector
);--> statement-breakpoint
REVOKE ALL ON runledger_search.run_text_next FROM PUBLIC;--> statement-breakpoint
-- The words of a text: lower-cased runs of letters and digits, each once; NULL past 20,000 words or 500 kB
-- (a tsvector holds at most 1 MB) or for a word longer than a lexeme may be.
CREATE FUNCTION runledger_search.text_words(doc text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT CASE WHEN count(*) <= 20000 AND coalesce(sum(octet_length(w)), 0) <= 500000
                         AND coalesce(max(octet_length(w)), 0) <= 2046
                    THEN pg_catalog.array_to_tsvector(coalesce(pg_catalog.array_agg(w), '{}')) END
        FROM (SELECT DISTINCT w FROM pg_catalog.regexp_split_to_table(pg_catalog.lower(doc), '[^[:alnum:]]+') AS w
              WHERE w <> '') x $$;--> statement-breakpoint
-- What the word index can say about a case-insensitive substring search for q: its words between two separators
-- are whole words of any match, its last word after a separator begins one; its first word may end a longer
-- one and says nothing. The whole words when there are any (a prefix is read as every word it begins, all
-- their runs gathered before anything is skipped: "example" in every e-mail domain cost 37 ms at 1,000,000
-- runs), else the prefix; NULL when q has neither (one word, no separator).
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
-- the owner is subject to the forced policy, so lift it for this one statement
ALTER TABLE public.workflow_runs NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
INSERT INTO runledger_search.run_text_next (run_id, org_id, created_at, doc, words)
  SELECT t.run_id, t.org_id, r.created_at, t.doc, runledger_search.text_words(t.doc)
  FROM runledger_search.run_text t JOIN public.workflow_runs r ON r.id = t.run_id;--> statement-breakpoint
ALTER TABLE public.workflow_runs FORCE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE runledger_search.run_text;--> statement-breakpoint
ALTER TABLE runledger_search.run_text_next RENAME TO run_text;--> statement-breakpoint
ALTER TABLE runledger_search.run_text RENAME CONSTRAINT run_text_next_pkey TO run_text_pkey;--> statement-breakpoint
ALTER TABLE runledger_search.run_text RENAME CONSTRAINT run_text_next_run_id_fkey TO run_text_run_id_fkey;--> statement-breakpoint
-- Inserts queue their trigram entries in the index's pending list, which every search reads in full until it
-- is merged; PostgreSQL merges it when it outgrows gin_pending_list_limit (4 MB by default: ~500 pages read by
-- every search). 256 kB keeps that read small and each merge, paid by the writing transaction, short.
CREATE INDEX run_text_trgm ON runledger_search.run_text USING gin (doc runledger_search.gin_trgm_ops)
  WITH (gin_pending_list_limit = 256);--> statement-breakpoint
-- text too short for trigrams reads the tenant's rows; a span of time is a range of this index
CREATE INDEX run_text_org_created ON runledger_search.run_text (org_id, created_at);--> statement-breakpoint
CREATE INDEX run_text_words ON runledger_search.run_text USING gin (words) WITH (gin_pending_list_limit = 256);--> statement-breakpoint
CREATE INDEX run_text_unworded ON runledger_search.run_text (org_id) WHERE words IS NULL;--> statement-breakpoint
-- statistics now, not at autovacuum's next pass: without them the planner takes the organization's index for a
-- selective one and intersects every search with a bitmap of all the tenant's runs
ANALYZE runledger_search.run_text;--> statement-breakpoint
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
DROP TRIGGER workflow_runs_text_sync ON public.workflow_runs;--> statement-breakpoint
CREATE TRIGGER workflow_runs_text_sync
  AFTER INSERT OR UPDATE OF org_id, public_id, title, external_id, jd_title, error_message, inputs, context, results,
    created_at
  ON public.workflow_runs FOR EACH ROW EXECUTE FUNCTION runledger_search.sync_run_text();--> statement-breakpoint
-- The ids of the current tenant's runs whose text holds q (case-insensitive; % and _ are plain characters),
-- created in [since, before) (NULL: unbounded), at most `cap` of them (NULL: all), in no particular order;
-- empty outside a tenant. Planned for each call's values (EXECUTE). When q has words the word index can use
-- (text_query), the candidates come from it and the text is only rechecked (`doc || ''` keeps the trigram
-- index out of the plan); otherwise from the trigram index. A span is a range of run_text_org_created.
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
-- The ids of the current tenant's runs that hold q among its `n` newest runs created before `before` (NULL: the
-- newest), leaving out those at the oldest instant of that window when it is full (that instant's other runs
-- lie outside it, so its matches may be incomplete): a walk down run_text_org_created that costs the same
-- whatever the text, which finds a page of a common text (a name in one run in ten) before any index of
-- words or trigrams has been read.
CREATE FUNCTION runledger_search.runs_matching_newest(q text, before timestamptz, n integer)
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
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION runledger_search.runs_matching_newest(text, timestamptz, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION runledger_search.runs_matching_newest(text, timestamptz, integer)
  TO runledger_app, runledger_worker;
