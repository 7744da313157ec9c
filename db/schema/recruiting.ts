import { sql } from "drizzle-orm";
import {
  check,
  customType,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, orgId, softDelete, updatedAt } from "./columns";
import { resumeSources, resumeStatuses } from "./enums";
import { organizations, users } from "./tenancy";

export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

/** Public ids come from a sequence: unique under any number of concurrent creates. */
export const jobDescriptionPublicSeq = pgSequence("job_description_public_seq");

export const jobDescriptions = pgTable(
  "job_descriptions",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    /** Public id `JD-…`, the seed's jd_id: a keyed permutation of a sequence (migration 0004_public_ids). */
    publicId: text("public_id").notNull().default(sql`next_public_id('JD')`),
    title: text("title").notNull(),
    department: text("department"),
    location: text("location"),
    employmentType: text("employment_type"),
    description: text("description").notNull(),
    /** jd-reader output: required/nice-to-have skills, minimum years, education, seniority. */
    parsed: jsonb("parsed").$type<object>(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...softDelete(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("job_descriptions_public_id_key").on(t.publicId),
    // job pickers and lists: live jobs of an organization, newest first
    index("job_descriptions_org_idx").on(t.orgId, t.createdAt.desc()).where(sql`NOT ${t.isDeleted}`),
  ],
);

export const resumes = pgTable(
  "resumes",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    candidateName: text("candidate_name"),
    email: text("email"),
    phone: text("phone"),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    fileSize: integer("file_size").notNull(),
    /** SHA-256 of the file: cache key for parses (cache_state) and duplicate detection. */
    contentHash: text("content_hash").notNull(),
    /** The stored file itself, so a resume can be re-extracted and downloaded. */
    fileData: bytea("file_data"),
    extractedText: text("extracted_text"),
    parsed: jsonb("parsed").$type<object>(),
    status: text("status", { enum: resumeStatuses }).notNull().default("uploaded"),
    parseError: text("parse_error"),
    source: text("source", { enum: resumeSources }).notNull().default("upload"),
    uploadedBy: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    ...softDelete(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // candidate list and "every non-deleted resume" for a batch without resume_ids
    index("resumes_org_idx").on(t.orgId, t.createdAt.desc()).where(sql`NOT ${t.isDeleted}`),
    // duplicate upload detection
    index("resumes_hash_idx").on(t.orgId, t.contentHash),
    check("resumes_status_check", oneOf("status", resumeStatuses)),
    check("resumes_source_check", oneOf("source", resumeSources)),
    check("resumes_file_size_check", sql`${t.fileSize} >= 0`),
  ],
);

export type JobDescription = typeof jobDescriptions.$inferSelect;
export type Resume = typeof resumes.$inferSelect;
