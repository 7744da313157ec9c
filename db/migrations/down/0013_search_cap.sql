CREATE OR REPLACE FUNCTION runledger_search.runs_matching(pattern text) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog ROWS 50
  AS $$ SELECT run_id FROM runledger_search.run_text WHERE org_id = public.app_current_org_id() AND doc ILIKE pattern $$;
