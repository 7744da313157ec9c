ALTER TABLE "users" DROP COLUMN IF EXISTS "session_version";
