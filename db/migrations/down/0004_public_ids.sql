ALTER TABLE "workflow_runs" ALTER COLUMN "public_id" SET DEFAULT 'WF-' || lpad(nextval('workflow_run_public_seq')::text, 6, '0');
--> statement-breakpoint
ALTER TABLE "job_descriptions" ALTER COLUMN "public_id" SET DEFAULT 'JD-' || lpad(nextval('job_description_public_seq')::text, 6, '0');
--> statement-breakpoint
DROP FUNCTION IF EXISTS next_public_id(text);
--> statement-breakpoint
DROP FUNCTION IF EXISTS public_id_encode(text, bigint);
--> statement-breakpoint
DROP FUNCTION IF EXISTS public_id_permute(bigint, text);
--> statement-breakpoint
DROP TABLE IF EXISTS "public_id_keys";
