CREATE OR REPLACE FUNCTION analytics_duration_bin(ms bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN abs(ms) < 100 THEN ms
         ELSE sign(ms)::bigint * (round(abs(ms)::numeric / (10::numeric ^ (length(abs(ms)::text) - 2)))
                                  * (10::numeric ^ (length(abs(ms)::text) - 2)))::bigint END
$$;
