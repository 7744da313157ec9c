import type { Tx } from "@/db/client";
import { approverProblems } from "@/db/queries/workflows";
import { ApiError } from "@/lib/api/errors";
import type { WorkflowBody } from "./schema";

const messages = {
  unknown: "is not a user of this organization",
  inactive: "is a deactivated user",
  cannot_approve: "is an analyst, who may not approve steps",
} as const;

/** 400 naming every approver (body.nodes.i.approvers.j) that is not an active user allowed to approve. */
export async function assertApprovers(tx: Tx, orgId: string, body: WorkflowBody): Promise<void> {
  const problems = await approverProblems(
    tx,
    orgId,
    body.nodes.flatMap((n) => n.approvers),
  );
  if (!problems.length) return;
  const byId = new Map(problems.map((p) => [p.userId, p.problem]));
  const details: { path: string; message: string }[] = [];
  body.nodes.forEach((node, i) => {
    node.approvers.forEach((id, j) => {
      const problem = byId.get(id);
      if (problem) details.push({ path: `body.nodes.${i}.approvers.${j}`, message: messages[problem] });
    });
  });
  throw new ApiError("validation_error", "Invalid body", details);
}
