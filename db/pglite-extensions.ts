import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

/** The extensions the migrations create (0009: pg_trgm); every embedded database must be opened with them. */
export const pgliteExtensions = { pg_trgm };
