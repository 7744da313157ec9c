-- Free-text history search (0009) answers from at most 100,000 matching runs. A term found in nearly every
-- run ("WF-", "example", a shared domain) made the lookup return every run of the organization: 20–30 s at
-- 1,000,000 runs, and longer as history grew. Now the lookup stops one past the cap and refuses with
-- SQLSTATE RL001, which the API answers as 422 (use more words or a filter); a page of the newest matches
-- from an arbitrary subset would be silently wrong. The cap can be lowered per transaction
-- (runledger.search_cap), which the tests use.
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
