-- Public ids that never collide and reveal nothing (issue 9).
-- Before: 'WF-' || lpad(nextval(seq)::text, 6, '0') truncated numbers past 999,999 (lpad cuts), so ids
-- collided at the millionth run, and the sequence shared by every organization let one tenant count
-- another's runs. Now: the same sequences, each value put through a keyed Feistel permutation of the
-- 60-bit numbers and written as 12 Crockford base-32 characters ('WF-7K3M0Q9ZD2XA'). A permutation is a
-- bijection, so distinct sequence values give distinct ids (and 2^60 values never run out); the key is
-- random per installation and unreadable by the application roles, so an id says nothing about how many
-- came before it. Old ids (six digits) keep their values and keep resolving; new ids are longer, so the
-- two forms can never meet.
CREATE TABLE "public_id_keys" (
	"kind" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL
);
--> statement-breakpoint
REVOKE ALL ON "public_id_keys" FROM PUBLIC, runledger_app, runledger_worker, runledger_auth;
--> statement-breakpoint
INSERT INTO "public_id_keys" ("kind", "secret")
SELECT k, md5(gen_random_uuid()::text) || md5(gen_random_uuid()::text) FROM unnest(ARRAY['WF', 'JD']) AS k;
--> statement-breakpoint
CREATE FUNCTION public_id_permute(n bigint, secret text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  l bigint;
  r bigint;
  t bigint;
BEGIN
  IF n < 0 OR n >= 1152921504606846976 THEN
    RAISE EXCEPTION 'public id counter % is outside 0 .. 2^60-1', n;
  END IF;
  l := n >> 30;
  r := n & 1073741823;
  FOR i IN 1..4 LOOP
    t := r;
    r := l # ((('x' || substr(md5(secret || ':' || i || ':' || r), 1, 8))::bit(32)::int)::bigint & 1073741823);
    l := t;
  END LOOP;
  RETURN (l << 30) | r;
END
$$;
--> statement-breakpoint
CREATE FUNCTION public_id_encode(prefix text, n bigint) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  body text := '';
BEGIN
  FOR i IN 0..11 LOOP
    body := substr(alphabet, ((n >> (5 * i)) & 31)::int + 1, 1) || body;
  END LOOP;
  RETURN prefix || '-' || body;
END
$$;
--> statement-breakpoint
CREATE FUNCTION next_public_id(kind text) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  n bigint;
  key text;
BEGIN
  IF kind = 'WF' THEN
    n := nextval('workflow_run_public_seq');
  ELSIF kind = 'JD' THEN
    n := nextval('job_description_public_seq');
  ELSE
    RAISE EXCEPTION 'unknown public id kind %', kind;
  END IF;
  SELECT k.secret INTO STRICT key FROM public_id_keys k WHERE k.kind = next_public_id.kind;
  RETURN public_id_encode(kind, public_id_permute(n, key));
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION next_public_id(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION next_public_id(text) TO runledger_app, runledger_worker;
--> statement-breakpoint
ALTER TABLE "workflow_runs" ALTER COLUMN "public_id" SET DEFAULT next_public_id('WF');
--> statement-breakpoint
ALTER TABLE "job_descriptions" ALTER COLUMN "public_id" SET DEFAULT next_public_id('JD');
