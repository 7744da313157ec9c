// Parsing and mapping of the two legacy workflow-history formats (seed 001) into runs and steps:
//
//   (a) the browser's localStorage `workflowHistory` array ({id, timestamp, jdId, jdTitle,
//       totalCandidates, completionStatus, agents, metrics, progress}), bare or as {workflowHistory: […]};
//   (b) MongoDB `workflow_executions` documents as Extended JSON ({"$oid"}, {"$date"}, {"$numberInt"} …),
//       either a JSON array or NDJSON (mongoexport's default), shell wrappers such as ObjectId("…") and
//       ISODate("…") included.
//
// Pure: no database, no clock except the `now` the caller passes. lib/import/write.ts writes the result.
import { z } from "zod";
import type { RunStatus, StepStatus, StepType } from "@/db/schema/enums";
import { agents } from "@/lib/steps/registry";

/** Seed 000's fallbacks for step fields the legacy record does not carry. */
export const STEP_FALLBACKS = { stepName: "Unknown Step", stepType: "unknown", orderNumber: 0 } as const;

export const MAX_IMPORT_ITEMS = 50_000;
const MAX_AGENTS = 100;

/**
 * The seed-001 agents: the step type that runs each and the name and order of its node in the
 * built-in AI Resume Matching workflow (from the step-type registry), so an agent the record
 * identifies gets its real step fields; only unidentifiable agents fall back to STEP_FALLBACKS.
 */
export const legacyAgents: Readonly<
  Record<string, { stepType: StepType; stepName: string; orderNumber: number }>
> = Object.fromEntries(
  agents.map((a) => [a.id, { stepType: a.stepType, stepName: a.name, orderNumber: a.order }]),
);

export type LegacyFormat = "local_storage" | "mongo";

export type ImportStep = {
  stepNumber: number;
  orderNumber: number;
  stepName: string;
  stepType: StepType;
  stepDescription: string | null;
  status: StepStatus;
  startedAt: Date | null;
  completedAt: Date | null;
  durationMs: number | null;
  processedItems: number;
  totalItems: number;
  errorMessage: string | null;
  metadata: Record<string, unknown>;
};

export type ImportRun = {
  /** Position of the item in the file (0-based). */
  index: number;
  format: LegacyFormat;
  /** localStorage id, or the Mongo _id (workflow_id when there is no _id): the dedupe key. */
  legacyId: string;
  /** The legacy system's own run id (Mongo workflow_id / localStorage id), kept as external_id. */
  externalId: string;
  /** JD public id (`JD-…`) as the legacy record named it; matched inside the organization on write. */
  jdRef: string | null;
  jdTitle: string | null;
  status: Extract<RunStatus, "completed" | "failed" | "cancelled" | "timeout">;
  /** A user the record names (uuid or e-mail); the importer when it names nobody of the organization. */
  startedByRef: string | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date;
  durationMs: number | null;
  totalResumes: number;
  processedResumes: number;
  progress: { completed_steps: number; total_steps: number; percentage: number };
  metrics: Record<string, unknown>;
  results: Record<string, unknown> | null;
  errorMessage: string | null;
  errorDetails: Record<string, unknown> | null;
  context: Record<string, unknown>;
  steps: ImportStep[];
  /** Fields the record did not carry and that got a fallback, e.g. "created_at", "steps.1.step_name". */
  defaulted: string[];
};

export type ImportIssue = {
  /** Item position (0-based) in the array or NDJSON stream; null for problems with the file as a whole. */
  index: number | null;
  /** NDJSON line number (1-based) of the item. */
  line?: number;
  legacy_id?: string;
  path: string;
  message: string;
};

export type ParsedImport =
  | { ok: true; format: LegacyFormat | "mixed"; runs: ImportRun[] }
  | { ok: false; issues: ImportIssue[] };

