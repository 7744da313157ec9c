import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Database, Queryable } from "@/db/client";
import {
  analyticsDurationRollups,
  analyticsDurationPeriodRollups,
  analyticsFailurePeriodRollups,
  analyticsFailureRollups,
  analyticsRunRollups,
  analyticsRunPeriodRollups,
  analyticsStepRollups,
  analyticsStepPeriodRollups,
  analyticsTierRollups,
  analyticsTierPeriodRollups,
  apiTokens,
  auditLogs,
  cacheState,
  type Channel,
  channelConfigs,
  channels,
  idempotencyKeys,
  interviews,
  jobDescriptions,
  matchResults,
  organizations,
  resumes,
  savedViews,
  stepApprovals,
  todos,
  users,
  webhookDeliveries,
  workflowChannelConfigs,
  workflowConfigs,
  workflowDataBindings,
  workflowNodes,
  workflowRunSteps,
  workflowRuns,
  workflows,
  workflowVersions,
} from "@/db/schema";
import { withTenant } from "@/db/tenant";

/**
 * Row factories for integration tests. Each takes a transaction (normally the
 * one withTenant opened) plus overrides, fills every required column with a
 * unique value and returns the inserted row.
 */

let counter = 0;
/** A process-wide increasing number (for versions, step numbers …). */
export function nextNumber(): number {
  counter += 1;
  return counter;
}
/** A string no other factory call in this run returns. */
export function uniq(prefix: string): string {
  return `${prefix}-${process.pid}-${nextNumber()}-${randomBytes(3).toString("hex")}`;
}
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

type Org = { orgId: string };
type Fields<T> = Partial<T> & Org;

export type NewOrganization = typeof organizations.$inferInsert;
export type Organization = typeof organizations.$inferSelect;

/** Inserts an organization inside a transaction already scoped to `overrides.id`. */
export async function insertOrganization(
  tx: Queryable,
  overrides: Partial<NewOrganization> & { id: string },
): Promise<Organization> {
  const name = overrides.name ?? uniq("Org");
  const [row] = await tx
    .insert(organizations)
    .values({ name, slug: uniq("org").toLowerCase(), ...overrides })
    .returning();
  return row!;
}

/**
 * Creates an organization through withTenant: the organizations policy checks
 * `id = app_current_org_id()`, so the id is generated first.
 */
export function makeOrganization(
  db: Database,
  overrides: Partial<NewOrganization> = {},
): Promise<Organization> {
  const id = overrides.id ?? randomUUID();
  return withTenant(db, id, (tx) => insertOrganization(tx, { ...overrides, id }));
}

