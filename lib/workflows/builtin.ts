import "server-only";
import type { Tx } from "@/db/client";
import {
  AI_RESUME_MATCHING_KEY,
  type BuiltinKey,
  builtinWorkflowDefinitions,
  CANDIDATE_PIPELINE_KEY,
} from "./builtin-definitions";
import { insertWorkflowDefinition } from "./create";

export * from "./builtin-definitions";

export type BuiltinWorkflowIds = Record<BuiltinKey, string>;

/**
 * Makes sure the organization has every built-in workflow, creating the missing ones (nodes,
 * bindings, version-1 snapshot, web and api channel settings) in the caller's tenant transaction.
 * Idempotent and safe under concurrency: the unique index on (org_id, builtin_key) decides, so
 * calling it on every sign-up, admin creation or seed never duplicates a workflow. Existing built-ins
 * are left exactly as the organization edited them.
 */
export async function ensureBuiltinWorkflows(
  tx: Tx,
  orgId: string,
  createdBy?: string | null,
): Promise<BuiltinWorkflowIds & { created: BuiltinKey[] }> {
  const created: BuiltinKey[] = [];
  const ensure = async (key: BuiltinKey) => {
    const result = await insertWorkflowDefinition(tx, orgId, builtinWorkflowDefinitions[key], { createdBy });
    if (result.created) created.push(key);
    return result.workflowId;
  };
  // sequential on purpose: one transaction handle runs one statement at a time
  const aiResumeMatching = await ensure(AI_RESUME_MATCHING_KEY);
  const candidatePipeline = await ensure(CANDIDATE_PIPELINE_KEY);
  return { [AI_RESUME_MATCHING_KEY]: aiResumeMatching, [CANDIDATE_PIPELINE_KEY]: candidatePipeline, created };
}
