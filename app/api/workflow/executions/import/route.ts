import { ApiError } from "@/lib/api/errors";
import { readLimited, withApi } from "@/lib/api/handler";
import { requestMeta } from "@/lib/audit";
import { parseLegacyImport } from "@/lib/import/legacy";
import { writeImport } from "@/lib/import/write";
import { IMPORT_BODY_LIMIT, IMPORT_CONTENT_TYPES } from "./schema";

/**
 * Imports legacy workflow history (seed 001): the browser's localStorage `workflowHistory` or a
 * MongoDB `workflow_executions` export (JSON array or NDJSON, Extended JSON decoded). All or
 * nothing: any invalid item is a 400 listing every problem, and nothing is written. Re-importing
 * the same file creates nothing (runs are keyed by their legacy id): 201 when something was
 * created, 200 when every run already existed.
 */
export const POST = withApi({ permission: "runs:import" }, async ({ principal, req, tenant }) => {
  const type = req.headers.get("content-type") ?? "";
  if (!IMPORT_CONTENT_TYPES.test(type)) {
    throw new ApiError("unsupported_media_type", "Send the file as application/json or application/x-ndjson");
  }
  if (Number(req.headers.get("content-length") ?? "0") > IMPORT_BODY_LIMIT) {
    throw new ApiError("payload_too_large", `Body exceeds ${IMPORT_BODY_LIMIT} bytes`);
  }
  const text = await readLimited(req, IMPORT_BODY_LIMIT);
  const parsed = parseLegacyImport(text, { contentType: type });
  if (!parsed.ok) {
    throw new ApiError(
      "validation_error",
      `The import has ${parsed.issues.length} problem(s); nothing was imported`,
      parsed.issues,
    );
  }
  const actor = {
    orgId: principal.orgId,
    userId: principal.userId,
    apiTokenId: principal.tokenId,
    ...requestMeta(req.headers),
  };
  const report = await tenant((tx) => writeImport(tx, actor, parsed.format, parsed.runs));
  return Response.json(report, { status: report.created > 0 ? 201 : 200 });
});
