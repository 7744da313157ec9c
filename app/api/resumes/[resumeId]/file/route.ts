import { findResumeFile } from "@/db/queries/resumes";
import { notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { resumeParams } from "../../schema";
import { contentDisposition } from "../../upload";

/** Types a browser may show in place; everything else (HTML above all) is only ever downloaded. */
const INLINE = new Set(["application/pdf", "text/plain"]);

/** The uploaded file as stored, with its type; HTML is served as an attachment, never rendered. */
export const GET = withApi(
  { permission: "resumes:read", params: resumeParams },
  async ({ principal, params, tenant }) => {
    const file = await tenant((tx) => findResumeFile(tx, principal.orgId, params.resumeId));
    if (!file?.fileData) throw notFound("Resume file");
    const type = file.mimeType.toLowerCase();
    return new Response(new Uint8Array(file.fileData), {
      status: 200,
      headers: {
        "content-type": file.mimeType,
        "content-length": String(file.fileData.byteLength),
        "content-disposition": contentDisposition(INLINE.has(type) ? "inline" : "attachment", file.fileName),
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
        "cache-control": "private, no-store",
        etag: `"${file.contentHash}"`,
      },
    });
  },
);
