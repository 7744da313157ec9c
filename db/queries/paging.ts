import { and, eq, lt, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";

// Paging shared by the resource lists (jobs, resumes, audit log …).
//
// Decisions:
// - Pages are capped at MAX_PAGE_SIZE rows whatever the client asks.
// - Lists that grow without bound page newest first by a keyset cursor on (created_at, id). The cursor
//   carries created_at with PostgreSQL's microsecond precision (as text from the database, not a JS
//   Date, which would round to milliseconds and skip rows created within the same millisecond).
// - `skip` (the seeds' offset paging) is still honoured when no cursor is given.

export const MAX_PAGE_SIZE = 100;

/**
 * The run history's seed-001 `skip` is an OFFSET, whose cost grows with its value: beyond this many
 * rows the API answers 400 and points at the keyset cursor, which pages any depth at the cost of the first page.
 */
export const RUN_MAX_SKIP = 10_000;

/** The run history counts at most this many matching runs for `total` (then `total_exact` is false). */
export const RUN_TOTAL_CAP = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export type Cursor = { at: string; id: string };

/** The created_at of a row as exact UTC text, selected next to the row so it can become a cursor. */
export const cursorAt = (createdAt: PgColumn) =>
  sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString("base64url");
}

/** null for anything that is not a cursor this module made (the caller answers 400). */
export function decodeCursor(cursor: string): Cursor | null {
  const [at, id, extra] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (extra !== undefined || !at || !id || !CURSOR_AT.test(at) || !isUuid(id)) return null;
  if (Number.isNaN(Date.parse(at))) return null;
  return { at, id };
}

/** Rows after the cursor in (created_at desc, id desc) order. */
export function afterCursor(createdAt: PgColumn, id: PgColumn, cursor: Cursor): SQL {
  return or(
    lt(createdAt, sql`${cursor.at}::timestamptz`),
    and(eq(createdAt, sql`${cursor.at}::timestamptz`), lt(id, cursor.id)),
  )!;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** LIKE pattern matching `text` anywhere, with the wildcard characters of `text` escaped. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** LIKE pattern matching values that start with `text`. */
export function prefixPattern(text: string): string {
  return `${escapeLike(text)}%`;
}

export type PageRequest = { limit: number; skip?: number; cursor?: Cursor | null };

export type Page<T> = { rows: T[]; total: number; nextCursor: string | null };

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only says whether there is a next page.
 * Rows must carry `cursorAt` and `id` when cursors are used.
 */
export function toPage<T extends { id: string; cursorAt?: string }>(
  fetched: T[],
  limit: number,
  total: number,
): Page<T> {
  const rows = fetched.slice(0, limit);
  const last = rows.at(-1);
  const nextCursor = fetched.length > limit && last?.cursorAt ? encodeCursor(last.cursorAt, last.id) : null;
  return { rows, total, nextCursor };
}

// ── query-string fields shared by the list endpoints' zod schemas ──────────────────────────────────

/** `?include_deleted=true|false` and other boolean query flags. */
export const boolQuery = z.enum(["true", "false"]).transform((v) => v === "true");

/** The seeds' offset paging: skip and limit (capped at MAX_PAGE_SIZE). */
export const pageFields = (defaultLimit = 20) => ({
  skip: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(defaultLimit),
});

/** An opaque `next_cursor` from a previous page, decoded; anything else is a 400. */
export const cursorField = z
  .string()
  .min(1)
  .max(300)
  .transform((value, ctx) => {
    const cursor = decodeCursor(value);
    if (cursor) return cursor;
    ctx.addIssue({ code: "custom", message: "is not a cursor from a previous page" });
    return z.NEVER;
  });
