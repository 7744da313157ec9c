import { z } from "zod";
import { text } from "@/db/queries/input";
import { boolQuery, cursorField, pageFields } from "@/db/queries/paging";
import { jdRef } from "@/lib/api/schemas";

/** Optional text: trimmed; "" or null clears it. */
const optionalText = (max: number) =>
  text()
    .trim()
    .max(max)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

const jobFields = {
  title: text().trim().min(1).max(300),
  description: text().trim().min(1).max(100_000),
  department: optionalText(200),
  location: optionalText(200),
  employment_type: optionalText(100),
};

export const createJobBody = z.strictObject(jobFields);

export const updateJobBody = z
  .strictObject({
    title: jobFields.title.optional(),
    description: jobFields.description.optional(),
    department: jobFields.department,
    location: jobFields.location,
    employment_type: jobFields.employment_type,
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: "name at least one field to change",
  });

export const listJobsQuery = z.strictObject({
  q: text().trim().min(1).max(200).optional(),
  include_deleted: boolQuery.optional(),
  cursor: cursorField.optional(),
  ...pageFields(20),
});

export const jobDetailQuery = z.strictObject({ include_deleted: boolQuery.optional() });

/** A job in a path: its public id `JD-…` or its uuid. */
export const jobParams = z.strictObject({ jobId: jdRef });