// ── Extended JSON ─────────────────────────────────────────────────────────────────────────────────

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function numberOf(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

function dateOf(v: unknown): string | null {
  if (isPlainObject(v) && "$numberLong" in v) return dateOf(numberOf(v.$numberLong));
  if (typeof v !== "number" && typeof v !== "string") return null;
  const d = new Date(v);
  // years PostgreSQL and people can both read (the API's own date range): year 0 is neither
  const year = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || year < 1900 || year > 9999 ? null : d.toISOString();
}

/**
 * MongoDB Extended JSON (canonical and relaxed, v2, plus the v1 `$binary`/`$type` pair) to plain
 * JSON: ObjectIds and UUIDs become strings, dates ISO 8601 strings, numbers numbers. Wrappers that
 * cannot be decoded are left as they are, so validation reports them against the field.
 */
export function decodeExtendedJson(value: unknown): Json {
  if (Array.isArray(value)) return value.map(decodeExtendedJson);
  if (!isPlainObject(value)) {
    if (typeof value === "number") return Number.isFinite(value) ? value : null;
    if (typeof value === "string" || typeof value === "boolean" || value === null) return value;
    return null;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 || (keys.length === 2 && "$binary" in value && "$type" in value)) {
    const [key] = keys;
    const inner = value[key!];
    switch (key) {
      case "$oid":
        if (typeof inner === "string") return inner;
        break;
      case "$date": {
        const iso = dateOf(inner);
        if (iso) return iso;
        break;
      }
      case "$numberInt":
      case "$numberLong":
      case "$numberDecimal":
      case "$numberDouble": {
        if (typeof inner === "string" && /^-?(Infinity|NaN)$/.test(inner)) return null;
        const n = numberOf(inner);
        if (n !== null) return n;
        break;
      }
      case "$uuid":
      case "$symbol":
      case "$code":
        if (typeof inner === "string") return inner;
        break;
      case "$undefined":
      case "$minKey":
      case "$maxKey":
        return null;
      case "$timestamp":
        if (isPlainObject(inner) && typeof inner.t === "number")
          return new Date(inner.t * 1000).toISOString();
        break;
      case "$regularExpression":
        if (isPlainObject(inner) && typeof inner.pattern === "string")
          return `/${inner.pattern}/${typeof inner.options === "string" ? inner.options : ""}`;
        break;
      case "$binary": {
        if (typeof inner === "string") return inner; // v1: {"$binary": "<base64>", "$type": "00"}
        if (isPlainObject(inner) && typeof inner.base64 === "string") {
          if (inner.subType === "04") return uuidFromBase64(inner.base64) ?? inner.base64;
          return inner.base64;
        }
        break;
      }
    }
  }
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) out[k] = decodeExtendedJson(v);
  return out;
}

