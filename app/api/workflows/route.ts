import { findWorkflow, listWorkflowPage, workflowDetail } from "@/db/queries/workflows";
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { requestMeta } from "@/lib/audit";
import { presentWorkflow, presentWorkflowSummary } from "@/lib/api/presenters-resources";
import { insertWorkflowDefinition, WorkflowDefinitionError } from "@/lib/workflows/create";
import { assertApprovers } from "./approvers";
import { listWorkflowsQuery, toDefinition, workflowBody } from "./schema";

/** Workflows of the organization by name, with their node counts. */
export const GET = withApi(
  { permission: "workflows:read", query: listWorkflowsQuery },
  async ({ principal, query, tenant }) => {
    if (query.include_deleted && principal.role !== "admin") {
      throw new ApiError("forbidden", "Only admins may list deleted workflows");
    }
    const page = await tenant((tx) =>
      listWorkflowPage(
        tx,
        { orgId: principal.orgId, q: query.q, includeDeleted: query.include_deleted },
        { limit: query.limit, skip: query.skip },
      ),
    );
    return { workflows: page.rows.map(presentWorkflowSummary), total: page.total };
  },
);

/**
 * Creates a workflow from a definition: nodes (by key, in order_number order), bindings between them
 * and channel settings, as version 1 with its snapshot — in one transaction.
 */
export const POST = withApi(
  { permission: "workflows:write", body: workflowBody, idempotent: true },
  async ({ principal, body, tenant, req }) => {
    const definition = toDefinition(body);
    const detail = await tenant(async (tx) => {
      await assertApprovers(tx, principal.orgId, body);
      let workflowId: string;
      try {
        ({ workflowId } = await insertWorkflowDefinition(tx, principal.orgId, definition, {
          createdBy: principal.userId,
          actor: { userId: principal.userId, apiTokenId: principal.tokenId, ...requestMeta(req.headers) },
        }));
      } catch (error) {
        if (error instanceof WorkflowDefinitionError) throw new ApiError("validation_error", error.message);
        throw error;
      }
      const workflow = await findWorkflow(tx, principal.orgId, workflowId);
      return workflowDetail(tx, workflow!);
    });
    return Response.json(presentWorkflow(detail), { status: 201 });
  },
);
