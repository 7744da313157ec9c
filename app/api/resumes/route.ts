import { getDb } from "@/db/client";
import { findResumeByHash, insertResume, listResumes, lockContentHash } from "@/db/queries/resumes";
import { ApiError } from "@/lib/api/errors";
import { type ApiContext, withApi } from "@/lib/api/handler";
import { withIdempotency } from "@/lib/api/idempotency";
import { presentResumeSummary } from "@/lib/api/presenters-resources";
import { contentHash } from "@/lib/agents/matching/extract";
import { listResumesQuery, type uploadResult } from "./schema";
import { detectResumeFile, readUploadedFiles, safeFileName, type UploadedFile } from "./upload";
import type { z } from "zod";

/** Resumes of the organization, newest first, without file bytes; `q` searches names and file names. */
export const GET = withApi(
  { permission: "resumes:read", query: listResumesQuery },
  async ({ principal, query, tenant }) => {
    if (query.include_deleted && principal.role !== "admin") {
      throw new ApiError("forbidden", "Only admins may list deleted resumes");
    }
    const page = await tenant((tx) =>
      listResumes(
        tx,
        { orgId: principal.orgId, q: query.q, status: query.status, includeDeleted: query.include_deleted },
        { limit: query.limit, skip: query.skip, cursor: query.cursor },
      ),
    );
    return { resumes: page.rows.map(presentResumeSummary), total: page.total, next_cursor: page.nextCursor };
  },
);

type Result = z.infer<typeof uploadResult>;
type Stored = { status: number; body: unknown };

/**
 * Uploads resumes (multipart/form-data, field `files`, up to 50 files of 10 MB). Each file gets its own
 * result: 201 when every file was stored, 207 when some were, 422 when none were. A file whose content
 * the organization already has is not stored again: its result names the existing resume
 * (`duplicate: true`). Files are kept as uploaded (status `uploaded`); the resume-extractor reads them.
 */
export const POST = withApi({ permission: "resumes:write" }, async (ctx) => {
  const files = await readUploadedFiles(ctx.req);
  const key = ctx.req.headers.get("idempotency-key");
  if (!key) return respond(await storeFiles(ctx, files), false);
  const { principal, req } = ctx;
  // the request's identity is its files (names and contents), not the multipart framing
  const fingerprint = JSON.stringify(files.map((f) => [f.name, contentHash(f.bytes)]));
  const stored = await withIdempotency(
    getDb().db,
    {
      orgId: principal.orgId,
      principal: principal.tokenId ?? principal.userId,
      key,
      method: req.method,
      path: new URL(req.url).pathname,
      body: fingerprint,
    },
    () => storeFiles(ctx, files),
  );
  return respond(stored, stored.replayed);
});

function respond(stored: Stored, replayed: boolean): Response {
  return Response.json(stored.body, {
    status: stored.status,
    headers: replayed ? { "idempotent-replayed": "true" } : {},
  });
}

async function storeFiles(
  ctx: ApiContext<undefined, undefined, undefined>,
  files: UploadedFile[],
): Promise<Stored> {
  const { principal, tenant, audit } = ctx;
  const results = await tenant(async (tx) => {
    const out: Result[] = [];
    for (const file of files) {
      const fileName = safeFileName(file.name);
      const detected = detectResumeFile(fileName, file.bytes);
      if (!detected.ok) {
        out.push({ file_name: fileName, ok: false, error: detected.error });
        continue;
      }
      const hash = contentHash(file.bytes);
      await lockContentHash(tx, principal.orgId, hash);
      const existing = await findResumeByHash(tx, principal.orgId, hash);
      if (existing) {
        out.push({ file_name: fileName, ok: true, resume_id: existing.id, duplicate: true });
        continue;
      }
      const created = await insertResume(tx, principal.orgId, principal.userId, {
        fileName,
        mimeType: detected.mimeType,
        bytes: file.bytes,
        contentHash: hash,
      });
      await audit(tx, {
        action: "resume.upload",
        resourceType: "resume",
        resourceId: created.id,
        details: {
          file_name: fileName,
          mime_type: detected.mimeType,
          size: file.bytes.byteLength,
          content_hash: hash,
        },
      });
      out.push({
        file_name: fileName,
        ok: true,
        resume_id: created.id,
        duplicate: false,
        mime_type: detected.mimeType,
        file_size: file.bytes.byteLength,
      });
    }
    return out;
  });
  const stored = results.filter((r) => r.ok).length;
  const summary = {
    results,
    created: results.filter((r) => r.ok && !r.duplicate).length,
    duplicates: results.filter((r) => r.duplicate).length,
    failed: results.length - stored,
  };
  if (stored === 0) {
    return {
      status: 422,
      body: {
        error: { code: "unprocessable", message: "No file could be stored", details: { results } },
        ...summary,
      },
    };
  }
  return { status: stored === results.length ? 201 : 207, body: summary };
}