function uuidFromBase64(b64: string): string | null {
  const hex = Buffer.from(b64, "base64").toString("hex");
  if (hex.length !== 32) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const SHELL_WRAPPERS: Readonly<Record<string, string>> = {
  ObjectId: "$oid",
  ISODate: "$date",
  Date: "$date",
  NumberLong: "$numberLong",
  NumberInt: "$numberInt",
  NumberDecimal: "$numberDecimal",
  UUID: "$uuid",
};

/**
 * Turns mongo-shell output into JSON: wrappers outside strings — ObjectId("…"), ISODate("…"),
 * new Date("…"), NumberLong(5), NumberInt("5"), NumberDecimal("1.5"), UUID("…") — become Extended
 * JSON, unquoted keys are quoted, single-quoted strings double-quoted and trailing commas dropped,
 * so a document copied from the shell (as seed 001 prints them) parses.
 */
export function rewriteShellSyntax(source: string): string {
  const wrapper =
    /(?:new\s+)?(ObjectId|ISODate|Date|NumberLong|NumberInt|NumberDecimal|UUID)\s*\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?)?\s*\)/y;
  const ident = /[A-Za-z_$][\w$]*/y;
  let out = "";
  let i = 0;
  const n = source.length;
  const skipSpace = (from: number) => {
    let j = from;
    while (j < n && /\s/.test(source[j]!)) j++;
    return j;
  };
  const quoteSingle = (raw: string) => JSON.stringify(raw.slice(1, -1).replace(/\\'/g, "'"));
  while (i < n) {
    const ch = source[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < n && source[j] !== '"') j += source[j] === "\\" ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      while (j < n && source[j] !== "'") j += source[j] === "\\" ? 2 : 1;
      out += quoteSingle(source.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (ch === ",") {
      const next = skipSpace(i + 1);
      if (source[next] === "}" || source[next] === "]") {
        i = next;
        continue;
      }
    }
    if (/[A-Za-z_$]/.test(ch)) {
      wrapper.lastIndex = i;
      const m = wrapper.exec(source);
      if (m) {
        const key = SHELL_WRAPPERS[m[1]!]!;
        const raw = m[2];
        const arg =
          raw === undefined
            ? "null"
            : raw.startsWith("'")
              ? quoteSingle(raw)
              : raw.startsWith('"')
                ? raw
                : JSON.stringify(raw);
        out += `{"${key}":${arg}}`;
        i = wrapper.lastIndex;
        continue;
      }
      ident.lastIndex = i;
      const word = ident.exec(source)![0];
      const after = skipSpace(i + word.length);
      out += source[after] === ":" && !["true", "false", "null"].includes(word) ? JSON.stringify(word) : word;
      i += word.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

// ── the file ──────────────────────────────────────────────────────────────────────────────────────

type RawItem = { value: unknown; index: number; line?: number; pathPrefix: string };

/**
 * Splits the body into items. JSON (an array, {workflowHistory: […]}, or one document) is tried
 * first unless the content type says NDJSON; then one JSON document per non-empty line.
 */
export function splitItems(
  text: string,
  contentType = "application/json",
): { items: RawItem[] } | { issue: ImportIssue } {
  const ndjsonType =
    /^application\/(x-)?ndjson\b/i.test(contentType) || /^application\/jsonl\b/i.test(contentType);
  const source = text.replace(/^\uFEFF/, "");
  if (source.trim() === "") return { issue: { index: null, path: "body", message: "The file is empty" } };
  if (!ndjsonType) {
    const whole = tryParse(source);
    if (whole.ok) return fromDocument(whole.value);
  }
  const items: RawItem[] = [];
  const lines = source.split(/\r?\n/);
  for (const [n, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const parsed = tryParse(line);
    if (!parsed.ok) {
      return {
        issue: {
          index: null,
          line: n + 1,
          path: "body",
          message: ndjsonType
            ? `Line ${n + 1} is not a JSON document`
            : `The body is neither JSON nor NDJSON (line ${n + 1} does not parse)`,
        },
      };
    }
    if (!isPlainObject(parsed.value)) {
      return {
        issue: { index: null, line: n + 1, path: "body", message: `Line ${n + 1} is not a JSON object` },
      };
    }
    items.push({ value: parsed.value, index: items.length, line: n + 1, pathPrefix: "" });
  }
  return { items };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    try {
      return { ok: true, value: JSON.parse(rewriteShellSyntax(text)) };
    } catch {
      return { ok: false };
    }
  }
}

function fromDocument(value: unknown): { items: RawItem[] } | { issue: ImportIssue } {
  if (Array.isArray(value)) {
    return { items: value.map((v, index) => ({ value: v, index, pathPrefix: "" })) };
  }
  if (isPlainObject(value)) {
    if ("workflowHistory" in value) {
      const extra = Object.keys(value).filter((k) => k !== "workflowHistory");
      if (extra.length) {
        return {
          issue: { index: null, path: `body.${extra[0]}`, message: "Unknown field next to workflowHistory" },
        };
      }
      const history = value.workflowHistory;
      // localStorage keeps the value as a JSON string; accept it either way
      const list = typeof history === "string" ? tryParse(history) : { ok: true as const, value: history };
      if (!list.ok || !Array.isArray(list.value)) {
        return {
          issue: { index: null, path: "body.workflowHistory", message: "workflowHistory must be an array" },
        };
      }
      return {
        items: list.value.map((v, index) => ({ value: v, index, pathPrefix: "workflowHistory." })),
      };
    }
    return { items: [{ value, index: 0, pathPrefix: "" }] };
  }
  return {
    issue: {
      index: null,
      path: "body",
      message: "Expected an array of workflow history entries or workflow_executions documents",
    },
  };
}

// ── one item ──────────────────────────────────────────────────────────────────────────────────────

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function snakeKeys(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const s = snake(k);
    // an explicit snake_case key wins over its camelCase twin
    if (!(s in out) || s === k) out[s] = v;
  }
  return out;
}

const dateLike = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const iso = dateOf(v);
  if (!iso) {
    ctx.addIssue({ code: "custom", message: "must be a date (ISO 8601 or epoch milliseconds)" });
    return z.NEVER;
  }
  return new Date(iso);
});
const count = z
  .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
  .pipe(z.number().int().min(0).max(1_000_000_000));
const text = (max: number) => z.string().trim().max(max);
const legacyId = z.union([z.string().trim().min(1).max(200), z.number().int()]).transform(String);
const record = z.record(z.string().max(200), z.unknown());

const agentFields = {
  agent_id: text(200).optional(),
  id: text(200).optional(),
  name: text(300).optional(),
  step_name: text(300).optional(),
  description: text(2000).nullish(),
  status: text(50).optional(),
  order_number: z.number().int().min(0).max(1_000_000).optional(),
  order: z.number().int().min(0).max(1_000_000).optional(),
  started_at: dateLike.nullish(),
  completed_at: dateLike.nullish(),
  duration_ms: z.number().min(0).max(1e12).nullish(),
  processed: count.nullish(),
  total: count.nullish(),
  processed_items: count.nullish(),
  total_items: count.nullish(),
  progress: z.number().min(0).max(100).nullish(),
  error: text(5000).nullish(),
  error_message: text(5000).nullish(),
};
const agentSchema = z.object(agentFields);

const runFields = {
  _id: legacyId.optional(),
  workflow_id: legacyId.optional(),
  id: legacyId.optional(),
  timestamp: dateLike.nullish(),
  created_at: dateLike.nullish(),
  updated_at: dateLike.nullish(),
  started_at: dateLike.nullish(),
  completed_at: dateLike.nullish(),
  jd_id: text(200).nullish(),
  jd_title: text(500).nullish(),
  status: text(50).nullish(),
  completion_status: text(50).nullish(),
  started_by: text(320).nullish(),
  started_by_email: text(320).nullish(),
  resume_ids: z.array(text(200)).max(100_000).nullish(),
  total_resumes: count.nullish(),
  processed_resumes: count.nullish(),
  total_candidates: count.nullish(),
  agents: z.array(z.unknown()).max(MAX_AGENTS).nullish(),
  progress: record.nullish(),
  metrics: record.nullish(),
  results: record.nullish(),
  error: text(5000).nullish(),
  error_details: record.nullish(),
};
const runSchema = z.object(runFields);

const TERMINAL_RUN: Readonly<Record<string, ImportRun["status"]>> = {
  completed: "completed",
  complete: "completed",
  done: "completed",
  success: "completed",
  succeeded: "completed",
  failed: "failed",
  failure: "failed",
  error: "failed",
  cancelled: "cancelled",
  canceled: "cancelled",
  timeout: "timeout",
  timed_out: "timeout",
};
const UNFINISHED = new Set([
  "pending",
  "in_progress",
  "processing",
  "running",
  "active",
  "waiting",
  "queued",
  "started",
]);

const STEP_STATUS: Readonly<Record<string, StepStatus>> = {
  completed: "completed",
  complete: "completed",
  done: "completed",
  success: "completed",
  succeeded: "completed",
  failed: "failed",
  error: "failed",
  cancelled: "cancelled",
  canceled: "cancelled",
  skipped: "skipped",
  timeout: "timeout",
  timed_out: "timeout",
};
const STEP_NOT_STARTED = new Set(["pending", "idle", "waiting", "queued", "not_started", "scheduled"]);
const STEP_RUNNING = new Set(["running", "in_progress", "processing", "active", "started"]);

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

/** Why an unfinished legacy run is stored as failed: the ledger cannot execute it. */
export const UNFINISHED_MESSAGE =
  "Imported unfinished: the legacy system recorded this run as still in progress, and an imported run cannot be executed";

type Issues = ImportIssue[];

function issueAt(
  issues: Issues,
  item: RawItem,
  legacy: string | undefined,
  path: (string | number)[],
  message: string,
) {
  issues.push({
    index: item.index,
    ...(item.line ? { line: item.line } : {}),
    ...(legacy ? { legacy_id: legacy } : {}),
    path: ["body", ...`${item.pathPrefix}${item.index}`.split("."), ...path.map(String)].join("."),
    message,
  });
}

function pickEarliest(dates: (Date | null | undefined)[]): Date | null {
  const ok = dates.filter((d): d is Date => d instanceof Date);
  return ok.length ? new Date(Math.min(...ok.map((d) => d.getTime()))) : null;
}

function pickLatest(dates: (Date | null | undefined)[]): Date | null {
  const ok = dates.filter((d): d is Date => d instanceof Date);
  return ok.length ? new Date(Math.max(...ok.map((d) => d.getTime()))) : null;
}

function knownKeys(
  value: Record<string, unknown>,
  fields: Record<string, unknown>,
): Record<string, unknown> | null {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!(k in fields)) extra[k] = v;
  return Object.keys(extra).length ? extra : null;
}

/** One decoded, snake_cased item to a run, or issues. */
function mapItem(item: RawItem, now: Date, issues: Issues): ImportRun | null {
  if (!isPlainObject(item.value)) {
    issueAt(
      issues,
      item,
      undefined,
      [],
      "must be an object (a workflow history entry or a workflow_executions document)",
    );
    return null;
  }
  const doc = snakeKeys(decodeExtendedJson(item.value) as Record<string, unknown>);
  const parsed = runSchema.safeParse(doc);
  const guessId = typeof doc._id === "string" ? doc._id : typeof doc.id === "string" ? doc.id : undefined;
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      issueAt(issues, item, guessId, i.path as (string | number)[], i.message);
    return null;
  }
  const d = parsed.data;
  const format: LegacyFormat = d._id !== undefined || d.workflow_id !== undefined ? "mongo" : "local_storage";
  const legacyKey = format === "mongo" ? (d._id ?? d.workflow_id) : d.id;
  if (!legacyKey) {
    issueAt(
      issues,
      item,
      undefined,
      ["id"],
      "is required: the localStorage id or the document's _id / workflow_id",
    );
    return null;
  }
  const before = issues.length;
  const defaulted: string[] = [];

  // status
  const rawStatus = d.status ?? d.completion_status ?? null;
  const progressIn = d.progress ?? {};
  const pct = numberOf(progressIn.percentage);
  let status: ImportRun["status"];
  let unfinishedFrom: string | null = null;
  if (rawStatus === null) {
    defaulted.push("status");
    if (pct === 100) status = "completed";
    else {
      status = "failed";
      unfinishedFrom = "(none)";
    }
  } else if (TERMINAL_RUN[norm(rawStatus)]) {
    status = TERMINAL_RUN[norm(rawStatus)]!;
  } else if (UNFINISHED.has(norm(rawStatus))) {
    status = "failed";
    unfinishedFrom = rawStatus;
  } else {
    issueAt(
      issues,
      item,
      legacyKey,
      [d.status ? "status" : "completion_status"],
      `unknown status "${rawStatus}"`,
    );
    status = "failed";
  }

  // agents → steps
  const steps: ImportStep[] = [];
  for (const [i, raw] of (d.agents ?? []).entries()) {
    if (!isPlainObject(raw)) {
      issueAt(issues, item, legacyKey, ["agents", i], "must be an object");
      continue;
    }
    const a = snakeKeys(raw);
    const ap = agentSchema.safeParse(a);
    if (!ap.success) {
      for (const x of ap.error.issues)
        issueAt(issues, item, legacyKey, ["agents", i, ...(x.path as (string | number)[])], x.message);
      continue;
    }
    const ag = ap.data;
    const where = `steps.${i + 1}`;
    const agentId = ag.agent_id ?? ag.id ?? null;
    const known = agentId ? legacyAgents[agentId] : undefined;
    const mappedType = known?.stepType;
    if (!mappedType) defaulted.push(`${where}.step_type`);
    const name = ag.name ?? ag.step_name ?? known?.stepName ?? null;
    if (!name) defaulted.push(`${where}.step_name`);
    const order = ag.order_number ?? ag.order ?? known?.orderNumber;
    if (order === undefined) defaulted.push(`${where}.order_number`);

    let stepStatus: StepStatus;
    let stepError = ag.error_message ?? ag.error ?? null;
    const s = ag.status ? norm(ag.status) : null;
    if (s === null) {
      defaulted.push(`${where}.status`);
      stepStatus = status === "completed" ? "completed" : "cancelled";
    } else if (STEP_STATUS[s]) stepStatus = STEP_STATUS[s]!;
    else if (STEP_NOT_STARTED.has(s)) stepStatus = status === "completed" ? "skipped" : "cancelled";
    else if (STEP_RUNNING.has(s)) {
      stepStatus = "failed";
      stepError ??= "Interrupted: the agent was still running when the legacy record was saved";
    } else {
      issueAt(issues, item, legacyKey, ["agents", i, "status"], `unknown agent status "${ag.status}"`);
      continue;
    }
    const processed = ag.processed ?? ag.processed_items ?? 0;
    const total = ag.total ?? ag.total_items ?? processed;
    if (processed > total) {
      issueAt(
        issues,
        item,
        legacyKey,
        ["agents", i, "processed"],
        `processed (${processed}) exceeds total (${total})`,
      );
      continue;
    }
    const started = ag.started_at ?? null;
    const completed = ag.completed_at ?? null;
    const duration =
      ag.duration_ms ??
      (started && completed && completed.getTime() >= started.getTime()
        ? completed.getTime() - started.getTime()
        : null);
    const extra = knownKeys(a, agentFields);
    steps.push({
      stepNumber: i + 1,
      orderNumber: order ?? STEP_FALLBACKS.orderNumber,
      stepName: name ?? STEP_FALLBACKS.stepName,
      stepType: mappedType ?? STEP_FALLBACKS.stepType,
      stepDescription: ag.description ?? null,
      status: stepStatus,
      startedAt: started,
      completedAt: completed,
      durationMs: duration === null ? null : Math.round(duration),
      processedItems: processed,
      totalItems: total,
      errorMessage: stepError,
      metadata: {
        imported: true,
        ...(agentId ? { agent_id: agentId } : {}),
        ...(ag.progress !== undefined && ag.progress !== null ? { progress: ag.progress } : {}),
        ...(ag.status ? { legacy_status: ag.status } : {}),
        ...(extra ? { legacy_extra: extra } : {}),
      },
    });
  }

  // timing: a localStorage entry was saved when the run finished, so its timestamp is the end
  const metrics = snakeKeys(d.metrics ?? {});
  if (
    d.total_candidates !== undefined &&
    d.total_candidates !== null &&
    metrics.total_candidates === undefined
  )
    metrics.total_candidates = d.total_candidates;
  const processingMs = numberOf(metrics.processing_time_ms);
  const durationMs =
    d.started_at && d.completed_at && d.completed_at.getTime() >= d.started_at.getTime()
      ? d.completed_at.getTime() - d.started_at.getTime()
      : processingMs !== null && processingMs >= 0
        ? Math.round(processingMs)
        : null;
  const endKnown =
    d.completed_at ??
    pickLatest(steps.map((s) => s.completedAt)) ??
    (format === "local_storage" ? d.timestamp : null) ??
    d.updated_at ??
    null;
  const startedAt =
    d.started_at ??
    pickEarliest(steps.map((s) => s.startedAt)) ??
    (endKnown && durationMs !== null ? new Date(endKnown.getTime() - durationMs) : null) ??
    d.timestamp ??
    d.created_at ??
    null;
  let createdAt = d.created_at ?? startedAt;
  if (!createdAt) {
    defaulted.push("created_at");
    createdAt = now;
  }
  const completedAt = endKnown ?? startedAt ?? createdAt;

  // counts and progress
  const totalResumes =
    d.total_resumes ?? d.total_candidates ?? d.resume_ids?.length ?? numberOf(metrics.total_candidates) ?? 0;
  const processedResumes = d.processed_resumes ?? (status === "completed" ? totalResumes : 0);
  if (!Number.isInteger(totalResumes) || totalResumes < 0) {
    issueAt(issues, item, legacyKey, ["total_resumes"], "must be a whole number ≥ 0");
  } else if (processedResumes > totalResumes) {
    issueAt(issues, item, legacyKey, ["processed_resumes"], `exceeds total_resumes (${totalResumes})`);
  }
  const completedSteps =
    numberOf(progressIn.completed_agents) ??
    numberOf(progressIn.completed_steps) ??
    steps.filter((s) => s.status === "completed").length;
  const totalSteps = numberOf(progressIn.total_agents) ?? numberOf(progressIn.total_steps) ?? steps.length;
  const percentage =
    pct ?? (totalSteps ? Math.round((completedSteps / totalSteps) * 100) : status === "completed" ? 100 : 0);
  if (percentage < 0 || percentage > 100)
    issueAt(issues, item, legacyKey, ["progress", "percentage"], "must be between 0 and 100");

  const jdTitle = d.jd_title ?? null;
  if (!jdTitle) defaulted.push("jd_title");
  const startedByRef = d.started_by_email ?? d.started_by ?? null;

  if (issues.length > before) return null;
  const legacyExtra = knownKeys(doc, runFields);
  return {
    index: item.index,
    format,
    legacyId: legacyKey,
    externalId: format === "mongo" ? (d.workflow_id ?? legacyKey) : legacyKey,
    jdRef: d.jd_id ?? null,
    jdTitle,
    status,
    startedByRef,
    createdAt,
    startedAt,
    completedAt,
    durationMs,
    totalResumes,
    processedResumes,
    progress: {
      completed_steps: Math.max(0, Math.round(completedSteps)),
      total_steps: Math.max(0, Math.round(totalSteps)),
      percentage: Math.round(percentage),
    },
    metrics,
    results: d.results ? snakeKeys(d.results) : null,
    errorMessage: d.error ?? (unfinishedFrom ? UNFINISHED_MESSAGE : null),
    errorDetails: unfinishedFrom
      ? { ...(d.error_details ?? {}), reason: "imported_unfinished", legacy_status: unfinishedFrom }
      : (d.error_details ?? null),
    context: {
      legacy: {
        format,
        id: legacyKey,
        ...(format === "mongo" && d.workflow_id ? { workflow_id: d.workflow_id } : {}),
        ...(d.jd_id ? { jd_id: d.jd_id } : {}),
        ...(d.started_by ? { started_by: d.started_by } : {}),
        ...(d.resume_ids?.length ? { resume_ids: d.resume_ids } : {}),
        ...(rawStatus ? { status: rawStatus } : {}),
        ...(legacyExtra ? { extra: legacyExtra } : {}),
      },
    },
    steps,
    defaulted,
  };
}

