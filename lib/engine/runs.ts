import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gte, or, sql } from "drizzle-orm";
import { prepared, preparedRows, type Tx } from "@/db/client";
import {
  stepApprovals,
  type WorkflowRun,
  type WorkflowRunStep,
  workflowConfigs,
  workflowDataBindings,
  workflowNodes,
  workflowRunSteps,
  workflowRuns,
  workflows,
} from "@/db/schema";
import type { Channel, UserRole } from "@/db/schema/enums";
import type { AuditActor } from "@/lib/audit";
import { audit } from "@/lib/audit";
import { enqueueRunWebhooks } from "@/lib/webhooks/outbox";
import { eventJson, IllegalTransition, type Signal, transitionRun, transitionStep } from "./apply";
import { json, toStep } from "./hot-path";
import { advanceRun, lockRun, lockRunWithSteps, publish } from "./scheduler";
import { isTerminalRun, stepTransition } from "./transitions";
import { countsResumes } from "@/lib/steps/registry";

/** A domain refusal the API maps to a status: missing (404), not allowed (403), conflict (409). */
export class EngineError extends Error {
  constructor(
    readonly code: "not_found" | "forbidden" | "conflict" | "unprocessable",
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export type Actor = AuditActor & { userId: string | null; role?: UserRole };

export type StartRunInput = {
  workflowId: string;
  channel: Channel;
  externalId?: string | null;
  title?: string | null;
  inputs?: Record<string, unknown>;
  context?: Record<string, unknown>;
  jdId?: string | null;
  jdTitle?: string | null;
  resumeIds?: string[];
  forceReprocess?: boolean;
  idempotencyKey?: string | null;
  /** Overrides the configured run timeout. */
  deadlineSeconds?: number | null;
  rerunOf?: string | null;
  source?: WorkflowRun["source"];
};

/**
 * A data binding as a run captured it. Steps are matched by step number: a run's steps are fixed at
 * start, while the workflow's nodes may be edited or deleted later (the step's node_id becomes null).
 * Snapshots taken before step numbers were recorded have only the node ids.
 */
export type RunBinding = {
  sourceNodeId: string;
  sourceKey: string;
  targetNodeId: string;
  targetKey: string;
  sourceStepNumber?: number;
  targetStepNumber?: number;
};
export type ConfigSnapshot = {
  workflow: { id: string; name: string; version: number };
  configs: { global: unknown; channel: unknown; workflow: unknown };
  bindings: RunBinding[];
  captured_at: string;
};

/** The active configuration of each scope that applies to this workflow and channel. */
export async function activeConfigs(tx: Tx, orgId: string, workflowId: string, channel: Channel) {
  const rows = await prepared(
    tx
      .select()
      .from(workflowConfigs)
      .where(
        and(
          eq(workflowConfigs.orgId, orgId),
          eq(workflowConfigs.isActive, true),
          or(
            eq(workflowConfigs.scope, "global"),
            and(eq(workflowConfigs.scope, "channel"), eq(workflowConfigs.channel, channel)),
            and(eq(workflowConfigs.scope, "workflow"), eq(workflowConfigs.workflowId, workflowId)),
          ),
        ),
      ),
  );
  const pick = (scope: string) => {
    const c = rows.find((r) => r.scope === scope);
    return c ? { id: c.id, version: c.version, config: c.config } : null;
  };
  return { global: pick("global"), channel: pick("channel"), workflow: pick("workflow") };
}

/** Later scopes override earlier ones: global < channel < workflow. */
function mergedConfig(configs: Awaited<ReturnType<typeof activeConfigs>>): Record<string, unknown> {
  return { ...configs.global?.config, ...configs.channel?.config, ...configs.workflow?.config };
}

/**
 * Starts a run in one transaction: the run, one step per node with the node's
 * configuration copied in (seed 000), the configuration snapshot (active
 * configs and data bindings at start), the audit entry, and the release of
 * the first step. The public id `WF-…` comes from a sequence, so it is unique
 * under any number of concurrent starts.
 */
export async function startRun(tx: Tx, actor: Actor, input: StartRunInput): Promise<WorkflowRun> {
  return (await startRunWithSteps(tx, actor, input)).run;
}

/**
 * startRun, with the run's steps as they stand when nothing changed them after their insert (the first
 * one released with it), so that the caller answering with the run's document does not read them again;
 * null when they were changed after the insert.
 */
export async function startRunWithSteps(
  tx: Tx,
  actor: Actor,
  input: StartRunInput,
): Promise<{ run: WorkflowRun; steps: WorkflowRunStep[] | null }> {
  // The definition in one round trip: the four reads are sent together (postgres.js pipelines a
  // transaction's concurrent statements) and run in this order. An edit holds the workflow row until
  // it commits, so the FOR SHARE waits for it and the reads behind it see the edit: the run gets the
  // old or the new definition, never a mix.
  // (prepared() starts each at once, in this order, before activeConfigs runs)
  const definition = Promise.all([
    prepared(
      tx
        .select()
        .from(workflows)
        .where(
          and(
            eq(workflows.id, input.workflowId),
            eq(workflows.orgId, actor.orgId),
            eq(workflows.isDeleted, false),
          ),
        )
        .for("share"),
    ),
    prepared(
      tx
        .select()
        .from(workflowNodes)
        .where(eq(workflowNodes.workflowId, input.workflowId))
        .orderBy(asc(workflowNodes.orderNumber), asc(workflowNodes.createdAt)),
    ),
    prepared(
      tx
        .select({
          sourceNodeId: workflowDataBindings.sourceNodeId,
          sourceKey: workflowDataBindings.sourceKey,
          targetNodeId: workflowDataBindings.targetNodeId,
          targetKey: workflowDataBindings.targetKey,
        })
        .from(workflowDataBindings)
        .where(eq(workflowDataBindings.workflowId, input.workflowId)),
    ),
  ]);
  const [[[workflow], nodes, bindings], configs] = await Promise.all([
    definition,
    activeConfigs(tx, actor.orgId, input.workflowId, input.channel),
  ]);
  if (!workflow) throw new EngineError("not_found", "Workflow not found");
  if (!nodes.length) throw new EngineError("unprocessable", `Workflow "${workflow.name}" has no steps`);
  const merged = mergedConfig(configs);
  const stepNumberOf = new Map(nodes.map((n, i) => [n.id, i + 1]));
  const snapshot: ConfigSnapshot = {
    workflow: { id: workflow.id, name: workflow.name, version: workflow.version },
    configs,
    bindings: bindings.map((b) => ({
      ...b,
      sourceStepNumber: stepNumberOf.get(b.sourceNodeId),
      targetStepNumber: stepNumberOf.get(b.targetNodeId),
    })),
    captured_at: new Date().toISOString(),
  };
  const configuredTimeout =
    typeof merged.run_timeout_seconds === "number" ? merged.run_timeout_seconds : null;
  const deadlineSeconds = input.deadlineSeconds ?? configuredTimeout;
  const resumeIds = input.resumeIds ?? [];

  // the run's id is chosen here so that its steps go out with it, in the same round trip
  const runId = randomUUID();
  const insertRun = prepared(
    tx
      .insert(workflowRuns)
      .values({
        id: runId,
        orgId: actor.orgId,
        workflowId: workflow.id,
        workflowVersion: workflow.version,
        channel: input.channel,
        externalId: input.externalId ?? null,
        source: input.source ?? "engine",
        title: input.title ?? input.jdTitle ?? workflow.name,
        startedBy: actor.userId,
        jdId: input.jdId ?? null,
        jdTitle: input.jdTitle ?? null,
        resumeIds,
        totalResumes: resumeIds.length,
        forceReprocess: input.forceReprocess ?? false,
        inputs: input.inputs ?? {},
        context: input.context ?? {},
        configSnapshot: snapshot,
        progress: { completed_steps: 0, total_steps: nodes.length, percentage: 0 },
        metrics: resumeIds.length
          ? { total_candidates: resumeIds.length, processing_time_ms: 0, match_rate: 0, top_matches: 0 }
          : {},
        idempotencyKey: input.idempotencyKey ?? null,
        rerunOf: input.rerunOf ?? null,
        deadlineAt: deadlineSeconds ? sql`now() + ${`${deadlineSeconds} seconds`}::interval` : null,
      })
      .returning(),
  );
  // the steps in one statement of one text whatever their number (prepared once per connection): the
  // rows travel as one jsonb parameter instead of drizzle building a VALUES list (~1 ms of CPU for five)
  const now = new Date();
  const stepRows = nodes.map((n, i) => ({
    node_id: n.id,
    status: "pending" as WorkflowRunStep["status"],
    run_at: null as string | null,
    step_number: i + 1,
    order_number: n.orderNumber,
    step_name: n.stepName,
    step_type: n.stepType,
    step_description: n.stepDescription,
    auto_start: n.autoStart,
    required_human_approval: n.requiredHumanApproval,
    number_of_approvals_needed: n.requiredHumanApproval
      ? (n.numberOfApprovalsNeeded ?? 1)
      : n.numberOfApprovalsNeeded,
    approvers: n.approvers,
    delay_in_seconds: n.delayInSeconds,
    max_retries: n.maxRetries,
    timeout_seconds: n.timeoutSeconds,
    node_config: n.config,
    io_schema: n.ioSchema,
    total_items: initialTotalItems(n.stepType, resumeIds.length),
    events: [
      { type: "step.created", timestamp: now.toISOString(), data: { node_id: n.id } } as StepEventJson,
    ],
  }));
  // the nodes are read in (order_number, created_at) order and numbered so: the first row is the step
  // advanceRun would release
  const first = stepRows[0];
  const released = first ? releasedAtInsert(first, now) : null;
  if (first && released) {
    first.status = released.to;
    first.run_at = released.runAt.toISOString();
    first.events.push(...released.events);
  }
  const insertSteps = preparedRows<{ step: unknown }>(
    tx,
    sql`insert into workflow_run_steps (org_id, run_id, node_id, status, run_at, step_number, order_number,
        step_name, step_type, step_description, auto_start, required_human_approval, number_of_approvals_needed,
        approvers, delay_in_seconds, max_retries, timeout_seconds, node_config, io_schema, total_items, events)
      select ${actor.orgId}::uuid, ${runId}::uuid, s.node_id, s.status, s.run_at, s.step_number, s.order_number,
        s.step_name, s.step_type, s.step_description, s.auto_start, s.required_human_approval,
        s.number_of_approvals_needed, s.approvers, s.delay_in_seconds, s.max_retries, s.timeout_seconds,
        s.node_config, s.io_schema, s.total_items, s.events
      from jsonb_to_recordset(${JSON.stringify(stepRows)}::jsonb) as s(node_id uuid, status text,
        run_at timestamptz, step_number int,
        order_number int, step_name text, step_type text, step_description text, auto_start boolean,
        required_human_approval boolean, number_of_approvals_needed int, approvers jsonb,
        delay_in_seconds int, max_retries int, timeout_seconds int, node_config jsonb, io_schema jsonb,
        total_items int, events jsonb)
      order by s.step_number
      returning to_jsonb(workflow_run_steps) as step`,
  ).then((rows) => rows.map((r) => toStep(json(r.step))));
  // the audit entry rides along too, its resource id read from the run inserted ahead of it: the two
  // inserts started when prepared() was called, before audit() runs, so they are sent first
  // (tests/integration/engine/start.test.ts and api/runs-seed001.test.ts check the entry's resource id)
  const inserted = Promise.all([insertRun, insertSteps]);
  const [[[run], steps]] = await Promise.all([
    inserted,
    // a released step wakes the workers, and the live views learn of the run: with the inserts
    released ? publish(tx, { id: runId, orgId: actor.orgId }, [], [{ k: "wake" }]) : null,
    audit(tx, actor, {
      action: "run.start",
      resourceType: "workflow_run",
      resourceId: sql`(select public_id from workflow_runs where id = ${runId})`,
      details: {
        workflow_id: workflow.id,
        channel: input.channel,
        steps: nodes.length,
        rerun_of: input.rerunOf ?? null,
      },
    }),
  ]);
  if (!run) throw new Error("run insert returned nothing");
  // released with the insert: the run stays pending with the progress it was inserted with
  if (released) return { run, steps };
  // the run and its steps as inserted (this transaction holds them: nobody else sees them yet)
  return { run: await advanceRun(tx, run.id, now, { run, steps }), steps: null };
}

type StepEventJson = ReturnType<typeof eventJson>;

/**
 * The release of a new run's first step, decided by the step machine before the steps are inserted so
 * that the step goes in released (no UPDATE of it, none of the run, two statements fewer per start):
 * only when the machine sends it straight to the queue, where the run stays `pending` with the progress
 * it is inserted with — exactly what advanceRun would write. A gate (approval, manual start, delay) or an
 * external step also moves the run (`start`, `wait`), and goes through advanceRun after the insert.
 */
function releasedAtInsert(
  first: {
    step_type: WorkflowRunStep["stepType"];
    auto_start: boolean;
    required_human_approval: boolean;
    delay_in_seconds: number | null;
    max_retries: number;
  },
  now: Date,
): { to: WorkflowRunStep["status"]; runAt: Date; events: StepEventJson[] } | null {
  if (first.step_type === "external") return null;
  const t = stepTransition("pending", "release", {
    now,
    attempt: 0,
    retryCount: 0,
    node: {
      autoStart: first.auto_start,
      requiredHumanApproval: first.required_human_approval,
      delayInSeconds: first.delay_in_seconds,
      maxRetries: first.max_retries,
    },
  });
  if (!t.ok || t.to !== "queued") return null;
  let runAt: Date | null = null;
  const events: StepEventJson[] = [];
  for (const e of t.effects) {
    if (e.type === "set_run_at") runAt = e.at;
    else if (e.type === "append_event") events.push(eventJson(e.event));
    else return null; // an effect an insert does not express: the UPDATE path writes it
  }
  return runAt ? { to: t.to, runAt, events } : null;
}

/** Steps the registry says count resumes start at the batch size; others count nothing until they report. */
function initialTotalItems(stepType: WorkflowRunStep["stepType"], resumes: number): number {
  return countsResumes(stepType) ? resumes : 0;
}

async function findRun(tx: Tx, orgId: string, runId: string): Promise<WorkflowRun> {
  const run = await lockRun(tx, runId);
  if (!run || run.orgId !== orgId) throw new EngineError("not_found", "Run not found");
  return run;
}

async function findStep(tx: Tx, orgId: string, stepId: string): Promise<WorkflowRunStep> {
  const [step] = await tx
    .select()
    .from(workflowRunSteps)
    .where(and(eq(workflowRunSteps.id, stepId), eq(workflowRunSteps.orgId, orgId)))
    .for("update");
  if (!step) throw new EngineError("not_found", "Step not found");
  return step;
}

/** Cancels a run: open steps are cancelled and running handlers aborted (via NOTIFY and failed heartbeats). */
export async function cancelRun(tx: Tx, actor: Actor, runId: string, reason?: string): Promise<WorkflowRun> {
  await lockRunWithSteps(tx, runId); // steps before the run, like the workers (no deadlock)
  const run = await findRun(tx, actor.orgId, runId);
  const signals: Signal[] = [];
  const cancelled = await transitionRun(tx, run, "cancel", {
    signals,
    set: {
      errorMessage: reason ? `Cancelled: ${reason}` : "Cancelled",
      errorDetails: { cancelled_by: actor.userId },
    },
  });
  await enqueueRunWebhooks(tx, cancelled);
  await audit(tx, actor, {
    action: "run.cancel",
    resourceType: "workflow_run",
    resourceId: run.publicId,
    details: { reason: reason ?? null },
  });
  await publish(tx, cancelled, signals);
  return cancelled;
}

export type ApprovalOutcome = {
  step: WorkflowRunStep;
  run: WorkflowRun;
  approvals: number;
  needed: number;
};

/**
 * Records one approver's decision. The step row lock serializes concurrent
 * decisions, so simultaneous approve/reject resolve to exactly one outcome:
 * whichever commits first decides, the other sees a step that no longer waits.
 */
export async function decideApproval(
  tx: Tx,
  actor: Actor & { userId: string; role: UserRole },
  input: { stepId: string; decision: "approved" | "rejected"; comment?: string | null },
): Promise<ApprovalOutcome> {
  const step = await findStep(tx, actor.orgId, input.stepId);
  if (step.status !== "waiting_approval") {
    throw new IllegalTransition(
      "step",
      step.status,
      "approve",
      `Step is ${step.status}, not waiting for approval`,
    );
  }
  const eligible = step.approvers.length
    ? step.approvers.includes(actor.userId)
    : actor.role === "admin" || actor.role === "manager";
  if (!eligible) throw new EngineError("forbidden", "You are not an approver of this step");
  const inserted = await tx
    .insert(stepApprovals)
    .values({
      orgId: actor.orgId,
      stepId: step.id,
      runId: step.runId,
      userId: actor.userId,
      decision: input.decision,
      comment: input.comment ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: stepApprovals.id });
  if (!inserted.length) throw new EngineError("conflict", "You have already decided on this step");
  const needed = step.numberOfApprovalsNeeded ?? 1;
  const [{ approvals } = { approvals: 0 }] = await tx
    .select({ approvals: sql<number>`count(*)::int` })
    .from(stepApprovals)
    .where(and(eq(stepApprovals.stepId, step.id), eq(stepApprovals.decision, "approved")));
  let run = await findRun(tx, actor.orgId, step.runId);
  let updated: WorkflowRunStep;
  const eventData = { by: actor.userId, comment: input.comment ?? null, approvals, needed };
  await audit(tx, actor, {
    action: input.decision === "approved" ? "step.approve" : "step.reject",
    resourceType: "workflow_run_step",
    resourceId: step.id,
    details: {
      run: run.publicId,
      step_number: step.stepNumber,
      approvals,
      needed,
      comment: input.comment ?? null,
    },
  });
  if (input.decision === "rejected") {
    updated = await transitionStep(tx, step, "reject", {
      eventData,
      set: {
        errorMessage: `Rejected${input.comment ? `: ${input.comment}` : ""}`,
        errorDetails: { rejected_by: actor.userId },
      },
    });
    const signals: Signal[] = [];
    run = await transitionRun(tx, run, "fail", {
      signals,
      set: {
        errorMessage: `Step ${step.stepNumber} (${step.stepName}) was rejected${input.comment ? `: ${input.comment}` : ""}`,
        errorDetails: { step_number: step.stepNumber, rejected_by: actor.userId },
      },
    });
    await enqueueRunWebhooks(tx, run);
    await publish(tx, run, signals);
  } else if (approvals >= needed) {
    updated = await transitionStep(tx, step, "approve_threshold_met", { eventData });
    run = await advanceRun(tx, run.id);
  } else {
    const event = { type: "step.approval", timestamp: new Date().toISOString(), data: eventData };
    [updated = step] = await tx
      .update(workflowRunSteps)
      .set({ events: sql`${workflowRunSteps.events} || ${JSON.stringify([event])}::jsonb` })
      .where(eq(workflowRunSteps.id, step.id))
      .returning();
    await publish(tx, run);
  }
  return { step: updated, run, approvals, needed };
}

/** A user starts a step that waits for a manual start (auto_start false). */
export async function startManualStep(tx: Tx, actor: Actor, stepId: string): Promise<WorkflowRunStep> {
  const step = await findStep(tx, actor.orgId, stepId);
  const started = await transitionStep(tx, step, "manual_start", { eventData: { by: actor.userId } });
  await audit(tx, actor, {
    action: "step.manual_start",
    resourceType: "workflow_run_step",
    resourceId: step.id,
  });
  await advanceRun(tx, step.runId);
  return started;
}

/**
 * Retries a failed, timed-out or cancelled step with a fresh retry budget;
 * reopens its run, and puts the steps after it back to pending.
 */
export async function retryStep(tx: Tx, actor: Actor, stepId: string): Promise<WorkflowRunStep> {
  const step = await findStep(tx, actor.orgId, stepId);
  await lockRunWithSteps(tx, step.runId); // all its steps before the run (resetLaterSteps changes them)
  await assertNoDecisionsFrom(tx, step.runId, step.stepNumber);
  let run = await findRun(tx, actor.orgId, step.runId);
  const retried = await transitionStep(tx, step, "retry", { eventData: { by: actor.userId } });
  await resetLaterSteps(tx, run.id, step.stepNumber);
  if (isTerminalRun(run.status)) run = await transitionRun(tx, run, "rerun_from_step");
  await audit(tx, actor, {
    action: "step.retry",
    resourceType: "workflow_run_step",
    resourceId: step.id,
    details: { run: run.publicId },
  });
  await advanceRun(tx, run.id);
  return retried;
}

/**
 * Approval decisions are final for the run they were made in: retrying or rerunning from a step would
 * run again an approval gate whose approvers have decided (a rejection would turn into a pass). Refused
 * with the way forward: a rerun is a new run, whose gates start a new round with no decisions.
 */
async function assertNoDecisionsFrom(tx: Tx, runId: string, fromStep: number) {
  const [decided] = await tx
    .select({
      stepNumber: workflowRunSteps.stepNumber,
      stepName: workflowRunSteps.stepName,
      decision: stepApprovals.decision,
    })
    .from(stepApprovals)
    .innerJoin(workflowRunSteps, eq(workflowRunSteps.id, stepApprovals.stepId))
    .where(and(eq(stepApprovals.runId, runId), gte(workflowRunSteps.stepNumber, fromStep)))
    .orderBy(desc(sql`${stepApprovals.decision} = 'rejected'`), asc(workflowRunSteps.stepNumber))
    .limit(1);
  if (!decided) return;
  throw new EngineError(
    "conflict",
    `Step ${decided.stepNumber} (${decided.stepName}) was ${decided.decision === "rejected" ? "rejected" : "approved"} by its approvers and decisions are final; rerun the run to start a new approval round`,
    { step_number: decided.stepNumber, decision: decided.decision },
  );
}

async function resetLaterSteps(tx: Tx, runId: string, after: number) {
  const later = await tx
    .select()
    .from(workflowRunSteps)
    .where(and(eq(workflowRunSteps.runId, runId), gte(workflowRunSteps.stepNumber, after + 1)))
    .orderBy(asc(workflowRunSteps.stepNumber))
    .for("update");
  for (const s of later) {
    if (s.status !== "pending") await transitionStep(tx, s, "reset");
  }
}

/**
 * Reruns a finished run from one of its steps, as a new run linked to the original (`rerun_of`): the
 * original is never rewritten, so its timing, outcome and approvals stay what happened. The new run
 * is built from the original's own record — the steps with their copied node configuration and the
 * configuration snapshot — not from today's workflow, so a carried output always matches the step it
 * feeds. Steps before `stepNumber` are carried over with their outputs (a `step.carried` event names
 * the original step; no start, end or duration: they did not run here); that step and the later ones
 * start fresh. A decided approval gate at or after `stepNumber` is refused like a retry (decisions are
 * final; a full rerun starts a new round instead).
 */
export async function rerunFromStep(
  tx: Tx,
  actor: Actor,
  runId: string,
  stepNumber: number,
): Promise<WorkflowRun> {
  // read, never written: shared locks keep a retry of the original from reopening it meanwhile
  await tx
    .select({ id: workflowRunSteps.id })
    .from(workflowRunSteps)
    .where(eq(workflowRunSteps.runId, runId))
    .orderBy(asc(workflowRunSteps.stepNumber))
    .for("share");
  const [original] = await tx
    .select()
    .from(workflowRuns)
    .where(and(eq(workflowRuns.id, runId), eq(workflowRuns.orgId, actor.orgId)))
    .for("share");
  if (!original) throw new EngineError("not_found", "Run not found");
  if (!isTerminalRun(original.status))
    throw new IllegalTransition(
      "run",
      original.status,
      "rerun_from_step",
      `Run is ${original.status}; cancel it or wait for it to end`,
    );
  const steps = await tx
    .select()
    .from(workflowRunSteps)
    .where(eq(workflowRunSteps.runId, original.id))
    .orderBy(asc(workflowRunSteps.stepNumber));
  const from = steps.find((s) => s.stepNumber === stepNumber);
  if (!from) throw new EngineError("not_found", `Run has no step ${stepNumber}`);
  const unfinished = steps.find(
    (s) => s.stepNumber < stepNumber && s.status !== "completed" && s.status !== "skipped",
  );
  if (unfinished)
    throw new EngineError(
      "conflict",
      `Step ${unfinished.stepNumber} (${unfinished.stepName}) did not complete; rerun from it instead`,
    );
  await assertNoDecisionsFrom(tx, original.id, stepNumber);

  const snapshot = original.configSnapshot as ConfigSnapshot | null;
  const configured = snapshot?.configs
    ? mergedConfig(snapshot.configs as Awaited<ReturnType<typeof activeConfigs>>).run_timeout_seconds
    : undefined;
  const deadlineSeconds = typeof configured === "number" ? configured : null;
  const resumeIds = original.resumeIds;
  const [run] = await tx
    .insert(workflowRuns)
    .values({
      orgId: actor.orgId,
      workflowId: original.workflowId,
      workflowVersion: original.workflowVersion,
      channel: original.channel,
      externalId: original.externalId,
      title: original.title,
      startedBy: actor.userId,
      jdId: original.jdId,
      jdTitle: original.jdTitle,
      resumeIds,
      totalResumes: original.totalResumes,
      forceReprocess: original.forceReprocess,
      inputs: original.inputs,
      context: original.context,
      configSnapshot: original.configSnapshot,
      progress: { completed_steps: 0, total_steps: steps.length, percentage: 0 },
      metrics: resumeIds.length
        ? { total_candidates: resumeIds.length, processing_time_ms: 0, match_rate: 0, top_matches: 0 }
        : {},
      rerunOf: original.id,
      deadlineAt: deadlineSeconds ? sql`now() + ${`${deadlineSeconds} seconds`}::interval` : null,
    })
    .returning();
  if (!run) throw new Error("run insert returned nothing");
  const now = new Date().toISOString();
  await tx.insert(workflowRunSteps).values(
    steps.map((s) => {
      const carried = s.stepNumber < stepNumber;
      const created = { type: "step.created", timestamp: now, data: { node_id: s.nodeId } };
      return {
        orgId: actor.orgId,
        runId: run.id,
        nodeId: s.nodeId,
        stepNumber: s.stepNumber,
        orderNumber: s.orderNumber,
        stepName: s.stepName,
        stepType: s.stepType,
        stepDescription: s.stepDescription,
        autoStart: s.autoStart,
        requiredHumanApproval: s.requiredHumanApproval,
        numberOfApprovalsNeeded: s.numberOfApprovalsNeeded,
        approvers: s.approvers,
        delayInSeconds: s.delayInSeconds,
        maxRetries: s.maxRetries,
        timeoutSeconds: s.timeoutSeconds,
        nodeConfig: s.nodeConfig,
        ioSchema: s.ioSchema,
        ...(carried
          ? {
              status: s.status,
              inputData: s.inputData,
              outputData: s.outputData,
              metadata: s.metadata,
              processedItems: s.processedItems,
              totalItems: s.totalItems,
              events: [
                created,
                {
                  type: "step.carried",
                  timestamp: now,
                  data: {
                    from_run: original.publicId,
                    from_step: s.id,
                    status: s.status,
                    by: actor.userId,
                  },
                },
              ],
            }
          : { totalItems: initialTotalItems(s.stepType, resumeIds.length), events: [created] }),
      };
    }),
  );
  await audit(tx, actor, {
    action: "run.rerun_from_step",
    resourceType: "workflow_run",
    resourceId: original.publicId,
    details: { step_number: stepNumber, new_run: run.publicId },
  });
  return advanceRun(tx, run.id);
}

/** Starts a fresh run with the same workflow, channel and inputs. */
export async function rerunRun(tx: Tx, actor: Actor, runId: string): Promise<WorkflowRun> {
  const run = await findRun(tx, actor.orgId, runId);
  if (!run.workflowId) throw new EngineError("conflict", "The run's workflow no longer exists");
  return startRun(tx, actor, {
    workflowId: run.workflowId,
    channel: run.channel,
    externalId: run.externalId,
    title: run.title,
    inputs: run.inputs,
    context: run.context,
    jdId: run.jdId,
    jdTitle: run.jdTitle,
    resumeIds: run.resumeIds,
    forceReprocess: run.forceReprocess,
    rerunOf: run.id,
  });
}

/** Steps waiting for this user's decision (approvals inbox). */
export async function stepsAwaitingApproval(tx: Tx, orgId: string, user: { id: string; role: UserRole }) {
  const canDefault = user.role === "admin" || user.role === "manager";
  return tx
    .select()
    .from(workflowRunSteps)
    .where(
      and(
        eq(workflowRunSteps.orgId, orgId),
        eq(workflowRunSteps.status, "waiting_approval"),
        or(
          sql`${workflowRunSteps.approvers} @> ${JSON.stringify([user.id])}::jsonb`,
          canDefault ? sql`jsonb_array_length(${workflowRunSteps.approvers}) = 0` : sql`false`,
        ),
        sql`not exists (select 1 from step_approvals a where a.step_id = ${workflowRunSteps.id} and a.user_id = ${user.id})`,
      ),
    )
    .orderBy(asc(workflowRunSteps.createdAt));
}
