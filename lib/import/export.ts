import "server-only";
import { and, eq, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { type RunFilters, type RunListRow, runListColumns, runWhere } from "@/db/queries/runs";
import { jobDescriptions, users, workflowRuns, workflows } from "@/db/schema";
import { presentRunSummary } from "@/lib/api/presenters";

/** Rows per page: one short tenant transaction each, so an export never holds a snapshot open. */
export const EXPORT_BATCH = 500;

export type ExportFormat = "csv" | "ndjson";

/**
 * Keyset position: created_at as text with microseconds (a JS Date keeps milliseconds only, and
 * runs created in one transaction share created_at to the microsecond) and the id.
 */
type Position = { at: string; id: string };

const atText = sql<string>`to_char(${workflowRuns.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type ExportRow = RunListRow & { position: string };

/**
 * One page of the run list, newest first, strictly after `after`, in two steps: the page's ids by
 * keyset on the (org_id, created_at, id) index alone, then their rows with the joined names. The
 * first step tells the planner not to sort or bitmap-scan: without fresh statistics (PGlite never
 * auto-analyzes; a bulk import outruns autovacuum) it would otherwise sort the whole organization
 * for every page instead of walking the index.
 */
export async function exportPage(
  tx: Tx,
  where: SQL,
  after: Position | null,
  limit = EXPORT_BATCH,
): Promise<ExportRow[]> {
  const keyset = after
    ? and(
        // the first conjunct bounds the index scan; the second breaks ties on id
        lte(workflowRuns.createdAt, sql`${after.at}::timestamptz`),
        or(lt(workflowRuns.createdAt, sql`${after.at}::timestamptz`), lt(workflowRuns.id, after.id)),
      )
    : undefined;
  await tx.execute(
    sql`select set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`,
  );
  const page = await tx
    .select({ id: workflowRuns.id, position: atText })
    .from(workflowRuns)
    .where(keyset ? and(where, keyset) : where)
    // NULLS LAST as in the index (org_id, created_at DESC NULLS LAST, id DESC NULLS LAST): with the
    // default NULLS FIRST of DESC the index cannot deliver the order
    .orderBy(sql`${workflowRuns.createdAt} desc nulls last`, sql`${workflowRuns.id} desc nulls last`)
    .limit(limit);
  await tx.execute(
    sql`select set_config('enable_sort', 'on', true), set_config('enable_bitmapscan', 'on', true)`,
  );
  if (!page.length) return [];
  const rows = await tx
    .select(runListColumns)
    .from(workflowRuns)
    .leftJoin(workflows, eq(workflows.id, workflowRuns.workflowId))
    .leftJoin(jobDescriptions, eq(jobDescriptions.id, workflowRuns.jdId))
    .leftJoin(users, eq(users.id, workflowRuns.startedBy))
    // one array parameter, not 500 (binding that many parameters costs more than the query)
    .where(sql`${workflowRuns.id} = any(${`{${page.map((p) => p.id).join(",")}}`}::uuid[])`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return page.flatMap((p) => {
    const row = byId.get(p.id);
    return row ? [{ ...row, position: p.position }] : [];
  });
}

// ── CSV ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled. Text that a
 * spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading apostrophe.
 */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csvNumber = (n: number | null | undefined) =>
  n === null || n === undefined || !Number.isFinite(n) ? "" : String(n);
const csvDate = (d: Date | null | undefined) => (d ? d.toISOString() : "");
const csvJson = (v: unknown) => (v === null || v === undefined ? "" : csvText(JSON.stringify(v)));

export const CSV_COLUMNS: readonly [string, (r: RunListRow) => string][] = [
  ["workflow_id", (r) => csvText(r.publicId)],
  ["title", (r) => csvText(r.title)],
  ["status", (r) => csvText(r.status)],
  ["channel", (r) => csvText(r.channel)],
  ["source", (r) => csvText(r.source)],
  ["external_id", (r) => csvText(r.externalId)],
  ["workflow_name", (r) => csvText(r.workflowName)],
  ["workflow_version", (r) => csvNumber(r.workflowVersion)],
  ["jd_id", (r) => csvText(r.jdPublicId)],
  ["jd_title", (r) => csvText(r.jdTitle)],
  ["started_by", (r) => csvText(r.startedBy)],
  ["started_by_name", (r) => csvText(r.startedByName)],
  ["started_by_email", (r) => csvText(r.startedByEmail)],
  ["total_resumes", (r) => csvNumber(r.totalResumes)],
  ["processed_resumes", (r) => csvNumber(r.processedResumes)],
  ["completed_steps", (r) => csvNumber(r.progress.completed_steps)],
  ["total_steps", (r) => csvNumber(r.progress.total_steps)],
  ["progress_percentage", (r) => csvNumber(r.progress.percentage)],
  ["tier", (r) => csvNumber(r.tier)],
  ["llm_model", (r) => csvText(r.llmModel)],
  ["llm_tokens_used", (r) => csvNumber(r.llmTokensUsed)],
  ["error", (r) => csvText(r.errorMessage)],
  ["started_at", (r) => csvDate(r.startedAt)],
  ["completed_at", (r) => csvDate(r.completedAt)],
  ["duration_ms", (r) => csvNumber(r.durationMs)],
  ["created_at", (r) => csvDate(r.createdAt)],
  ["updated_at", (r) => csvDate(r.updatedAt)],
  ["metrics", (r) => csvJson(r.metrics)],
  ["results", (r) => csvJson(r.results)],
  ["context", (r) => csvJson(r.context)],
];

export const csvHeader = () => `${CSV_COLUMNS.map(([name]) => name).join(",")}\r\n`;
export const csvRow = (r: RunListRow) => `${CSV_COLUMNS.map(([, cell]) => cell(r)).join(",")}\r\n`;
export const ndjsonRow = (r: RunListRow) => `${JSON.stringify(presentRunSummary(r))}\n`;

/**
 * The export as a byte stream in constant memory: each pull reads the next page by keyset inside
 * its own short tenant transaction and enqueues it as one chunk, so at most one page is in memory
 * and a slow client slows the reads (backpressure) instead of buffering the table.
 */
export function exportStream(options: {
  tenant: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  orgId: string;
  filters: RunFilters;
  ownerId?: string;
  format: ExportFormat;
  batch?: number;
  onError?: (error: unknown) => void;
}): ReadableStream<Uint8Array> {
  const where = runWhere(options.orgId, options.filters, options.ownerId);
  const encoder = new TextEncoder();
  const row = options.format === "csv" ? csvRow : ndjsonRow;
  let after: Position | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          let out = "";
          if (!started) {
            started = true;
            if (options.format === "csv") out += csvHeader();
          }
          const page = await options.tenant((tx) => exportPage(tx, where, after, options.batch));
          for (const r of page) out += row(r);
          const last = page.at(-1);
          if (last) after = { at: last.position, id: last.id };
          if (out) controller.enqueue(encoder.encode(out));
          if (page.length < (options.batch ?? EXPORT_BATCH)) controller.close();
        } catch (error) {
          options.onError?.(error);
          controller.error(error);
        }
      },
    },
    { highWaterMark: 1 },
  );
}

/** e.g. runs-2025-11-12T10-00-00Z.csv */
export function exportFileName(format: ExportFormat, now = new Date()): string {
  return `runs-${now
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replaceAll(":", "-")}.${format}`;
}
