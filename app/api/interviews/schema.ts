import { z } from "zod";
import { text } from "@/db/queries/input";
import { boolQuery, pageFields } from "@/db/queries/paging";
import { interviewStatuses } from "@/db/schema/enums";
import { csvOf, dateTimeValue, fromDate, runRef, toDate } from "@/lib/api/schemas";

const optionalText = (max: number) =>
  text()
    .trim()
    .max(max)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

export const dateTime = dateTimeValue;

const interviewFields = {
  title: text().trim().min(1).max(300),
  /** A live workflow of the organization; null unlinks. */
  workflow_id: z.uuid().nullable().optional(),
  /** A run (`WF-…` or uuid); its workflow becomes the interview's when workflow_id is not given. */
  run_id: runRef.nullable().optional(),
  resume_id: z.uuid().nullable().optional(),
  candidate_name: optionalText(200),
  interviewer_id: z.uuid().nullable().optional(),
  scheduled_at: dateTime.nullable().optional(),
  duration_minutes: z.number().int().min(1).max(1440).optional(),
  location: optionalText(500),
  status: z.enum(interviewStatuses).optional(),
  notes: optionalText(10_000),
};

export const createInterviewBody = z.strictObject(interviewFields);

export const updateInterviewBody = z
  .strictObject({ ...interviewFields, title: interviewFields.title.optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: "name at least one field to change",
  });

export const listInterviewsQuery = z.strictObject({
  workflow_id: z.uuid().optional(),
  run_id: runRef.optional(),
  status: csvOf(interviewStatuses).optional(),
  from: fromDate.optional(),
  to: toDate.optional(),
  include_deleted: boolQuery.optional(),
  ...pageFields(50),
});

export const interviewDetailQuery = z.strictObject({ include_deleted: boolQuery.optional() });

export const interviewParams = z.strictObject({ interviewId: z.uuid() });
