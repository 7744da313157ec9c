import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { type Database, rows, type Tx } from "@/db/client";
import {
  auditLogs,
  channelConfigs,
  interviews,
  jobDescriptions,
  matchResults,
  organizations,
  resumes,
  stepApprovals,
  todos,
  users,
  type WorkflowNode,
  workflowChannelConfigs,
  workflowConfigs,
  workflowDataBindings,
  workflowNodes,
  workflowRunSteps,
  workflowRuns,
  workflows,
  workflowVersions,
} from "@/db/schema";
import type { RunStatus, UserRole } from "@/db/schema/enums";
import { asAuth, withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import {
  AI_RESUME_MATCHING_KEY,
  CANDIDATE_PIPELINE_KEY,
  ensureBuiltinWorkflows,
} from "@/lib/workflows/builtin";
import { insertWorkflowDefinition } from "@/lib/workflows/create";
import { insertOrganization, uniqueViolation } from "@/lib/workflows/provision";
import { DEMO_ORG, DEMO_PASSWORD, demoAccounts } from "./accounts";
import { demoChannelConfigs, demoConfigVersions } from "./configs";
import { demoJobs, jobDescriptionText, parsedJob } from "./jobs";
import { Prng } from "./random";
import { demoResumes } from "./resumes";
import { type DemoUser, type DemoWorkflowKind, type GeneratorWorkflow, generateRuns } from "./runs";
import { efaxIntakeDefinition, voiceScreeningDefinition } from "./workflows";

// The demo organization: what `npm start` puts into an empty embedded database and
// `npm run db:seed` into any empty one.
//
// Decisions:
// - Only into a database without organizations: the demo logins must never appear next to real
//   tenants. The check reads across tenants under the auth role (its policies allow exactly that).
// - One withTenant transaction for everything: a failed seed leaves the database empty, so it can
//   simply be run again. Rows go in with multi-row inserts in chunks well below PostgreSQL's
//   65,535-parameter limit; 300 runs take about a second on PGlite.
// - A seeded PRNG drives every choice, so the data set (runs, statuses, durations, scores) is the
//   same for a given seed and `now`. Organization and user ids are random: they are identities.
// - History is backdated: the organization, its users and workflows are 90 days old, job
//   descriptions and resumes predate the 60 days of runs, config versions change mid-history.

export const DEFAULT_SEED = 20_251_112;
export const DEFAULT_RUNS = 300;

export type SeedOptions = {
  /** The moment the history ends (default: the current time). */
  now?: Date;
  /** Number of runs, live ones included (default 300). */
  runs?: number;
  /** PRNG seed (default DEFAULT_SEED). */
  seed?: number;
  /** bcrypt cost for the demo passwords; tests lower it (default: lib/auth/password's). */
  passwordCost?: number;
};

export type SeedSummary = {
  orgId: string;
  users: { role: UserRole; email: string; id: string }[];
  workflows: number;
  jobDescriptions: number;
  resumes: number;
  runs: number;
  runsByStatus: Partial<Record<RunStatus, number>>;
  steps: number;
  matchResults: number;
  approvals: number;
  interviews: number;
  todos: number;
  workflowConfigs: number;
  channelConfigs: number;
  auditLogs: number;
  elapsedMs: number;
};

export type SeedResult = { created: true; summary: SeedSummary } | { created: false; reason: string };

const DAY_MS = 86_400_000;

/** Seeds the demo organization into an empty database; does nothing (and says why) otherwise. */
export async function seedDemo(db: Database, options: SeedOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const existing = await countOrganizations(db);
  if (existing > 0) {
    return {
      created: false,
      reason: `the database already has ${existing} organization${existing === 1 ? "" : "s"}; the demo is only seeded into an empty database`,
    };
  }
  const now = options.now ?? new Date();
  const prng = new Prng(options.seed ?? DEFAULT_SEED);
  const runCount = Math.max(1, Math.trunc(options.runs ?? DEFAULT_RUNS));
  // Hashed before the transaction (bcrypt is slow on purpose and should not hold locks), and once:
  // the four logins share one published password, so per-user salts would protect nothing and
  // would quadruple the start-up cost of `npm start` on an empty database.
  const passwordHash = await hashPassword(DEMO_PASSWORD, options.passwordCost);

  const orgId = randomUUID();
  try {
    const summary = await withTenant(db, orgId, (tx) =>
      seedInto(tx, { orgId, now, prng, runCount, passwordHash }),
    );
    return { created: true, summary: { ...summary, elapsedMs: Math.round(performance.now() - started) } };
  } catch (error) {
    // a concurrent seeder won the race for the demo slug or e-mails: the database is seeded either way
    const constraint = uniqueViolation(error);
    if (constraint === "organizations_slug_key" || constraint === "users_email_key") {
      return { created: false, reason: "the demo organization was created concurrently by another process" };
    }
    throw error;
  }
}

async function countOrganizations(db: Database): Promise<number> {
  const [row] = await asAuth(db, (tx) =>
    rows<{ n: number }>(tx, sql`select count(*)::int as n from organizations`),
  );
  return Number(row?.n ?? 0);
}

type SeedContext = { orgId: string; now: Date; prng: Prng; runCount: number; passwordHash: string };

async function seedInto(tx: Tx, ctx: SeedContext): Promise<Omit<SeedSummary, "elapsedMs">> {
  const { orgId, now, prng } = ctx;
  const orgCreatedAt = new Date(now.getTime() - 90 * DAY_MS);

  // --- organization, users, workflows ----------------------------------------------------------------
  await insertOrganization(tx, { id: orgId, name: DEMO_ORG.name, slug: DEMO_ORG.slug });
  const userRows = await tx
    .insert(users)
    .values(
      demoAccounts.map((a) => ({
        orgId,
        email: a.email,
        name: a.name,
        role: a.role,
        passwordHash: ctx.passwordHash,
        createdAt: orgCreatedAt,
        updatedAt: orgCreatedAt,
      })),
    )
    .returning({ id: users.id, role: users.role, email: users.email, name: users.name });
  const byRole = (role: UserRole): DemoUser => {
    const user = userRows.find((u) => u.role === role);
    if (!user) throw new Error(`demo account for role ${role} is missing`);
    return { id: user.id, name: user.name };
  };
  const people = {
    admin: byRole("admin"),
    manager: byRole("manager"),
    recruiter: byRole("recruiter"),
    analyst: byRole("analyst"),
  };

  const builtin = await ensureBuiltinWorkflows(tx, orgId, people.admin.id);
  const voice = await insertWorkflowDefinition(tx, orgId, voiceScreeningDefinition, {
    createdBy: people.admin.id,
  });
  const efax = await insertWorkflowDefinition(tx, orgId, efaxIntakeDefinition, {
    createdBy: people.admin.id,
  });
  const workflowIds: Record<DemoWorkflowKind, string> = {
    matching: builtin[AI_RESUME_MATCHING_KEY],
    pipeline: builtin[CANDIDATE_PIPELINE_KEY],
    voice: voice.workflowId,
    efax: efax.workflowId,
  };
  await backdateDefinitions(tx, orgId, orgCreatedAt);

  const nodes = await tx
    .select()
    .from(workflowNodes)
    .where(eq(workflowNodes.orgId, orgId))
    .orderBy(asc(workflowNodes.workflowId), asc(workflowNodes.orderNumber));
  const workflowRows = await tx
    .select({ id: workflows.id, name: workflows.name, version: workflows.version })
    .from(workflows)
    .where(eq(workflows.orgId, orgId));
  const generatorWorkflow = (kind: DemoWorkflowKind): GeneratorWorkflow => {
    const row = workflowRows.find((w) => w.id === workflowIds[kind]);
    if (!row) throw new Error(`demo workflow ${kind} is missing`);
    const own: WorkflowNode[] = nodes.filter((n) => n.workflowId === row.id);
    return { id: row.id, name: row.name, version: row.version, nodes: own };
  };

  // --- configuration ----------------------------------------------------------------------------------
  const latest = new Map<string, number>();
  const scopeKey = (v: (typeof demoConfigVersions)[number]) =>
    `${v.scope}:${v.channel ?? ""}:${v.workflow ?? ""}`;
  for (const v of demoConfigVersions)
    latest.set(scopeKey(v), Math.max(latest.get(scopeKey(v)) ?? 0, v.version));
  const configRows = demoConfigVersions.map((v) => {
    const at = new Date(now.getTime() - v.activatedDaysAgo * DAY_MS);
    return {
      id: prng.uuid(),
      orgId,
      scope: v.scope,
      channel: v.channel,
      workflowId: v.workflow === "matching" ? workflowIds.matching : null,
      version: v.version,
      config: v.config,
      isActive: latest.get(scopeKey(v)) === v.version,
      createdBy: people.admin.id,
      activatedBy: people.admin.id,
      activatedAt: at,
      createdAt: at,
    };
  });
  await tx.insert(workflowConfigs).values(configRows);
  await tx.insert(channelConfigs).values(
    demoChannelConfigs.map((c) => ({
      orgId,
      channel: c.channel,
      isActive: c.isActive,
      config: c.config,
      createdAt: orgCreatedAt,
      updatedAt: orgCreatedAt,
    })),
  );

  // --- job descriptions and resumes -------------------------------------------------------------------
  const jobRows = demoJobs.map((job, i) => ({
    id: prng.uuid(),
    orgId,
    title: job.title,
    department: job.department,
    location: job.location,
    employmentType: job.employmentType,
    description: jobDescriptionText(job),
    parsed: parsedJob(job),
    createdBy: i % 3 === 0 ? people.manager.id : people.recruiter.id,
    createdAt: new Date(now.getTime() - (88 - i * 2) * DAY_MS),
    updatedAt: new Date(now.getTime() - (88 - i * 2) * DAY_MS),
  }));
  // inserted oldest first: JD- public ids come from the sequence default in this order
  const insertedJobs = await tx
    .insert(jobDescriptions)
    .values(jobRows)
    .returning({ id: jobDescriptions.id, publicId: jobDescriptions.publicId });
  const publicIdOf = new Map(insertedJobs.map((j) => [j.id, j.publicId]));

  const resumeData = demoResumes(prng, now);
  const resumeRows = resumeData.map((r, i) => {
    const bytes = Buffer.from(r.text, "utf8");
    const at = new Date(now.getTime() - (85 - Math.floor(i / 2)) * DAY_MS);
    return {
      id: prng.uuid(),
      orgId,
      candidateName: r.candidateName,
      email: r.email,
      phone: r.phone,
      fileName: r.fileName,
      mimeType: "text/plain",
      fileSize: bytes.byteLength,
      contentHash: createHash("sha256").update(bytes).digest("hex"),
      fileData: bytes,
      extractedText: r.text,
      status: "extracted" as const,
      source: "demo" as const,
      uploadedBy: people.recruiter.id,
      createdAt: at,
      updatedAt: at,
    };
  });
  await tx.insert(resumes).values(resumeRows);

  // --- runs and everything around them ----------------------------------------------------------------
  const data = generateRuns({
    prng,
    now,
    orgId,
    runs: ctx.runCount,
    workflows: {
      matching: generatorWorkflow("matching"),
      pipeline: generatorWorkflow("pipeline"),
      voice: generatorWorkflow("voice"),
      efax: generatorWorkflow("efax"),
    },
    users: people,
    jobs: jobRows.map((row, i) => ({
      id: row.id,
      publicId: publicIdOf.get(row.id) ?? "",
      job: demoJobs[i]!,
    })),
    resumes: resumeRows.map((row, i) => ({ id: row.id, resume: resumeData[i]! })),
  });

  const runPublicIds = new Map<string, string>();
  for (const chunk of chunks(data.runs, 200)) {
    const inserted = await tx
      .insert(workflowRuns)
      .values(chunk)
      .returning({ id: workflowRuns.id, publicId: workflowRuns.publicId });
    for (const r of inserted) runPublicIds.set(r.id, r.publicId);
  }
  for (const chunk of chunks(data.steps, 250)) await tx.insert(workflowRunSteps).values(chunk);
  for (const chunk of chunks(data.approvals, 500)) await tx.insert(stepApprovals).values(chunk);
  for (const chunk of chunks(data.matches, 500)) await tx.insert(matchResults).values(chunk);
  for (const chunk of chunks(data.interviews, 500)) await tx.insert(interviews).values(chunk);
  for (const chunk of chunks(data.todos, 500)) await tx.insert(todos).values(chunk);

  // --- audit trail: the history above, then this seed itself -----------------------------------------
  const history = [
    {
      orgId,
      userId: people.admin.id,
      action: "organization.create",
      resourceType: "organization",
      resourceId: orgId,
      success: true,
      details: { slug: DEMO_ORG.slug },
      createdAt: orgCreatedAt,
    },
    ...userRows.map((u) => ({
      orgId,
      userId: people.admin.id,
      action: "user.create",
      resourceType: "user",
      resourceId: u.id,
      success: true,
      details: { email: u.email, role: u.role },
      createdAt: orgCreatedAt,
    })),
    ...configRows.map((c) => ({
      orgId,
      userId: people.admin.id,
      action: "config.activate",
      resourceType: "workflow_config",
      resourceId: c.id,
      success: true,
      details: { scope: c.scope, channel: c.channel, version: c.version },
      createdAt: c.activatedAt,
    })),
    ...data.audit.map(({ runId, ...entry }) => ({
      ...entry,
      resourceId: runId ? (runPublicIds.get(runId) ?? null) : (entry.resourceId ?? null),
    })),
  ];
  for (const chunk of chunks(history, 500)) await tx.insert(auditLogs).values(chunk);
  const runsByStatus: Partial<Record<RunStatus, number>> = {};
  for (const r of data.runs)
    runsByStatus[r.status ?? "pending"] = (runsByStatus[r.status ?? "pending"] ?? 0) + 1;
  const counts = {
    workflows: workflowRows.length,
    jobDescriptions: jobRows.length,
    resumes: resumeRows.length,
    runs: data.runs.length,
    steps: data.steps.length,
    matchResults: data.matches.length,
    approvals: data.approvals.length,
    interviews: data.interviews.length,
    todos: data.todos.length,
  };
  await audit(
    tx,
    { orgId, userId: null },
    {
      action: "demo.seed",
      resourceType: "organization",
      resourceId: orgId,
      details: { ...counts, now: now.toISOString() },
    },
  );
  const [auditCount] = await rows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from audit_logs where org_id = ${orgId}`,
  );

  return {
    orgId,
    users: userRows.map((u) => ({ role: u.role, email: u.email, id: u.id })),
    ...counts,
    runsByStatus,
    workflowConfigs: configRows.length,
    channelConfigs: demoChannelConfigs.length,
    auditLogs: Number(auditCount?.n ?? 0),
  };
}

/**
 * Moves the organization, its users and everything the workflow helpers just wrote (rows and their
 * audit entries) to the organization's backdated creation time, so the history reads consistently.
 */
async function backdateDefinitions(tx: Tx, orgId: string, at: Date): Promise<void> {
  await tx.update(organizations).set({ createdAt: at, updatedAt: at }).where(eq(organizations.id, orgId));
  await tx.update(workflows).set({ createdAt: at, updatedAt: at }).where(eq(workflows.orgId, orgId));
  await tx.update(workflowNodes).set({ createdAt: at, updatedAt: at }).where(eq(workflowNodes.orgId, orgId));
  await tx.update(workflowVersions).set({ createdAt: at }).where(eq(workflowVersions.orgId, orgId));
  await tx.update(workflowDataBindings).set({ createdAt: at }).where(eq(workflowDataBindings.orgId, orgId));
  await tx
    .update(workflowChannelConfigs)
    .set({ createdAt: at, updatedAt: at })
    .where(eq(workflowChannelConfigs.orgId, orgId));
  // audit entries stay as written: the log is append-only for the application role
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