/**
 * The whole import: every item is validated before anything is written (all-or-nothing), so the
 * result is either the runs to write or every problem found, each with the item and field.
 */
export function parseLegacyImport(
  text: string,
  options: { contentType?: string; now?: Date } = {},
): ParsedImport {
  const split = splitItems(text, options.contentType);
  if ("issue" in split) return { ok: false, issues: [split.issue] };
  if (split.items.length === 0) {
    return { ok: false, issues: [{ index: null, path: "body", message: "The file holds no workflow runs" }] };
  }
  if (split.items.length > MAX_IMPORT_ITEMS) {
    return {
      ok: false,
      issues: [
        {
          index: null,
          path: "body",
          message: `At most ${MAX_IMPORT_ITEMS} runs per import (got ${split.items.length})`,
        },
      ],
    };
  }
  const now = options.now ?? new Date();
  const issues: ImportIssue[] = [];
  const runs: ImportRun[] = [];
  const seen = new Map<string, number>();
  for (const item of split.items) {
    const run = mapItem(item, now, issues);
    if (!run) continue;
    const first = seen.get(run.legacyId);
    if (first !== undefined) {
      issueAt(
        issues,
        item,
        run.legacyId,
        ["id"],
        `duplicates item ${first}: the same legacy id appears twice in the file`,
      );
      continue;
    }
    seen.set(run.legacyId, item.index);
    runs.push(run);
  }
  if (issues.length) return { ok: false, issues: issues.slice(0, 1000) };
  const formats = new Set(runs.map((r) => r.format));
  return { ok: true, format: formats.size === 1 ? runs[0]!.format : "mixed", runs };
}
