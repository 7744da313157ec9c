import { sql } from "drizzle-orm";
import { boolean, timestamp, uuid } from "drizzle-orm/pg-core";

/** Every tenant-owned row carries its organization; RLS policies key on it. */
export const orgId = () => uuid("org_id").notNull();

export const id = () => uuid("id").primaryKey().default(sql`gen_random_uuid()`);

export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** Soft delete: reads exclude these rows by default (see db/queries). */
export const softDelete = () => ({
  isDeleted: boolean("is_deleted").notNull().default(false),
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
});

/** `col IN ('a','b')` for CHECK constraints built from the `as const` vocabularies. */
export const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} IN (${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ")})`);
