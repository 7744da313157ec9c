import { decodeCursor } from "@/db/queries/paging";
import { listRuns } from "@/db/queries/runs";
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentRunSummary } from "@/lib/api/presenters";
import { engineActor, ownerScope, runDocument, runFilters } from "@/lib/api/runs";
import { startRun } from "@/lib/engine/runs";
import { runListQuery, startExecutionBody } from "./schema";

/**
 * Run history (seed 001 GET /workflow/executions): `total` is the number of
 * matching runs, not the page length. The caller's own runs unless scope=org.
 * Newest first pages by keyset (`cursor` = the previous page's next_cursor);
 * other sorts and the seed's `skip` use offsets.
 */
export const GET = withApi(
  { permission: "runs:read_own", query: runListQuery },
  async ({ principal, query, tenant }) => {
    const ownerId = ownerScope(principal, query.scope);
    if (query.cursor !== undefined) {
      const problem =
        query.sort !== "-created_at"
          ? "cursor pages only the default order (sort=-created_at); use skip with other sorts"
          : !decodeCursor(query.cursor)
            ? "not a cursor this API returned (use next_cursor of the previous page)"
            : null;
      if (problem)
        throw new ApiError("validation_error", "Invalid query", [{ path: "query.cursor", message: problem }]);
    }
    const page = await tenant(async (tx) =>
      listRuns(tx, {
        orgId: principal.orgId,
        ownerId,
        filters: await runFilters(tx, principal.orgId, query),
        limit: query.limit,
        skip: query.skip,
        cursor: query.cursor,
        sort: query.sort,
      }),
    );
    return { workflows: page.rows.map(presentRunSummary), total: page.total, next_cursor: page.nextCursor };
  },
);

/** Starts an execution of any workflow on any channel (seed 002 start_workflow_execution). 201, the run document. */
export const POST = withApi(
  { permission: "runs:report", body: startExecutionBody, idempotent: true },
  async ({ principal, body, tenant, req }) => {
    const doc = await tenant(async (tx) => {
      const run = await startRun(tx, engineActor(principal, req), {
        workflowId: body.workflow_id,
        channel: body.channel,
        externalId: body.external_id,
        title: body.title,
        inputs: body.inputs,
        context: body.context,
        deadlineSeconds: body.deadline_seconds,
        source: "external",
      });
      // the run as startRun left it, not read again (its steps still are: advancing released one)
      return runDocument(tx, principal.orgId, run.id, run);
    });
    return Response.json(doc, { status: 201 });
  },
);
