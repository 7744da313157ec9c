// The run history's view (filters, sort, page) ⇄ the page URL ⇄ the API query.
// Pure and dependency-free so the server page and the client build the same query key.
import { type Channel, channels, type RunStatus, runStatuses } from "@/db/schema/enums";
import { JD_PUBLIC_ID } from "@/lib/public-id";

export const runSorts = [
  "-created_at",
  "created_at",
  "duration_ms",
  "-duration_ms",
  "status",
  "-status",
  "title",
  "-title",
] as const;
export type RunSort = (typeof runSorts)[number];
export const DEFAULT_SORT: RunSort = "-created_at";
export const PAGE_SIZE = 25;

export type RunScope = "mine" | "org";

export type RunView = {
  /** Absent: the role's default (the organization for roles that read it, else the caller's own). */
  scope?: RunScope;
  status: RunStatus[];
  channel: Channel[];
  workflow?: string;
  jd_id?: string;
  started_by?: string;
  /** ISO instants (a local day's start / end, chosen in a date input). */
  from?: string;
  to?: string;
  q?: string;
  sort: RunSort;
  /** Keyset position (newest-first order). */
  cursor?: string;
  /** Offset position (other orders, which the API pages by offset). */
  skip?: number;
};

export type SearchParamsLike =
  | URLSearchParams
  | Record<string, string | string[] | undefined>
  | { get(name: string): string | null; getAll(name: string): string[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export const emptyView = (): RunView => ({ status: [], channel: [], sort: DEFAULT_SORT });

function all(params: SearchParamsLike, key: string): string[] {
  if ("getAll" in params && typeof params.getAll === "function") return params.getAll(key);
  const v = (params as Record<string, string | string[] | undefined>)[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function one(params: SearchParamsLike, key: string): string | undefined {
  const v = all(params, key)[0]?.trim();
  return v ? v : undefined;
}

function listOf<T extends string>(params: SearchParamsLike, key: string, vocabulary: readonly T[]): T[] {
  const wanted = new Set(
    all(params, key)
      .flatMap((v) => v.split(","))
      .map((v) => v.trim()),
  );
  // vocabulary order, deduplicated: the same filters always give the same URL and query key
  return vocabulary.filter((v) => wanted.has(v));
}

function validDate(v: string | undefined): string | undefined {
  if (!v || !ISO_DATE.test(v)) return undefined;
  return Number.isNaN(new Date(v).getTime()) ? undefined : v;
}

/** Reads a view from the page URL; anything malformed is dropped rather than sent to the API. */
export function parseRunView(params: SearchParamsLike): RunView {
  const view = emptyView();
  const scope = one(params, "scope");
  if (scope === "mine" || scope === "org") view.scope = scope;
  view.status = listOf(params, "status", runStatuses);
  view.channel = listOf(params, "channel", channels);
  const workflow = one(params, "workflow");
  if (workflow && UUID.test(workflow)) view.workflow = workflow.toLowerCase();
  const jd = one(params, "jd_id");
  if (jd && (JD_PUBLIC_ID.test(jd) || UUID.test(jd))) view.jd_id = jd;
  const startedBy = one(params, "started_by");
  if (startedBy && UUID.test(startedBy)) view.started_by = startedBy.toLowerCase();
  view.from = validDate(one(params, "from"));
  view.to = validDate(one(params, "to"));
  const q = one(params, "q");
  if (q) view.q = q.slice(0, 200);
  const sort = one(params, "sort");
  if (sort && (runSorts as readonly string[]).includes(sort)) view.sort = sort as RunSort;
  const cursor = one(params, "cursor");
  if (cursor && cursor.length <= 200 && /^[A-Za-z0-9_-]+$/.test(cursor)) view.cursor = cursor;
  const skip = Number(one(params, "skip"));
  if (Number.isInteger(skip) && skip > 0 && skip <= 1_000_000) view.skip = skip;
  // a keyset cursor only means something in the newest-first order; offsets only in the others
  if (view.sort !== DEFAULT_SORT) delete view.cursor;
  else delete view.skip;
  for (const k of Object.keys(view) as (keyof RunView)[]) if (view[k] === undefined) delete view[k];
  return view;
}

/** The filter part of a view in canonical order (what saved views store and exports carry). */
export function filterEntries(view: RunView, opts: { includeScope?: boolean } = {}): [string, string][] {
  const out: [string, string][] = [];
  if (opts.includeScope !== false && view.scope) out.push(["scope", view.scope]);
  if (view.status.length) out.push(["status", view.status.join(",")]);
  if (view.channel.length) out.push(["channel", view.channel.join(",")]);
  if (view.workflow) out.push(["workflow", view.workflow]);
  if (view.jd_id) out.push(["jd_id", view.jd_id]);
  if (view.started_by) out.push(["started_by", view.started_by]);
  if (view.from) out.push(["from", view.from]);
  if (view.to) out.push(["to", view.to]);
  if (view.q) out.push(["q", view.q]);
  return out;
}

/** The page URL's query string: filters, then sort and position when not the defaults. */
export function runViewToSearch(view: RunView): string {
  const p = new URLSearchParams(filterEntries(view));
  if (view.sort !== DEFAULT_SORT) p.set("sort", view.sort);
  if (view.cursor) p.set("cursor", view.cursor);
  if (view.skip) p.set("skip", String(view.skip));
  return p.toString();
}

/** The saved-view form of a view: filters and sort, never a page position. */
export function runViewToParams(view: RunView): Record<string, string> {
  const out = Object.fromEntries(filterEntries(view));
  if (view.sort !== DEFAULT_SORT) out.sort = view.sort;
  return out;
}

/** The API query (GET /api/workflow/executions): scope always explicit, page size fixed. */
export function runViewToApiSearch(view: RunView, opts: { defaultScope: RunScope; limit?: number }): string {
  const p = new URLSearchParams([["scope", view.scope ?? opts.defaultScope]]);
  for (const [k, v] of filterEntries(view, { includeScope: false })) p.set(k, v);
  p.set("sort", view.sort);
  p.set("limit", String(opts.limit ?? PAGE_SIZE));
  if (view.cursor) p.set("cursor", view.cursor);
  if (view.skip) p.set("skip", String(view.skip));
  return p.toString();
}

/** Export download URL with the same filters (no paging or sort: exports stream every match, newest first). */
export function runExportHref(view: RunView, format: "csv" | "ndjson", defaultScope: RunScope): string {
  const p = new URLSearchParams([
    ["format", format],
    ["scope", view.scope ?? defaultScope],
  ]);
  for (const [k, v] of filterEntries(view, { includeScope: false })) p.set(k, v);
  return `/api/workflow/executions/export?${p.toString()}`;
}

/** A changed view goes back to the first page: positions belong to the old filters. */
export function changeView(view: RunView, patch: Partial<RunView>): RunView {
  const next: RunView = { ...view, ...patch };
  if (!("cursor" in patch)) delete next.cursor;
  if (!("skip" in patch)) delete next.skip;
  for (const k of Object.keys(next) as (keyof RunView)[]) if (next[k] === undefined) delete next[k];
  return next;
}

/** How many filters narrow the list (for the "Clear filters" affordance). */
export function activeFilterCount(view: RunView): number {
  return filterEntries(view, { includeScope: false }).length;
}

/** Next column order when a header is clicked: same column flips, a new one starts descending. */
export function toggleSort(
  current: RunSort,
  column: "created_at" | "duration_ms" | "status" | "title",
): RunSort {
  if (current === `-${column}`) return column as RunSort;
  if (current === column) return `-${column}` as RunSort;
  return (column === "title" || column === "status" ? column : `-${column}`) as RunSort;
}
