import type { Screenshot, StepApproval, WorkflowRun, WorkflowRunStep } from "@/db/schema";
import type { RunDetail, RunListRow } from "@/db/queries/runs";
import { agentOf } from "@/lib/steps/registry";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Seed-001 agent entries, from the run's agent steps. */
export function agentsOf(steps: WorkflowRunStep[]) {
  return steps.flatMap((s) => {
    const agent = agentOf(s.stepType);
    if (!agent) return [];
    return [
      {
        agent_id: agent.id,
        step_number: s.stepNumber,
        status: s.status,
        started_at: iso(s.startedAt),
        completed_at: iso(s.completedAt),
        duration_ms: s.durationMs,
        processed: s.processedItems,
        total: s.totalItems,
        attempt: s.attempt,
        error: s.errorMessage,
      },
    ];
  });
}

function progressOf(run: Pick<WorkflowRun, "progress">, agents: ReturnType<typeof agentsOf> | null) {
  const p = run.progress;
  const completedAgents = agents ? agents.filter((a) => a.status === "completed").length : null;
  return {
    ...(agents?.length ? { completed_agents: completedAgents, total_agents: agents.length } : {}),
    completed_steps: p.completed_steps,
    total_steps: p.total_steps,
    percentage: p.percentage,
  };
}

/** A run in lists (the seed's `workflows` array items). */
export function presentRunSummary(r: RunListRow) {
  return {
    workflow_id: r.publicId,
    id: r.id,
    title: r.title,
    status: r.status,
    channel: r.channel,
    external_id: r.externalId,
    workflow: r.workflowId ? { id: r.workflowId, name: r.workflowName, version: r.workflowVersion } : null,
    jd_id: r.jdPublicId,
    jd_title: r.jdTitle,
    started_by: r.startedBy,
    started_by_name: r.startedByName,
    resume_ids: r.resumeIds,
    total_resumes: r.totalResumes,
    processed_resumes: r.processedResumes,
    progress: progressOf(r, null),
    metrics: r.metrics,
    results: r.results,
    context: r.context,
    error: r.errorMessage,
    error_details: r.errorDetails,
    source: r.source,
    tier: r.tier,
    llm_model: r.llmModel,
    llm_tokens_used: r.llmTokensUsed,
    started_at: iso(r.startedAt),
    completed_at: iso(r.completedAt),
    duration_ms: r.durationMs,
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
  };
}

/**
 * A screenshot entry without the bytes of an uploaded image: those are served
 * by GET …/steps/{n}/screenshots/{index}, whose path is the entry's url.
 */
export function presentScreenshot(shot: Screenshot): Omit<Screenshot, "data_base64"> {
  const { data_base64: _bytes, ...rest } = shot;
  return rest;
}

type ApprovalRow = Pick<StepApproval, "stepId" | "userId" | "decision" | "comment" | "createdAt"> & {
  userName?: string | null;
};

export function presentStep(s: WorkflowRunStep, approvals: ApprovalRow[] = []) {
  const mine = approvals.filter((a) => a.stepId === s.id);
  return {
    id: s.id,
    step_number: s.stepNumber,
    node_id: s.nodeId,
    order_number: s.orderNumber,
    step_name: s.stepName,
    step_type: s.stepType,
    step_description: s.stepDescription,
    auto_start: s.autoStart,
    required_human_approval: s.requiredHumanApproval,
    number_of_approvals_needed: s.numberOfApprovalsNeeded,
    approvers: s.approvers,
    approvals: mine.map((a) => ({
      user_id: a.userId,
      user_name: a.userName ?? null,
      decision: a.decision,
      comment: a.comment,
      at: iso(a.createdAt),
    })),
    delay_in_seconds: s.delayInSeconds,
    max_retries: s.maxRetries,
    timeout_seconds: s.timeoutSeconds,
    status: s.status,
    attempt: s.attempt,
    retry_count: s.retryCount,
    run_at: iso(s.runAt),
    started_at: iso(s.startedAt),
    completed_at: iso(s.completedAt),
    duration_ms: s.durationMs,
    processed_items: s.processedItems,
    total_items: s.totalItems,
    input_data: s.inputData,
    output_data: s.outputData,
    events: s.events,
    screenshots: s.screenshots.map(presentScreenshot),
    error_message: s.errorMessage,
    error_details: s.errorDetails,
    metadata: s.metadata,
    llm: s.llmModel
      ? { model: s.llmModel, tokens_used: s.llmTokensUsed, prompt: s.llmPrompt, response: s.llmResponse }
      : null,
    updated_at: iso(s.updatedAt),
  };
}

/** The seed-001 workflow_executions document, plus the run's steps and everything the ledger adds. */
export function presentRunDocument(d: RunDetail) {
  const r = d.run;
  const agents = agentsOf(d.steps);
  return {
    workflow_id: r.publicId,
    id: r.id,
    jd_id: d.jdPublicId,
    jd_title: r.jdTitle,
    title: r.title,
    status: r.status,
    channel: r.channel,
    external_id: r.externalId,
    workflow: r.workflowId ? { id: r.workflowId, name: d.workflowName, version: r.workflowVersion } : null,
    started_by: r.startedBy,
    started_by_name: d.startedByName,
    started_at: iso(r.startedAt),
    completed_at: iso(r.completedAt),
    resume_ids: r.resumeIds,
    total_resumes: r.totalResumes,
    processed_resumes: r.processedResumes,
    force_reprocess: r.forceReprocess,
    agents,
    progress: progressOf(r, agents),
    metrics: r.metrics,
    results: r.results,
    error: r.errorMessage,
    error_details: r.errorDetails,
    inputs: r.inputs,
    context: r.context,
    endpoints_used: r.endpointsUsed,
    config_snapshot: r.configSnapshot,
    llm: r.llmModel
      ? { model: r.llmModel, tokens_used: r.llmTokensUsed, prompt: r.llmPrompt, response: r.llmResponse }
      : null,
    tier: r.tier,
    tier_reason: r.tierReason,
    source: r.source,
    rerun_of: d.rerunOfPublicId,
    reruns: d.reruns,
    deadline_at: iso(r.deadlineAt),
    duration_ms: r.durationMs,
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
    steps: d.steps.map((s) => presentStep(s, d.approvals)),
    matches: d.matches.map((m) => ({
      resume_id: m.resumeId,
      candidate_name: m.candidateName,
      file_name: m.fileName,
      score: m.score,
      band: m.band,
      matched_skills: m.matchedSkills,
      missing_skills: m.missingSkills,
      explanation: m.explanation,
      rationale: m.rationale,
    })),
  };
}
