import "server-only";
import { and, desc, eq, getTableColumns, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { type Resume, resumes, type resumeStatuses } from "@/db/schema";
import {
  afterCursor,
  containsPattern,
  cursorAt,
  isUuid,
  type Page,
  type PageRequest,
  toPage,
} from "./paging";

type ResumeStatus = (typeof resumeStatuses)[number];

/** A resume as lists show it: no file bytes, no extracted text or parse. */
export type ResumeListRow = Omit<Resume, "fileData" | "extractedText" | "parsed"> & { hasFile: boolean };

// Every column but the file bytes and the (large) extracted text; `has_file` says whether bytes exist.
const {
  fileData: _fileData,
  extractedText: _text,
  parsed: _parsed,
  ...summaryColumns
} = getTableColumns(resumes);
const summarySelection = { ...summaryColumns, hasFile: sql<boolean>`${resumes.fileData} is not null` };

export type ResumeListFilter = {
  orgId: string;
  q?: string;
  status?: ResumeStatus[];
  includeDeleted?: boolean;
};

function resumeWhere(f: ResumeListFilter): SQL {
  const parts: (SQL | undefined)[] = [eq(resumes.orgId, f.orgId)];
  if (!f.includeDeleted) parts.push(eq(resumes.isDeleted, false));
  if (f.status?.length) parts.push(inArray(resumes.status, f.status));
  if (f.q) {
    const p = containsPattern(f.q);
    parts.push(or(ilike(resumes.candidateName, p), ilike(resumes.fileName, p), ilike(resumes.email, p)));
  }
  return and(...parts)!;
}

/** Resumes newest first, without file bytes or text, by keyset cursor (or skip). */
export async function listResumes(
  q: Queryable,
  filter: ResumeListFilter,
  page: PageRequest,
): Promise<Page<ResumeListRow & { cursorAt: string }>> {
  const where = resumeWhere(filter);
  const rows = await q
    .select({ ...summarySelection, cursorAt: cursorAt(resumes.createdAt) })
    .from(resumes)
    .where(page.cursor ? and(where, afterCursor(resumes.createdAt, resumes.id, page.cursor)) : where)
    .orderBy(desc(resumes.createdAt), desc(resumes.id))
    .limit(page.limit + 1)
    .offset(page.cursor ? 0 : (page.skip ?? 0));
  const [{ total } = { total: 0 }] = await q
    .select({ total: sql<number>`count(*)::int` })
    .from(resumes)
    .where(where);
  return toPage(rows, page.limit, total);
}

/** One resume without its bytes (deleted or not); null when absent or foreign. */
export async function findResume(
  q: Queryable,
  orgId: string,
  id: string,
): Promise<(ResumeListRow & Pick<Resume, "extractedText" | "parsed">) | null> {
  if (!isUuid(id)) return null;
  const [row] = await q
    .select({ ...summarySelection, extractedText: resumes.extractedText, parsed: resumes.parsed })
    .from(resumes)
    .where(and(eq(resumes.orgId, orgId), eq(resumes.id, id)));
  return row ?? null;
}

/** The stored file of a live resume. */
export async function findResumeFile(q: Queryable, orgId: string, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await q
    .select({
      fileName: resumes.fileName,
      mimeType: resumes.mimeType,
      fileData: resumes.fileData,
      contentHash: resumes.contentHash,
    })
    .from(resumes)
    .where(and(eq(resumes.orgId, orgId), eq(resumes.id, id), eq(resumes.isDeleted, false)));
  return row ?? null;
}

/**
 * Serialises uploads of the same content in one organization for the rest of the transaction, so two
 * concurrent uploads of one file end with one resume.
 */
export async function lockContentHash(q: Queryable, orgId: string, hash: string): Promise<void> {
  await q.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`resume:${orgId}:${hash}`}, 0))`);
}

/** The live resume with this content, if the organization already has one. */
export async function findResumeByHash(q: Queryable, orgId: string, hash: string) {
  const [row] = await q
    .select({ id: resumes.id, fileName: resumes.fileName })
    .from(resumes)
    .where(and(eq(resumes.orgId, orgId), eq(resumes.contentHash, hash), eq(resumes.isDeleted, false)))
    .orderBy(resumes.createdAt)
    .limit(1);
  return row ?? null;
}

export type NewResumeFile = {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
  contentHash: string;
};

/** Stores an uploaded file as a resume in status `uploaded`; the resume-extractor reads it later. */
export async function insertResume(q: Queryable, orgId: string, uploadedBy: string, file: NewResumeFile) {
  const [row] = await q
    .insert(resumes)
    .values({
      orgId,
      uploadedBy,
      fileName: file.fileName,
      mimeType: file.mimeType,
      fileSize: file.bytes.byteLength,
      contentHash: file.contentHash,
      fileData: file.bytes,
      source: "upload",
    })
    .returning({ id: resumes.id });
  return row!;
}

/** Soft delete; null when absent or foreign, `changed: false` when it already was deleted. */
export async function softDeleteResume(q: Queryable, orgId: string, id: string) {
  if (!isUuid(id)) return null;
  const where = and(eq(resumes.orgId, orgId), eq(resumes.id, id));
  const [current] = await q
    .select({ id: resumes.id, isDeleted: resumes.isDeleted })
    .from(resumes)
    .where(where)
    .for("update");
  if (!current) return null;
  if (current.isDeleted) return { changed: false };
  await q.update(resumes).set({ isDeleted: true, deletedAt: sql`now()` }).where(where);
  return { changed: true };
}
