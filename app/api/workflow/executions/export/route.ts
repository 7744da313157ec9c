import { withApi } from "@/lib/api/handler";
import { ownerScope, runFilters } from "@/lib/api/runs";
import { exportFileName, exportStream } from "@/lib/import/export";
import { exportQuery } from "./schema";

export const dynamic = "force-dynamic";

/**
 * Streams the run history as CSV or NDJSON in constant memory (keyset pages of 500, newest first),
 * with the run list's filters and scope rules. The export is recorded in the audit log.
 */
export const GET = withApi(
  { permission: "runs:export", query: exportQuery },
  async ({ principal, query, tenant, audit, req }) => {
    const ownerId = ownerScope(principal, query.scope);
    const filters = await tenant(async (tx) => {
      const f = await runFilters(tx, principal.orgId, query);
      await audit(tx, {
        action: "runs.export",
        resourceType: "workflow_run",
        details: { format: query.format, scope: query.scope, query: new URL(req.url).search },
      });
      return f;
    });
    const stream = exportStream({
      tenant,
      orgId: principal.orgId,
      filters,
      ownerId,
      format: query.format,
      onError: (error) => console.error("[export] stream failed", error),
    });
    return new Response(stream, {
      headers: {
        "content-type":
          query.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${exportFileName(query.format)}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
);
