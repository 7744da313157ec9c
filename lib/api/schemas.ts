import { z } from "zod";
import { jsonProblem, text } from "@/db/queries/input";
import { RUN_MAX_SKIP } from "@/db/queries/paging";
import { channels, runStatuses } from "@/db/schema/enums";
import { JD_PUBLIC_ID, RUN_PUBLIC_ID } from "@/lib/public-id";

/** Repeated (?status=a&status=b) or comma-separated (?status=a,b) query values. */
export const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((x) => x.split(","))
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).max(values.length));

export const runPublicId = z.string().regex(RUN_PUBLIC_ID, "must be a run id like WF-7K3M0Q9ZD2XA");
/** A run reference in a path: the public id `WF-…` (or the internal uuid). */
export const runRef = z.union([runPublicId, z.uuid()]);
export const jdRef = z.union([
  z.string().regex(JD_PUBLIC_ID, "must be a job id like JD-4V8N2C0XQ7MB"),
  z.uuid(),
]);

/**
 * Dates the API accepts: years 1900 to 9999. Well-formed ISO strings outside that range (year 0000,
 * which PostgreSQL does not have; five-digit years) are a 400 naming the field, not a database error.
 */
export const DATE_MIN = new Date("1900-01-01T00:00:00.000Z");
export const DATE_MAX = new Date("9999-12-31T23:59:59.999Z");
const inRange = (d: Date) => !Number.isNaN(d.getTime()) && d >= DATE_MIN && d <= DATE_MAX;
const RANGE_MESSAGE = "must be a date between 1900-01-01 and 9999-12-31";
const bounded = <T extends z.ZodType<Date>>(schema: T) => schema.refine(inRange, RANGE_MESSAGE);

/** A date-time with an offset, as a Date. */
export const dateTimeValue = bounded(z.iso.datetime({ offset: true }).transform((v) => new Date(v)));
/** A date or date-time as given (a date is midnight UTC). */
export const isoDate = bounded(
  z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((v) => new Date(v)),
);
/** `from`: a date means the start of that day (UTC). */
export const fromDate = z.union([
  dateTimeValue,
  bounded(z.iso.date().transform((v) => new Date(`${v}T00:00:00.000Z`))),
]);
/** `to` is inclusive: a date means the whole of that day (UTC). */
export const toDate = z.union([
  dateTimeValue,
  bounded(z.iso.date().transform((v) => new Date(`${v}T23:59:59.999Z`))),
]);

const contextFilter = text()
  .max(2000)
  .transform((v, ctx) => {
    try {
      const parsed: unknown = JSON.parse(v);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
        const problem = jsonProblem(parsed);
        if (!problem) return parsed as Record<string, unknown>;
        ctx.addIssue({ code: "custom", message: problem });
        return z.NEVER;
      }
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: 'must be a JSON object, e.g. {"correlation_id":"xyz789"}' });
    return z.NEVER;
  });

export const runSorts = [
  "created_at",
  "-created_at",
  "duration_ms",
  "-duration_ms",
  "status",
  "-status",
  "title",
  "-title",
] as const;

/** Filters of the run list, shared by the list, exports and bulk actions. */
export const runFilterFields = {
  scope: z.enum(["mine", "org"]).default("mine"),
  status: csvOf(runStatuses).optional(),
  channel: csvOf(channels).optional(),
  workflow: z.uuid().optional(),
  jd_id: jdRef.optional(),
  started_by: z.uuid().optional(),
  from: fromDate.optional(),
  to: toDate.optional(),
  q: text().trim().min(1).max(200).optional(),
  context: contextFilter.optional(),
};

export const runListQuery = z.strictObject({
  ...runFilterFields,
  skip: z.coerce
    .number()
    .int()
    .min(0)
    .max(
      RUN_MAX_SKIP,
      `must be at most ${RUN_MAX_SKIP}: page further with cursor (next_cursor of the previous page)`,
    )
    .default(0),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  cursor: z.string().min(1).max(200).optional(),
  sort: z.enum(runSorts).default("-created_at"),
});
export type RunListQueryInput = z.output<typeof runListQuery>;
