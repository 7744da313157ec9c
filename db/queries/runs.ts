import "server-only";
import { and, asc, desc, eq, gte, inArray, lte, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { prepared, preparedRows, type Queryable } from "@/db/client";
import {
  jobDescriptions,
  matchResults,
  resumes,
  type Screenshot,
  stepApprovals,
  users,
  type WorkflowRun,
  type WorkflowRunStep,
  workflowRunSteps,
  workflowRuns,
  workflows,
} from "@/db/schema";
import type { Channel, RunStatus } from "@/db/schema/enums";

import { runCountFromRollups } from "./analytics";
import { containsPattern, decodeCursor, isUuid, RUN_TOTAL_CAP } from "./paging";
import { RUN_PUBLIC_ID } from "@/lib/public-id";

export { isUuid };

export type RunFilters = {
  status?: RunStatus[];
  channel?: Channel[];
  workflowId?: string;
  jdId?: string;
  startedBy?: string;
  from?: Date;
  to?: Date;
  /** Free text (case-insensitive substring) over id, title, external id, job title, inputs, context, results, error. */
  q?: string;
  /** JSON containment on context, e.g. {"correlation_id":"xyz789"} (GIN index). */
  context?: Record<string, unknown>;
  /** Explicit run ids (public WF-… or uuid), for bulk actions. */
  ids?: string[];
};

export type RunSort =
  | "created_at"
  | "-created_at"
  | "duration_ms"
  | "-duration_ms"
  | "status"
  | "-status"
  | "title"
  | "-title";

export type RunListQuery = {
  orgId: string;
  /** Only this user's runs (the default scope of the seed's endpoint). */
  ownerId?: string;
  filters: RunFilters;
  limit: number;
  skip?: number;
  cursor?: string | null;
  sort?: RunSort;
};

/**
 * How free text `q` is resolved in a WHERE clause. By default through the lookup of migration 0013 (every
 * match, refused beyond 100,000); the history page passes what it has already found (`ids`, the whole
 * match set of a rare text) or the span it is reading of a common one (TextSpan).
 */
export type TextScope = { ids: string[] } | TextSpan;

/** A span of a newest-first text search: [since, before), or the `newest` runs before `before` (0019). */
export type TextSpan = { since: SQL | null; before: SQL | null } | { newest: number; before: SQL | null };

/** `q` when it is free text (not a run id, which is an exact lookup). */
export function freeText(f: RunFilters): string | null {
  return f.q && !RUN_PUBLIC_ID.test(f.q.toUpperCase()) ? f.q : null;
}

/** The WHERE clause of the run list; shared by the page, its count, exports and bulk actions. */
export function runWhere(orgId: string, f: RunFilters, ownerId?: string, text?: TextScope): SQL {
  const parts: (SQL | undefined)[] = [eq(workflowRuns.orgId, orgId)];
  if (ownerId) parts.push(eq(workflowRuns.startedBy, ownerId));
  if (f.status?.length) parts.push(inArray(workflowRuns.status, f.status));
  if (f.channel?.length) parts.push(inArray(workflowRuns.channel, f.channel));
  if (f.workflowId) parts.push(eq(workflowRuns.workflowId, f.workflowId));
  if (f.jdId) parts.push(eq(workflowRuns.jdId, f.jdId));
  if (f.startedBy) parts.push(eq(workflowRuns.startedBy, f.startedBy));
  if (f.from) parts.push(gte(workflowRuns.createdAt, f.from));
  if (f.to) parts.push(lte(workflowRuns.createdAt, f.to));
  // through the definer-rights lookup of migration 0007: as the application role `context @> x` cannot use a
  // GIN index (not leakproof), the lookup's GIN index on the tenant's mirrored contexts can. Every lookup
  // here runs once per statement, as an array (an InitPlan): written `id in (select f())`, PostgreSQL called
  // f once per run of the tenant when its statistics made the tenant look small (a fresh or fast-growing one).
  if (f.context) {
    parts.push(
      sql`${workflowRuns.id} = any(array(select runledger_search.runs_with_context(${JSON.stringify(f.context)}::jsonb)))`,
    );
  }
  if (f.q && RUN_PUBLIC_ID.test(f.q.toUpperCase())) {
    // a run id: one unique-index lookup (text equality is leakproof, so it seeks under RLS), not five ILIKEs
    parts.push(eq(workflowRuns.publicId, f.q.toUpperCase()));
  } else if (f.q) {
    // free text through the definer-rights lookup of migration 0009 (a trigram index over the run's title, ids,
    // job title, inputs, context, results and error; ILIKE is not leakproof, so under RLS no index could serve it)
    if (!text) {
      parts.push(
        sql`${workflowRuns.id} = any(array(select runledger_search.runs_matching(${containsPattern(f.q)})))`,
      );
    } else if ("ids" in text) {
      // a set to join by primary key (`id = any(…)` let the planner filter a walk of the whole history instead)
      parts.push(
        text.ids.length
          ? sql`${workflowRuns.id} in (select unnest(${`{${text.ids.join(",")}}`}::uuid[]))`
          : sql`false`,
      );
    } else if ("newest" in text) {
      // migration 0019: the matches among the newest runs before `before`, a walk of (org_id, created_at)
      parts.push(
        sql`${workflowRuns.id} = any(array(select runledger_search.runs_matching_newest(${f.q}, ${text.before ?? UNBOUNDED}, ${text.newest}::integer)))`,
      );
    } else {
      // migrations 0019/0020: the matches created in [since, before), through the word index (only the span's
      // weeks of the tenant's scoped words) or the trigram index and the index of (org_id, created_at)
      parts.push(
        sql`${workflowRuns.id} = any(array(select runledger_search.runs_matching_text(${f.q}, ${text.since ?? UNBOUNDED}, ${text.before ?? UNBOUNDED}, null)))`,
      );
    }
  }
  if (f.ids) {
    const uuids = f.ids.filter(isUuid);
    const publics = f.ids.filter((i) => !isUuid(i));
    parts.push(
      or(
        uuids.length ? inArray(workflowRuns.id, uuids) : sql`false`,
        publics.length ? inArray(workflowRuns.publicId, publics) : sql`false`,
      ),
    );
  }
  return and(...parts.filter(Boolean))!;
}

/**
 * The keyset of each sort: the expressions a page is ordered by (then id as the tie-break), all in
 * one direction so that `(keys…, id) < (cursor…)` is a single row-value comparison the composite
 * index `(org_id, keys…, id)` of migration 0007 can seek to. Nullable columns sort NULLs last in
 * both directions: ascending by `(col IS NULL, coalesce(col, zero))`, descending by
 * `coalesce(col, below-every-value)` (durations are ≥ 0, titles are never empty).
 */
const runSortKeys: Record<RunSort, { keys: SQL[]; desc: boolean }> = {
  created_at: { keys: [sql`${workflowRuns.createdAt}`], desc: false },
  "-created_at": { keys: [sql`${workflowRuns.createdAt}`], desc: true },
  duration_ms: {
    keys: [sql`(${workflowRuns.durationMs} IS NULL)`, sql`coalesce(${workflowRuns.durationMs}, 0)`],
    desc: false,
  },
  "-duration_ms": { keys: [sql`coalesce(${workflowRuns.durationMs}, -1)`], desc: true },
  status: { keys: [sql`${workflowRuns.status}`], desc: false },
  "-status": { keys: [sql`${workflowRuns.status}`], desc: true },
  title: {
    keys: [sql`(${workflowRuns.title} IS NULL)`, sql`coalesce(${workflowRuns.title}, '')`],
    desc: false,
  },
  "-title": { keys: [sql`coalesce(${workflowRuns.title}, '')`], desc: true },
};

/** How each key travels in a cursor: as exact text, cast back in SQL (timestamps keep their microseconds). */
const keyCasts: Record<RunSort, string[]> = {
  created_at: ["timestamptz"],
  "-created_at": ["timestamptz"],
  duration_ms: ["boolean", "integer"],
  "-duration_ms": ["integer"],
  status: ["text"],
  "-status": ["text"],
  title: ["boolean", "text"],
  "-title": ["text"],
};

function orderBy(sort: RunSort): SQL[] {
  const { keys, desc: d } = runSortKeys[sort];
  // The (created_at, id) indexes are declared DESC NULLS LAST (forwards) = ASC NULLS FIRST (backwards);
  // the others ASC NULLS LAST = DESC NULLS FIRST. No key is NULL, but the planner only uses an index for
  // the order when the NULLS placement matches too.
  const byTime = sort === "created_at" || sort === "-created_at";
  const direction = sql.raw(d ? (byTime ? "desc nulls last" : "desc") : byTime ? "asc nulls first" : "asc");
  return [...keys, sql`${workflowRuns.id}`].map((k) => sql`${k} ${direction}`);
}

/** The key values of a row as text, selected next to it so the last row of a page becomes the cursor. */
function keyText(sort: RunSort): SQL<string[]> {
  const texts = runSortKeys[sort].keys.map((k, i) =>
    keyCasts[sort][i] === "timestamptz"
      ? sql`to_char(${k} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
      : sql`(${k})::text`,
  );
  return sql<string[]>`array[${sql.join(texts, sql`, `)}]`;
}

function afterKeyset(sort: RunSort, cursor: RunCursor): SQL {
  const { keys, desc: d } = runSortKeys[sort];
  // through text: postgres.js serializes a parameter PostgreSQL infers as boolean from JS booleans only
  // (the string "true" would be sent as false)
  const values = cursor.keys.map((v, i) => sql`${v}::text::${sql.raw(keyCasts[sort][i]!)}`);
  return sql`(${sql.join([...keys, sql`${workflowRuns.id}`], sql`, `)}) ${sql.raw(d ? "<" : ">")} (${sql.join(
    [...values, sql`${cursor.id}::uuid`],
    sql`, `,
  )})`;
}

export type RunCursor = { sort: RunSort; keys: string[]; id: string };

const CURSOR_PREFIX = "k1.";

export function encodeRunCursor(cursor: RunCursor): string {
  return (
    CURSOR_PREFIX + Buffer.from(JSON.stringify([cursor.sort, cursor.keys, cursor.id])).toString("base64url")
  );
}

/**
 * A cursor of any sort; null for anything this API did not make. The cursors made before keyset paging
 * covered every sort (`base64url("<created_at>|<id>")`, newest first only) are still read, as
 * `-created_at` cursors, so links and clients holding one keep working.
 */
export function decodeRunCursor(value: string): RunCursor | null {
  if (!value.startsWith(CURSOR_PREFIX)) {
    const old = decodeCursor(value);
    return old ? { sort: "-created_at", keys: [old.at], id: old.id } : null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value.slice(CURSOR_PREFIX.length), "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [sort, keys, id] = parsed as [unknown, unknown, unknown];
  if (typeof sort !== "string" || !(sort in runSortKeys) || typeof id !== "string" || !isUuid(id))
    return null;
  const casts = keyCasts[sort as RunSort];
  if (!Array.isArray(keys) || keys.length !== casts.length) return null;
  for (const [i, key] of keys.entries()) {
    if (typeof key !== "string" || !validKey(casts[i]!, key)) return null;
  }
  return { sort: sort as RunSort, keys: keys as string[], id };
}

const KEY_SHAPES: Record<string, RegExp> = {
  timestamptz: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
  boolean: /^(true|false)$/,
  integer: /^-?\d{1,10}$/,
};

function validKey(cast: string, key: string): boolean {
  if (cast === "text") return key.length <= 1000 && !key.includes("\u0000");
  if (!KEY_SHAPES[cast]!.test(key)) return false;
  if (cast === "timestamptz") return !Number.isNaN(Date.parse(key));
  if (cast === "integer") return Math.abs(Number(key)) <= 2_147_483_647;
  return true;
}

export const runListColumns = {
  id: workflowRuns.id,
  publicId: workflowRuns.publicId,
  title: workflowRuns.title,
  status: workflowRuns.status,
  channel: workflowRuns.channel,
  externalId: workflowRuns.externalId,
  workflowId: workflowRuns.workflowId,
  workflowName: workflows.name,
  workflowVersion: workflowRuns.workflowVersion,
  jdId: workflowRuns.jdId,
  jdPublicId: jobDescriptions.publicId,
  jdTitle: workflowRuns.jdTitle,
  startedBy: workflowRuns.startedBy,
  startedByName: users.name,
  startedByEmail: users.email,
  resumeIds: workflowRuns.resumeIds,
  totalResumes: workflowRuns.totalResumes,
  processedResumes: workflowRuns.processedResumes,
  progress: workflowRuns.progress,
  metrics: workflowRuns.metrics,
  results: workflowRuns.results,
  context: workflowRuns.context,
  errorMessage: workflowRuns.errorMessage,
  errorDetails: workflowRuns.errorDetails,
  source: workflowRuns.source,
  tier: workflowRuns.tier,
  llmModel: workflowRuns.llmModel,
  llmTokensUsed: workflowRuns.llmTokensUsed,
  startedAt: workflowRuns.startedAt,
  completedAt: workflowRuns.completedAt,
  durationMs: workflowRuns.durationMs,
  createdAt: workflowRuns.createdAt,
  updatedAt: workflowRuns.updatedAt,
};

/** A run as the list, exports and bulk actions see it. */
export type RunListRow = Omit<FetchedRun, "cursorKeys">;

type FetchedRun = Awaited<ReturnType<typeof selectRuns<Record<never, SQL>>>>[number];

function selectRuns<E extends Record<string, SQL>>(q: Queryable, sort: RunSort, extra?: E) {
  return q
    .select({ ...runListColumns, cursorKeys: keyText(sort), ...(extra as E) })
    .from(workflowRuns)
    .leftJoin(workflows, eq(workflows.id, workflowRuns.workflowId))
    .leftJoin(jobDescriptions, eq(jobDescriptions.id, workflowRuns.jdId))
    .leftJoin(users, eq(users.id, workflowRuns.startedBy));
}

const UNBOUNDED = sql`null::timestamptz`;

function parseCursor(query: RunListQuery, sort: RunSort): RunCursor | null {
  const cursor = query.cursor ? decodeRunCursor(query.cursor) : null;
  if (query.cursor && cursor?.sort !== sort) throw new Error(`not a cursor of sort ${sort}`);
  return cursor;
}

/**
 * The two statements of a history page, unexecuted (tests EXPLAIN them as the application role):
 * the page (limit + 1 rows, the extra one only says there is a next page) and the capped count —
 * at most RUN_TOTAL_CAP + 1 matching rows are counted, so the cost of `total` never grows with the history.
 * `text`: how free text is resolved (TextScope).
 */
export function runListStatements(q: Queryable, query: RunListQuery, text?: TextScope) {
  const where = runWhere(query.orgId, query.filters, query.ownerId, text);
  const sort = query.sort ?? "-created_at";
  const page = pageOf(q, query, where, sort, {});
  const count = q.select({ n: sql<number>`count(*)::int` }).from(
    q
      .select({ one: sql`1`.as("one") })
      .from(workflowRuns)
      .where(where)
      .limit(RUN_TOTAL_CAP + 1)
      .as("capped"),
  );
  return { sort, page, count };
}

function pageOf<E extends Record<string, SQL>>(
  q: Queryable,
  query: RunListQuery,
  where: SQL,
  sort: RunSort,
  extra: E,
) {
  const cursor = parseCursor(query, sort);
  return selectRuns(q, sort, extra)
    .where(cursor ? and(where, afterKeyset(sort, cursor)) : where)
    .orderBy(...orderBy(sort))
    .limit(query.limit + 1)
    .offset(cursor ? 0 : (query.skip ?? 0));
}

/**
 * A text found in at most this many runs of the organization is answered exactly, from the list of their
 * ids: the page and `total` then cost a lookup by primary key per match, whatever the sort and filters.
 */
export const SEARCH_EXACT_CAP = 1_000;

/**
 * A text found in more runs is read newest first in spans of time ending at the cursor (or the newest run):
 * the last day, then the 7 days before, the 56 before those, the 448 before those, then the rest — each span
 * one lookup (migration 0019) that rechecks only its own candidates. The walk stops when the page is full.
 */
const SEARCH_SPAN_DAYS = [1, 8, 64, 512];
/** How many of the newest runs a text search reads first (newestWindow). */
const NEWEST_WINDOW = 1_000;

/**
 * Whether the word index can serve `text` (runledger_search.text_terms, migration 0020): it has a word between
 * two separators, or a last word of 3 characters or more after one. Only a choice of cost: a text misjudged
 * here is found all the same, through the other path.
 */
export function hasIndexedWords(text: string): boolean {
  const parts = text.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  if (parts.length < 2) return false;
  return parts.slice(1, -1).some((p) => p !== "") || [...parts.at(-1)!].length >= 3;
}
const DAY_MS = 86_400_000;

/**
 * One page of the run history plus how many runs match. Every sort pages by keyset cursor (`cursor` =
 * the previous page's nextCursor, made for the same sort), so deep pages cost the same as the first;
 * without a cursor the seed's `skip` is an OFFSET, which callers bound (RUN_MAX_SKIP). `total` is exact
 * up to RUN_TOTAL_CAP; beyond, it is the cap and `totalExact` is false.
 *
 * Free text `q` of a single word, newest first, is first looked for among the NEWEST_WINDOW newest runs
 * (newestWindow); when their matches fill the page, `total` is their number, a lower bound (`totalExact`
 * false). Text with words the word index serves skips that window: its lookup reads the tenant's newest weeks
 * first and stops at what it was asked for (migration 0020). Otherwise the search asks which runs hold the
 * text, up to SEARCH_EXACT_CAP of them: when that is all of them, the page and `total` come from those ids
 * and are exact, in any sort. A text found in more runs is paged newest first: from the lookup's settled
 * matches (its newest, newestSettled) while they fill the page, then by spans of time (SEARCH_SPAN_DAYS;
 * other sorts keep the whole-history lookup): then `total` is the number of matching runs among those read
 * from this page on, a lower bound unless the walk read the whole history from its top.
 */
export async function listRuns(q: Queryable, query: RunListQuery) {
  const text = freeText(query.filters);
  if (text) {
    const newestFirst = (query.sort ?? "-created_at") === "-created_at";
    const fromNewest = newestFirst && !hasIndexedWords(text) ? await newestWindow(q, query) : null;
    if (fromNewest) return fromNewest;
    const top = await matchingRunTop(q, text, SEARCH_EXACT_CAP + 1);
    if (top.length <= SEARCH_EXACT_CAP) return pageAndCount(q, query, { ids: top.map((r) => r.id) });
    if (newestFirst) return (await newestSettled(q, query, top)) ?? newestMatches(q, query);
  }
  return pageAndCount(q, query);
}

async function pageAndCount(q: Queryable, query: RunListQuery, text?: TextScope) {
  if (text && "ids" in text && !query.cursor) {
    // a rare text's matches: counted beside the page, in its statement (no cursor: the page's rows are the
    // matches from the first on, OFFSET aside); a skip past the last match returns no row to carry the count
    const sort = query.sort ?? "-created_at";
    const where = runWhere(query.orgId, query.filters, query.ownerId, text);
    // prepared: its text is one per sort and set of filters, and its plan starts from the ids whatever they are
    const found = await prepared(
      pageOf(q, query, where, sort, { matching: sql<number>`(count(*) over ())::int` }),
    );
    if (found.length) {
      const n = found[0]!.matching;
      const rows = found.map(({ matching: _, ...row }) => row);
      return toRunPage(rows, query.limit, sort, Math.min(n, RUN_TOTAL_CAP), n <= RUN_TOTAL_CAP);
    }
  }
  const { sort, page, count } = runListStatements(q, query, text);
  const counted = rollupCounted(query);
  // both statements sent at once: postgres.js pipelines a transaction's statements (PGlite queues them)
  if (counted) {
    const [fetched, total] = await Promise.all([page, runCountFromRollups(q, query.orgId, counted)]);
    return toRunPage(fetched, query.limit, sort, total, true);
  }
  const [fetched, [{ n } = { n: 0 }]] = await Promise.all([page, count]);
  return toRunPage(fetched, query.limit, sort, Math.min(n, RUN_TOTAL_CAP), n <= RUN_TOTAL_CAP);
}

const OPEN_STATUSES: RunStatus[] = ["pending", "active", "waiting"];

/**
 * The filters of a list the run rollups can count exactly (runCountFromRollups): channel, workflow and
 * status, where the open statuses (one rollup class) are asked for all together or not at all; null when
 * any other filter is set (owner, dates, text, context, job, ids), and `total` is the capped count.
 */
function rollupCounted(query: RunListQuery): Parameters<typeof runCountFromRollups>[2] | null {
  const { status, channel, workflowId, ...others } = query.filters;
  if (query.ownerId || Object.values(others).some((v) => v !== undefined)) return null;
  let classes: string[] | undefined;
  if (status?.length) {
    const open = OPEN_STATUSES.filter((s) => status.includes(s));
    if (open.length !== 0 && open.length !== OPEN_STATUSES.length) return null;
    classes = [...status.filter((s) => !OPEN_STATUSES.includes(s)), ...(open.length ? ["open"] : [])];
  }
  return { channels: channel?.length ? channel : undefined, workflowId, classes };
}

function toRunPage(fetched: FetchedRun[], limit: number, sort: RunSort, total: number, totalExact: boolean) {
  const rows = fetched.slice(0, limit);
  const last = fetched.length > limit ? rows.at(-1) : undefined;
  return {
    rows: rows.map(({ cursorKeys: _, ...row }) => row),
    total,
    totalExact,
    nextCursor: last ? encodeRunCursor({ sort, keys: last.cursorKeys, id: last.id }) : null,
  };
}

type TopMatch = { id: string; at: string; settled: boolean };

/**
 * At most `cap` of the tenant's runs whose text holds `text`, each with its created_at (as cursor text) and
 * whether it is settled: every match created at or after it is among them (migration 0022); newest first, as
 * the keyset of the newest-first sort orders them (created_at, then id, both descending).
 */
async function matchingRunTop(q: Queryable, text: string, cap: number): Promise<TopMatch[]> {
  // one row of text rather than up to `cap` rows: the ORM's mapping of 1,001 rows cost the Node process more
  // than PostgreSQL spent on the lookup (bench:scale at 1M runs, "rate limit"); prepared, one text for every
  // search, so neither a describe round trip nor a plan per call
  const [found] = await preparedRows<{ m: string | null }>(
    q,
    sql`select string_agg(m.run_id::text || ' ' || to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                          || case when m.settled then ' s' else '' end, ',' order by m.created_at desc, m.run_id desc) as m
        from runledger_search.runs_matching_text_top(${text}, ${cap}::integer) as m`,
  );
  if (!found?.m) return [];
  return found.m.split(",").map((match) => {
    const [id, at, settled] = match.split(" ");
    return { id: id!, at: at!, settled: settled === "s" };
  });
}

/**
 * The newest-first page of a text found in more than SEARCH_EXACT_CAP runs, from the exact lookup's settled
 * matches: they are the text's newest, so when enough of them follow the cursor the page is theirs, read
 * by primary key, and the walk over spans of time is not needed. `total` is a lower bound: the settled
 * matches after the cursor (with no other filter, each of them is a match), else the matching runs among
 * those read. Null when they do not fill the page (filters, a deep cursor, a large skip): the spans answer
 * then.
 */
async function newestSettled(q: Queryable, query: RunListQuery, top: TopMatch[]) {
  const cursor = parseCursor(query, "-created_at");
  const skip = cursor ? 0 : (query.skip ?? 0);
  const want = skip + query.limit + 1;
  const at = cursor?.keys[0];
  const id = cursor?.id.toLowerCase();
  // the cursor's condition again, in SQL, on the page itself: this only picks the candidates
  const settled = top.filter((r) => r.settled && (!at || !id || r.at < at || (r.at === at && r.id < id)));
  if (settled.length < want) return null;
  const found = await prepared(
    spanStatement(q, query, { ids: settled.slice(0, want).map((r) => r.id) }, want),
  );
  if (found.length < want) return null;
  const { q: _, ...others } = query.filters;
  const onlyText = !query.ownerId && Object.values(others).every((v) => v === undefined);
  const total = onlyText ? settled.length : found[0]!.inSpan;
  const rows = found.slice(skip).map(({ inSpan: _, ...row }) => row);
  return toRunPage(rows, query.limit, "-created_at", Math.min(total, RUN_TOTAL_CAP), false);
}

/**
 * The statement that reads one span of a newest-first text search (or a set of its matches): the span's page
 * (at most `want` rows, after the cursor) with the number of the span's matching runs beside each row.
 * Exported for EXPLAIN.
 */
export function spanStatement(q: Queryable, query: RunListQuery, span: TextScope, want: number) {
  const where = runWhere(query.orgId, query.filters, query.ownerId, span);
  const cursor = parseCursor(query, "-created_at");
  return selectRuns(q, "-created_at", { inSpan: sql<number>`(count(*) over ())::int` })
    .where(cursor ? and(where, afterKeyset("-created_at", cursor)) : where)
    .orderBy(...orderBy("-created_at"))
    .limit(want);
}

/**
 * A single-word search's first try at a newest-first page (text with indexed words goes straight to its
 * word lookup): its matches among the NEWEST_WINDOW newest runs (from the cursor on), a read of fixed cost
 * that fills the page of a common word (one run in twenty or more) without reading the trigram index. Null when they do not fill the page: the exact lookup or the spans
 * answer then, from the top.
 */
async function newestWindow(q: Queryable, query: RunListQuery) {
  const cursor = parseCursor(query, "-created_at");
  const skip = cursor ? 0 : (query.skip ?? 0);
  const want = skip + query.limit + 1;
  if (want > NEWEST_WINDOW) return null;
  const before = cursor ? sql`${cursor.keys[0]}::text::timestamptz + interval '1 microsecond'` : null;
  const found = await prepared(spanStatement(q, query, { newest: NEWEST_WINDOW, before }, want));
  if (found.length < want) return null;
  const rows = found.slice(skip).map(({ inSpan: _, ...row }) => row);
  // a lower bound: the matches among those runs
  return toRunPage(rows, query.limit, "-created_at", Math.min(found[0]!.inSpan, RUN_TOTAL_CAP), false);
}

async function newestMatches(q: Queryable, query: RunListQuery) {
  const cursor = parseCursor(query, "-created_at");
  const skip = cursor ? 0 : (query.skip ?? 0);
  // the top of the walk: the cursor's instant, else the newest run the filters allow
  let top = cursor?.keys[0];
  if (!top) {
    const [newest] = await q
      .select({
        at: sql<
          string | null
        >`to_char(max(${workflowRuns.createdAt}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(workflowRuns)
      .where(
        and(
          eq(workflowRuns.orgId, query.orgId),
          query.filters.to ? lte(workflowRuns.createdAt, query.filters.to) : undefined,
        ),
      );
    if (!newest?.at) return toRunPage([], query.limit, "-created_at", 0, true);
    top = newest.at;
  }
  const topAt = sql`${top}::text::timestamptz`;
  const fetched: FetchedRun[] = [];
  let counted = 0;
  let whole = false;
  let before: SQL | null = cursor ? sql`${topAt} + interval '1 microsecond'` : null;
  for (const days of [...SEARCH_SPAN_DAYS, null]) {
    const since = days === null ? null : sql`${topAt} - ${days}::integer * interval '1 day'`;
    const found = await prepared(
      spanStatement(q, query, { since, before }, skip + query.limit + 1 - fetched.length),
    );
    counted += found[0]?.inSpan ?? 0;
    fetched.push(...found.map(({ inSpan: _, ...row }) => row));
    // the whole history the filters allow has been read
    const from = query.filters.from?.getTime();
    whole = days === null || (from !== undefined && Date.parse(top) - days * DAY_MS <= from);
    if (whole || fetched.length > skip + query.limit) break;
    before = since;
  }
  const exact = whole && !cursor && counted <= RUN_TOTAL_CAP;
  return toRunPage(fetched.slice(skip), query.limit, "-created_at", Math.min(counted, RUN_TOTAL_CAP), exact);
}

/** Finds a run by public id (`WF-…`) or uuid inside the tenant; null when absent or foreign. */
export async function findRun(
  q: Queryable,
  orgId: string,
  idOrPublicId: string,
): Promise<WorkflowRun | null> {
  const byId = isUuid(idOrPublicId)
    ? eq(workflowRuns.id, idOrPublicId)
    : eq(workflowRuns.publicId, idOrPublicId);
  const [run] = await q
    .select()
    .from(workflowRuns)
    .where(and(eq(workflowRuns.orgId, orgId), byId));
  return run ?? null;
}

/** Everything the run page and the seed-001 document show. */
/**
 * A run with its steps, approvals, match results and names. `created`: a run this transaction has just
 * started (startRunWithSteps' answer), so its row is not read again (nor its steps, when they come with
 * it), and it has no approvals or match results yet (nothing has run), so those are not queried.
 */
export async function getRunDetail(q: Queryable, orgId: string, idOrPublicId: string, created?: CreatedRun) {
  const run = created?.run ?? (await findRun(q, orgId, idOrPublicId));
  if (!run) return null;
  // sent together: postgres.js pipelines a transaction's concurrent statements (one round trip), PGlite
  // runs them one after another; a run just created comes with its steps as inserted when nothing has
  // changed them since (startRunWithSteps), and they are not read again
  const stepsQuery = created?.steps
    ? [...created.steps].sort((a, b) => a.stepNumber - b.stepNumber)
    : prepared(
        q
          .select()
          .from(workflowRunSteps)
          .where(eq(workflowRunSteps.runId, run.id))
          .orderBy(asc(workflowRunSteps.stepNumber)),
      );
  const approvalsQuery = created
    ? []
    : q
        .select(approvalColumns)
        .from(stepApprovals)
        .leftJoin(users, eq(users.id, stepApprovals.userId))
        .where(eq(stepApprovals.runId, run.id))
        .orderBy(asc(stepApprovals.createdAt));
  const matchesQuery = created
    ? []
    : q
        .select({
          resumeId: matchResults.resumeId,
          candidateName: resumes.candidateName,
          fileName: resumes.fileName,
          score: matchResults.score,
          band: matchResults.band,
          matchedSkills: matchResults.matchedSkills,
          missingSkills: matchResults.missingSkills,
          explanation: matchResults.explanation,
          rationale: matchResults.rationale,
        })
        .from(matchResults)
        .leftJoin(resumes, eq(resumes.id, matchResults.resumeId))
        .where(eq(matchResults.runId, run.id))
        .orderBy(desc(matchResults.score));
  const metaQuery = prepared(
    q
      .select({
        jdPublicId: jobDescriptions.publicId,
        workflowName: workflows.name,
        startedByName: users.name,
        startedByEmail: users.email,
        rerunOfPublicId: original.publicId,
      })
      .from(workflowRuns)
      .leftJoin(jobDescriptions, eq(jobDescriptions.id, workflowRuns.jdId))
      .leftJoin(workflows, eq(workflows.id, workflowRuns.workflowId))
      .leftJoin(users, eq(users.id, workflowRuns.startedBy))
      .leftJoin(original, eq(original.id, workflowRuns.rerunOf))
      .where(eq(workflowRuns.id, run.id)),
  );
  // the runs that rerun this one (workflow_runs_rerun_of_idx), oldest first
  const rerunsQuery = created
    ? []
    : q
        .select({ publicId: workflowRuns.publicId })
        .from(workflowRuns)
        .where(and(eq(workflowRuns.orgId, orgId), eq(workflowRuns.rerunOf, run.id)))
        .orderBy(asc(workflowRuns.createdAt), asc(workflowRuns.id))
        .limit(RERUNS_SHOWN);
  const [steps, approvals, matches, meta, reruns] = await Promise.all([
    stepsQuery,
    approvalsQuery,
    matchesQuery,
    metaQuery,
    rerunsQuery,
  ]);
  return {
    run,
    steps,
    approvals,
    matches,
    reruns: reruns.map((r) => r.publicId),
    ...(meta[0] ?? {
      jdPublicId: null,
      workflowName: null,
      startedByName: null,
      startedByEmail: null,
      rerunOfPublicId: null,
    }),
  };
}

/** A run this transaction just created, with its steps when they are the rows as they stand. */
export type CreatedRun = { run: WorkflowRun; steps?: WorkflowRunStep[] | null };

/** The run a rerun was made from, joined beside the rerun itself. */
const original = alias(workflowRuns, "original");

/** A run's document lists at most this many of its reruns (the first ones). */
export const RERUNS_SHOWN = 100;

export type RunDetail = NonNullable<Awaited<ReturnType<typeof getRunDetail>>>;

/** An approval decision with the approver's name, as the run document and the step show it. */
const approvalColumns = {
  stepId: stepApprovals.stepId,
  userId: stepApprovals.userId,
  userName: users.name,
  decision: stepApprovals.decision,
  comment: stepApprovals.comment,
  createdAt: stepApprovals.createdAt,
};

/** One step of a run by its number; null when the run has no such step. */
export async function findStepByNumber(q: Queryable, runId: string, stepNumber: number) {
  const [step] = await q
    .select()
    .from(workflowRunSteps)
    .where(and(eq(workflowRunSteps.runId, runId), eq(workflowRunSteps.stepNumber, stepNumber)));
  return step ?? null;
}

/** The decisions recorded on one step, oldest first, with the approver's name. */
export function approvalsOfStep(q: Queryable, stepId: string) {
  return q
    .select(approvalColumns)
    .from(stepApprovals)
    .leftJoin(users, eq(users.id, stepApprovals.userId))
    .where(eq(stepApprovals.stepId, stepId))
    .orderBy(asc(stepApprovals.createdAt));
}

/** Whether the user is a listed approver of any step of the run (approvers may see what they decide on). */
export async function isApproverOfRun(q: Queryable, runId: string, userId: string): Promise<boolean> {
  const [hit] = await q
    .select({ id: workflowRunSteps.id })
    .from(workflowRunSteps)
    .where(
      and(
        eq(workflowRunSteps.runId, runId),
        sql`${workflowRunSteps.approvers} @> ${JSON.stringify([userId])}::jsonb`,
      ),
    )
    .limit(1);
  return Boolean(hit);
}

/**
 * The runs a bulk action applies to: the run list's WHERE clause, newest
 * first, at most `limit` of them, plus how many matched in all.
 */
export async function matchingRunRefs(
  q: Queryable,
  query: { orgId: string; ownerId?: string; filters: RunFilters; limit: number },
) {
  const where = runWhere(query.orgId, query.filters, query.ownerId);
  const refs = await q
    .select({ id: workflowRuns.id, publicId: workflowRuns.publicId })
    .from(workflowRuns)
    .where(where)
    .orderBy(desc(workflowRuns.createdAt), desc(workflowRuns.id))
    .limit(query.limit);
  const [{ total } = { total: 0 }] = await q
    .select({ total: sql<number>`count(*)::int` })
    .from(workflowRuns)
    .where(where);
  return { refs, total };
}

/** Approved decisions so far per step (the N of "N of M"). */
export async function approvedCounts(q: Queryable, stepIds: string[]): Promise<Map<string, number>> {
  if (!stepIds.length) return new Map();
  const counted = await q
    .select({ stepId: stepApprovals.stepId, n: sql<number>`count(*)::int` })
    .from(stepApprovals)
    .where(and(inArray(stepApprovals.stepId, stepIds), eq(stepApprovals.decision, "approved")))
    .groupBy(stepApprovals.stepId);
  return new Map(counted.map((c) => [c.stepId, c.n]));
}

/** Run ids, titles and owners for a set of runs (the approvals inbox). */
export function runHeads(q: Queryable, runIds: string[]) {
  if (!runIds.length) return Promise.resolve([]);
  return q
    .select({
      id: workflowRuns.id,
      publicId: workflowRuns.publicId,
      title: workflowRuns.title,
      status: workflowRuns.status,
      jdTitle: workflowRuns.jdTitle,
      startedBy: workflowRuns.startedBy,
      startedByName: users.name,
      createdAt: workflowRuns.createdAt,
    })
    .from(workflowRuns)
    .leftJoin(users, eq(users.id, workflowRuns.startedBy))
    .where(inArray(workflowRuns.id, runIds));
}

/**
 * One screenshot entry of a step, read alone (uploaded images make the whole array large): null when
 * the run has no such step; `shot` null when the step has no entry at that index.
 */
export async function screenshotAt(q: Queryable, runId: string, stepNumber: number, index: number) {
  const [row] = await q
    .select({ shot: sql<Screenshot | null>`${workflowRunSteps.screenshots} -> ${index}::int` })
    .from(workflowRunSteps)
    .where(and(eq(workflowRunSteps.runId, runId), eq(workflowRunSteps.stepNumber, stepNumber)));
  return row ? { shot: row.shot } : null;
}
