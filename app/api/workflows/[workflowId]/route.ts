import { eq } from "drizzle-orm";
import { softDeleteWorkflow } from "@/db/queries/soft-delete";
import {
  findWorkflow,
  replaceWorkflowDefinition,
  unfinishedRunCount,
  workflowDetail,
} from "@/db/queries/workflows";
import { organizations } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { presentWorkflow, presentWorkflowSummary } from "@/lib/api/presenters-resources";
import { requestMeta } from "@/lib/audit";
import { definitionProblems } from "@/lib/workflows/definitions";
import { assertApprovers } from "../approvers";
import { toDefinition, workflowBody, workflowDetailQuery, workflowParams } from "../schema";

/** A workflow with its nodes in order, bindings, channel settings and version list. */
export const GET = withApi(
  { permission: "workflows:read", params: workflowParams, query: workflowDetailQuery },
  async ({ principal, params, query, tenant }) => {
    const detail = await tenant(async (tx) => {
      const workflow = await findWorkflow(tx, principal.orgId, params.workflowId);
      const showDeleted = query.include_deleted === true && principal.role === "admin";
      if (!workflow || (workflow.isDeleted && !showDeleted)) throw notFound("Workflow");
      return workflowDetail(tx, workflow);
    });
    return presentWorkflow(detail);
  },
);

/**
 * Replaces the definition: version + 1 with a snapshot, in one transaction. Runs in flight keep the
 * configuration their steps copied at start; `runs_in_flight` says how many there are.
 */
export const PUT = withApi(
  { permission: "workflows:write", params: workflowParams, body: workflowBody },
  async ({ principal, params, body, tenant, audit }) => {
    const definition = toDefinition(body);
    const problems = definitionProblems(definition);
    if (problems.length) throw new ApiError("validation_error", `Invalid definition: ${problems.join("; ")}`);
    const { detail, inFlight } = await tenant(async (tx) => {
      const workflow = await findWorkflow(tx, principal.orgId, params.workflowId, { forUpdate: true });
      if (!workflow) throw notFound("Workflow");
      if (workflow.isDeleted) throw new ApiError("conflict", "Workflow is deleted; restore it first");
      await assertApprovers(tx, principal.orgId, body);
      const { version, removedNodes } = await replaceWorkflowDefinition(tx, workflow, definition, {
        channels: body.channels !== undefined,
        userId: principal.userId,
      });
      const inFlight = await unfinishedRunCount(tx, principal.orgId, workflow.id);
      await audit(tx, {
        action: "workflow.update",
        resourceType: "workflow",
        resourceId: workflow.id,
        details: {
          name: definition.name,
          from_version: workflow.version,
          version,
          nodes: definition.nodes.length,
          removed_nodes: removedNodes,
          runs_in_flight: inFlight,
        },
      });
      const updated = await findWorkflow(tx, principal.orgId, workflow.id);
      return { detail: await workflowDetail(tx, updated!), inFlight };
    });
    return { ...presentWorkflow(detail), runs_in_flight: inFlight };
  },
);

/**
 * Soft delete, cascading to the workflow's live interviews and todos (restored together). Built-in
 * workflows and the organization's e-mail intake workflow cannot be deleted (409).
 */
export const DELETE = withApi(
  { permission: "workflows:write", params: workflowParams },
  async ({ principal, params, tenant, req }) => {
    const result = await tenant(async (tx) => {
      const workflow = await findWorkflow(tx, principal.orgId, params.workflowId);
      if (!workflow) throw notFound("Workflow");
      if (!workflow.isDeleted && workflow.builtinKey) {
        throw new ApiError("conflict", "Built-in workflows cannot be deleted");
      }
      const [org] = await tx
        .select({ intake: organizations.intakeWorkflowId })
        .from(organizations)
        .where(eq(organizations.id, principal.orgId));
      if (!workflow.isDeleted && org?.intake === workflow.id) {
        throw new ApiError(
          "conflict",
          "This is the organization's e-mail intake workflow; choose another in settings first",
        );
      }
      const deleted = await softDeleteWorkflow(tx, {
        orgId: principal.orgId,
        workflowId: workflow.id,
        actor: { userId: principal.userId, apiTokenId: principal.tokenId, ...requestMeta(req.headers) },
      });
      if (!deleted) throw notFound("Workflow");
      return deleted;
    });
    return {
      ...presentWorkflowSummary(result.workflow),
      interview_ids: result.interviewIds,
      todo_ids: result.todoIds,
    };
  },
);