export async function makeUser(tx: Queryable, overrides: Fields<typeof users.$inferInsert>) {
  const [row] = await tx
    .insert(users)
    .values({
      email: `${uniq("user")}@example.test`,
      name: uniq("User"),
      role: "recruiter",
      passwordHash: "$2b$10$not-a-real-hash",
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeApiToken(
  tx: Queryable,
  overrides: Fields<typeof apiTokens.$inferInsert> & { userId: string },
) {
  const secret = `rl_${randomBytes(32).toString("base64url")}`;
  const [row] = await tx
    .insert(apiTokens)
    .values({ name: uniq("token"), prefix: secret.slice(0, 10), tokenHash: sha256(secret), ...overrides })
    .returning();
  return row!;
}

export async function makeAuditLog(tx: Queryable, overrides: Fields<typeof auditLogs.$inferInsert>) {
  const [row] = await tx
    .insert(auditLogs)
    .values({ action: "test.action", resourceType: "test", success: true, ...overrides })
    .returning();
  return row!;
}

export async function makeJobDescription(
  tx: Queryable,
  overrides: Fields<typeof jobDescriptions.$inferInsert>,
) {
  const [row] = await tx
    .insert(jobDescriptions)
    .values({ title: uniq("Engineer"), description: "Builds things.", ...overrides })
    .returning();
  return row!;
}

export async function makeResume(tx: Queryable, overrides: Fields<typeof resumes.$inferInsert>) {
  const text = uniq("resume");
  const [row] = await tx
    .insert(resumes)
    .values({
      candidateName: uniq("Candidate"),
      fileName: `${text}.txt`,
      mimeType: "text/plain",
      fileSize: text.length,
      contentHash: sha256(text),
      fileData: new Uint8Array(Buffer.from(text)),
      extractedText: text,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeWorkflow(tx: Queryable, overrides: Fields<typeof workflows.$inferInsert>) {
  const [row] = await tx
    .insert(workflows)
    .values({ name: uniq("Workflow"), ...overrides })
    .returning();
  return row!;
}

export async function makeWorkflowVersion(
  tx: Queryable,
  overrides: Fields<typeof workflowVersions.$inferInsert> & { workflowId: string },
) {
  const [row] = await tx
    .insert(workflowVersions)
    .values({ version: 1000 + nextNumber(), definition: { nodes: [] }, ...overrides })
    .returning();
  return row!;
}

export type NewNode = typeof workflowNodes.$inferInsert;

export async function makeNode(tx: Queryable, overrides: Fields<NewNode> & { workflowId: string }) {
  const [row] = await tx
    .insert(workflowNodes)
    .values({ orderNumber: 0, stepName: uniq("Step"), stepType: "manual", ...overrides })
    .returning();
  return row!;
}

/** A workflow and its nodes, ordered 1..n unless the node overrides say otherwise. */
export async function makeWorkflowWithNodes(
  tx: Queryable,
  overrides: Fields<typeof workflows.$inferInsert>,
  nodes: Partial<NewNode>[] = [{}, {}],
) {
  const workflow = await makeWorkflow(tx, overrides);
  const made = [];
  for (const [index, node] of nodes.entries()) {
    made.push(
      await makeNode(tx, { orgId: workflow.orgId, workflowId: workflow.id, orderNumber: index + 1, ...node }),
    );
  }
  return { workflow, nodes: made };
}

export async function makeDataBinding(
  tx: Queryable,
  overrides: Fields<typeof workflowDataBindings.$inferInsert> & {
    workflowId: string;
    sourceNodeId: string;
    targetNodeId: string;
  },
) {
  const [row] = await tx
    .insert(workflowDataBindings)
    .values({ sourceKey: "out", targetKey: uniq("in"), ...overrides })
    .returning();
  return row!;
}

/** A configuration version; global scope and inactive unless overridden. */
export async function makeWorkflowConfig(
  tx: Queryable,
  overrides: Fields<typeof workflowConfigs.$inferInsert>,
) {
  const [row] = await tx
    .insert(workflowConfigs)
    .values({ scope: "global", version: 1000 + nextNumber(), config: { retries: 3 }, ...overrides })
    .returning();
  return row!;
}

export async function makeChannelConfig(
  tx: Queryable,
  overrides: Fields<typeof channelConfigs.$inferInsert> & { channel: Channel },
) {
  const [row] = await tx
    .insert(channelConfigs)
    .values({ config: { enabled: true }, ...overrides })
    .returning();
  return row!;
}

export async function makeWorkflowChannelConfig(
  tx: Queryable,
  overrides: Fields<typeof workflowChannelConfigs.$inferInsert> & { workflowId: string; channel: Channel },
) {
  const [row] = await tx
    .insert(workflowChannelConfigs)
    .values({ priority: 1, webhookUrl: "https://hooks.example.test/runledger", ...overrides })
    .returning();
  return row!;
}

export type NewRun = typeof workflowRuns.$inferInsert;
export type NewStep = typeof workflowRunSteps.$inferInsert;

export async function makeRun(tx: Queryable, overrides: Fields<NewRun>) {
  const [row] = await tx
    .insert(workflowRuns)
    .values({ title: uniq("Run"), ...overrides })
    .returning();
  return row!;
}

export async function makeStep(
  tx: Queryable,
  overrides: Fields<NewStep> & { runId: string; stepNumber: number },
) {
  const [row] = await tx
    .insert(workflowRunSteps)
    .values({ stepName: `Step ${overrides.stepNumber}`, orderNumber: overrides.stepNumber, ...overrides })
    .returning();
  return row!;
}

/** A run and its steps, numbered 1..n unless the step overrides say otherwise. */
export async function makeRunWithSteps(
  tx: Queryable,
  overrides: Fields<NewRun>,
  steps: Partial<NewStep>[] = [{}],
) {
  const run = await makeRun(tx, overrides);
  const made = [];
  for (const [index, step] of steps.entries()) {
    made.push(await makeStep(tx, { orgId: run.orgId, runId: run.id, stepNumber: index + 1, ...step }));
  }
  return { run, steps: made };
}

export async function makeApproval(
  tx: Queryable,
  overrides: Fields<typeof stepApprovals.$inferInsert> & { stepId: string; runId: string; userId: string },
) {
  const [row] = await tx
    .insert(stepApprovals)
    .values({ decision: "approved", ...overrides })
    .returning();
  return row!;
}

export async function makeMatchResult(
  tx: Queryable,
  overrides: Fields<typeof matchResults.$inferInsert> & { runId: string; jdId: string; resumeId: string },
) {
  const [row] = await tx
    .insert(matchResults)
    .values({ score: 82.5, band: "good", matchedSkills: ["typescript"], missingSkills: ["go"], ...overrides })
    .returning();
  return row!;
}

export async function makeInterview(tx: Queryable, overrides: Fields<typeof interviews.$inferInsert>) {
  const [row] = await tx
    .insert(interviews)
    .values({ title: uniq("Interview"), scheduledAt: new Date("2030-01-02T10:00:00.000Z"), ...overrides })
    .returning();
  return row!;
}

export async function makeTodo(tx: Queryable, overrides: Fields<typeof todos.$inferInsert>) {
  const [row] = await tx
    .insert(todos)
    .values({ title: uniq("Todo"), ...overrides })
    .returning();
  return row!;
}

export async function makeWebhookDelivery(
  tx: Queryable,
  overrides: Fields<typeof webhookDeliveries.$inferInsert> & { runId: string },
) {
  const [row] = await tx
    .insert(webhookDeliveries)
    .values({
      url: "https://hooks.example.test/runledger",
      eventType: "run.completed",
      payload: { run_id: overrides.runId },
      ...overrides,
    })
    .returning();
  return row!;
}

// Analytics rollup rows (db/schema/analytics.ts). Triggers write these as runs and steps change; the
// factories add one delta row directly, as a compaction would, for the tenancy and schema tests.
export async function makeRunRollup(
  tx: Queryable,
  overrides: Fields<typeof analyticsRunRollups.$inferInsert>,
) {
  const [row] = await tx
    .insert(analyticsRunRollups)
    .values({
      day: "2024-01-01",
      channel: "web",
      status: "completed",
      runs: 0,
      durations: 0,
      durationSum: 0,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeTierRollup(
  tx: Queryable,
  overrides: Fields<typeof analyticsTierRollups.$inferInsert>,
) {
  const [row] = await tx
    .insert(analyticsTierRollups)
    .values({
      day: "2024-01-01",
      status: "completed",
      runs: 0,
      tokenRuns: 0,
      tokens: 0,
      usedTokens: 0,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeStepRollup(
  tx: Queryable,
  overrides: Fields<typeof analyticsStepRollups.$inferInsert>,
) {
  const [row] = await tx
    .insert(analyticsStepRollups)
    .values({
      day: "2024-01-01",
      stepType: "resume_extraction",
      stepName: "Extract",
      status: "completed",
      steps: 0,
      durations: 0,
      durationSum: 0,
      retries: 0,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeDurationRollup(
  tx: Queryable,
  overrides: Fields<typeof analyticsDurationRollups.$inferInsert>,
) {
  const [row] = await tx
    .insert(analyticsDurationRollups)
    .values({ day: "2024-01-01", kind: "run", dim: "web", bin: 100, n: 0, ...overrides })
    .returning();
  return row!;
}

/** Week and month rollup rows (0016); in the product only the day rows' copy triggers write them, for folded rows. */
const periodTables = {
  run: [
    analyticsRunPeriodRollups,
    { channel: "web", status: "completed", runs: 0, durations: 0, durationSum: 0 },
  ],
  tier: [
    analyticsTierPeriodRollups,
    { status: "completed", runs: 0, tokenRuns: 0, tokens: 0, usedTokens: 0 },
  ],
  step: [
    analyticsStepPeriodRollups,
    {
      stepType: "jd_reader",
      stepName: "Read JD",
      status: "completed",
      steps: 0,
      durations: 0,
      durationSum: 0,
      retries: 0,
    },
  ],
  duration: [analyticsDurationPeriodRollups, { kind: "run", dim: "web", bin: 100, n: 0 }],
  failure: [
    analyticsFailurePeriodRollups,
    {
      stepType: "jd_reader",
      stepName: "Read JD",
      normalizedError: "boom",
      failures: 0,
      runs: 0,
      timeouts: 0,
    },
  ],
} as const;

export async function makePeriodRollup(tx: Queryable, kind: keyof typeof periodTables, orgId: string) {
  const [table, values] = periodTables[kind];
  // one insert over five tables of the same shape: typed by the caller's use (id and org); a failure
  // group's key is unique per period, so each row gets its own message
  const rows = (await tx
    .insert(table as typeof analyticsRunPeriodRollups)
    .values({
      orgId,
      period: "week" as const,
      start: "2024-01-01",
      ...(values as (typeof periodTables.run)[1]),
      ...(kind === "failure" ? { normalizedError: `boom ${randomUUID()}` } : {}),
    })
    .returning()) as { id: string; orgId: string }[];
  return rows[0]!;
}

export async function makePeriodRollups(tx: Queryable, orgId: string) {
  return {
    run: await makePeriodRollup(tx, "run", orgId),
    tier: await makePeriodRollup(tx, "tier", orgId),
    step: await makePeriodRollup(tx, "step", orgId),
    duration: await makePeriodRollup(tx, "duration", orgId),
    failure: await makePeriodRollup(tx, "failure", orgId),
  };
}

export async function makeFailureRollup(
  tx: Queryable,
  overrides: Fields<typeof analyticsFailureRollups.$inferInsert>,
) {
  const [row] = await tx
    .insert(analyticsFailureRollups)
    .values({
      day: "2024-01-01",
      stepType: "resume_extraction",
      stepName: "Extract",
      normalizedError: "(no message)",
      failures: 0,
      runs: 0,
      timeouts: 0,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeCacheEntry(tx: Queryable, overrides: Fields<typeof cacheState.$inferInsert>) {
  const [row] = await tx
    .insert(cacheState)
    .values({
      agent: "resume-reader",
      contentHash: sha256(uniq("content")),
      value: { skills: ["sql"] },
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeSavedView(
  tx: Queryable,
  overrides: Fields<typeof savedViews.$inferInsert> & { userId: string },
) {
  const [row] = await tx
    .insert(savedViews)
    .values({ name: uniq("View"), params: { status: "failed" }, ...overrides })
    .returning();
  return row!;
}

export async function makeIdempotencyKey(
  tx: Queryable,
  overrides: Fields<typeof idempotencyKeys.$inferInsert>,
) {
  const [row] = await tx
    .insert(idempotencyKeys)
    .values({
      principal: `user:${randomUUID()}`,
      key: uniq("idem"),
      method: "POST",
      path: "/api/runs",
      requestHash: sha256(uniq("body")),
      ...overrides,
    })
    .returning();
  return row!;
}

/* ------------------------------------------------------------------------------------------------ */
/* A world: one organization with at least one row in every tenant table.                          */
/* ------------------------------------------------------------------------------------------------ */

export async function seedWorldRows(tx: Queryable, org: Organization) {
  const orgId = org.id;
  const admin = await makeUser(tx, { orgId, role: "admin" });
  const recruiter = await makeUser(tx, { orgId, role: "recruiter" });
  const apiToken = await makeApiToken(tx, { orgId, userId: admin.id });
  const auditLog = await makeAuditLog(tx, { orgId, userId: admin.id, apiTokenId: apiToken.id });
  const jobDescription = await makeJobDescription(tx, { orgId, createdBy: admin.id });
  const resumeA = await makeResume(tx, { orgId, uploadedBy: recruiter.id });
  const resumeB = await makeResume(tx, { orgId, uploadedBy: recruiter.id });
  const { workflow, nodes } = await makeWorkflowWithNodes(tx, { orgId, createdBy: admin.id });
  const workflowVersion = await makeWorkflowVersion(tx, { orgId, workflowId: workflow.id, version: 1 });
  const dataBinding = await makeDataBinding(tx, {
    orgId,
    workflowId: workflow.id,
    sourceNodeId: nodes[0]!.id,
    targetNodeId: nodes[1]!.id,
  });
  const workflowConfig = await makeWorkflowConfig(tx, {
    orgId,
    scope: "workflow",
    workflowId: workflow.id,
    version: 1,
    isActive: true,
  });
  const channelConfig = await makeChannelConfig(tx, { orgId, channel: "web" });
  const workflowChannelConfig = await makeWorkflowChannelConfig(tx, {
    orgId,
    workflowId: workflow.id,
    channel: "web",
  });
  const { run, steps } = await makeRunWithSteps(
    tx,
    { orgId, workflowId: workflow.id, jdId: jobDescription.id, startedBy: recruiter.id },
    nodes.map((n) => ({ nodeId: n.id, stepName: n.stepName, stepType: n.stepType })),
  );
  const otherRun = await makeRun(tx, { orgId, workflowId: workflow.id });
  const stepApproval = await makeApproval(tx, {
    orgId,
    stepId: steps[0]!.id,
    runId: run.id,
    userId: admin.id,
  });
  const matchResult = await makeMatchResult(tx, {
    orgId,
    runId: run.id,
    jdId: jobDescription.id,
    resumeId: resumeA.id,
  });
  const interview = await makeInterview(tx, {
    orgId,
    workflowId: workflow.id,
    runId: run.id,
    resumeId: resumeA.id,
  });
  const todo = await makeTodo(tx, {
    orgId,
    workflowId: workflow.id,
    runId: run.id,
    assigneeId: recruiter.id,
  });
  const webhookDelivery = await makeWebhookDelivery(tx, {
    orgId,
    runId: run.id,
    workflowChannelConfigId: workflowChannelConfig.id,
  });
  const cacheEntry = await makeCacheEntry(tx, { orgId });
  const savedView = await makeSavedView(tx, { orgId, userId: recruiter.id });
  const idempotencyKey = await makeIdempotencyKey(tx, { orgId });
  // the run and steps above already wrote run, tier and step rollups; these have no trigger source here
  const durationRollup = await makeDurationRollup(tx, { orgId });
  const failureRollup = await makeFailureRollup(tx, { orgId });
  const periodRollups = await makePeriodRollups(tx, orgId);
  return {
    org,
    users: [admin, recruiter] as const,
    apiToken,
    auditLog,
    jobDescription,
    resumes: [resumeA, resumeB] as const,
    workflow,
    nodes,
    workflowVersion,
    dataBinding,
    workflowConfig,
    channelConfig,
    workflowChannelConfig,
    runs: [run, otherRun] as const,
    steps,
    stepApproval,
    matchResult,
    interview,
    todo,
    webhookDelivery,
    cacheEntry,
    savedView,
    idempotencyKey,
    durationRollup,
    failureRollup,
    periodRollups,
    /** Unique combinations already used by rows of this world (see rowMakers). */
    taken: new Set<string>([
      `approval:${steps[0]!.id}:${admin.id}`,
      `match:${run.id}:${resumeA.id}`,
      "channel:web",
      "wcc:web",
    ]),
  };
}

export type World = Awaited<ReturnType<typeof seedWorldRows>>;

/** Creates an organization and one or more rows in every tenant table, all through withTenant. */
export async function makeWorld(db: Database): Promise<World> {
  const id = randomUUID();
  return withTenant(db, id, async (tx) => seedWorldRows(tx, await insertOrganization(tx, { id })));
}

function claim<T>(w: World, kind: string, candidates: T[], key: (c: T) => string): T {
  const free = candidates.find((c) => !w.taken.has(`${kind}:${key(c)}`));
  if (free === undefined) throw new Error(`world has no unused ${kind} combination left`);
  w.taken.add(`${kind}:${key(free)}`);
  return free;
}

/** Inserts one row and returns it as read back by RETURNING. */
export type RowMaker = (tx: Queryable, w: World) => Promise<{ id: string } & Record<string, unknown>>;

/**
 * One more row for world `w` in each tenant table, referencing only rows the
 * world already has, so exactly one INSERT (into that table) is issued.
 */
const makers = {
  organizations: (tx, _w) => insertOrganization(tx, { id: randomUUID() }),
  users: (tx, w) => makeUser(tx, { orgId: w.org.id, role: "analyst" }),
  api_tokens: (tx, w) => makeApiToken(tx, { orgId: w.org.id, userId: w.users[0].id }),
  audit_logs: (tx, w) => makeAuditLog(tx, { orgId: w.org.id, userId: w.users[1].id }),
  job_descriptions: (tx, w) => makeJobDescription(tx, { orgId: w.org.id }),
  resumes: (tx, w) => makeResume(tx, { orgId: w.org.id }),
  workflows: (tx, w) => makeWorkflow(tx, { orgId: w.org.id }),
  workflow_versions: (tx, w) => makeWorkflowVersion(tx, { orgId: w.org.id, workflowId: w.workflow.id }),
  workflow_nodes: (tx, w) => makeNode(tx, { orgId: w.org.id, workflowId: w.workflow.id, orderNumber: 9 }),
  workflow_data_bindings: (tx, w) =>
    makeDataBinding(tx, {
      orgId: w.org.id,
      workflowId: w.workflow.id,
      sourceNodeId: w.nodes[0]!.id,
      targetNodeId: w.nodes[1]!.id,
    }),
  workflow_configs: (tx, w) => makeWorkflowConfig(tx, { orgId: w.org.id }),
  channel_configs: (tx, w) =>
    makeChannelConfig(tx, { orgId: w.org.id, channel: claim(w, "channel", [...channels], (c) => c) }),
  workflow_channel_configs: (tx, w) =>
    makeWorkflowChannelConfig(tx, {
      orgId: w.org.id,
      workflowId: w.workflow.id,
      channel: claim(w, "wcc", [...channels], (c) => c),
    }),
  workflow_runs: (tx, w) => makeRun(tx, { orgId: w.org.id, workflowId: w.workflow.id }),
  workflow_run_steps: (tx, w) =>
    makeStep(tx, { orgId: w.org.id, runId: w.runs[0].id, stepNumber: 1000 + nextNumber() }),
  step_approvals: (tx, w) => {
    const pairs = w.steps.flatMap((step) => w.users.map((user) => ({ step, user })));
    const { step, user } = claim(w, "approval", pairs, (p) => `${p.step.id}:${p.user.id}`);
    return makeApproval(tx, { orgId: w.org.id, stepId: step.id, runId: step.runId, userId: user.id });
  },
  match_results: (tx, w) => {
    const pairs = w.runs.flatMap((run) => w.resumes.map((resume) => ({ run, resume })));
    const { run, resume } = claim(w, "match", pairs, (p) => `${p.run.id}:${p.resume.id}`);
    return makeMatchResult(tx, {
      orgId: w.org.id,
      runId: run.id,
      jdId: w.jobDescription.id,
      resumeId: resume.id,
    });
  },
  interviews: (tx, w) => makeInterview(tx, { orgId: w.org.id, workflowId: w.workflow.id }),
  todos: (tx, w) => makeTodo(tx, { orgId: w.org.id, workflowId: w.workflow.id }),
  webhook_deliveries: (tx, w) => makeWebhookDelivery(tx, { orgId: w.org.id, runId: w.runs[0].id }),
  cache_state: (tx, w) => makeCacheEntry(tx, { orgId: w.org.id }),
  saved_views: (tx, w) => makeSavedView(tx, { orgId: w.org.id, userId: w.users[0].id }),
  idempotency_keys: (tx, w) => makeIdempotencyKey(tx, { orgId: w.org.id }),
  analytics_run_rollups: (tx, w) => makeRunRollup(tx, { orgId: w.org.id }),
  analytics_tier_rollups: (tx, w) => makeTierRollup(tx, { orgId: w.org.id }),
  analytics_step_rollups: (tx, w) => makeStepRollup(tx, { orgId: w.org.id }),
  analytics_duration_rollups: (tx, w) => makeDurationRollup(tx, { orgId: w.org.id }),
  analytics_failure_rollups: (tx, w) => makeFailureRollup(tx, { orgId: w.org.id }),
  analytics_run_period_rollups: (tx, w) => makePeriodRollup(tx, "run", w.org.id),
  analytics_tier_period_rollups: (tx, w) => makePeriodRollup(tx, "tier", w.org.id),
  analytics_step_period_rollups: (tx, w) => makePeriodRollup(tx, "step", w.org.id),
  analytics_duration_period_rollups: (tx, w) => makePeriodRollup(tx, "duration", w.org.id),
  analytics_failure_period_rollups: (tx, w) => makePeriodRollup(tx, "failure", w.org.id),
} satisfies Record<string, RowMaker>;

export type TenantTable = keyof typeof makers;
export const rowMakers: Record<TenantTable, RowMaker> = makers;
export const tenantTables = Object.keys(rowMakers).sort() as TenantTable[];

/** The column that names a row's organization. */
export function orgColumn(table: TenantTable): "id" | "org_id" {
  return table === "organizations" ? "id" : "org_id";
}
