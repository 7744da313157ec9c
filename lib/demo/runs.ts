// Historical and live runs for the demo organization, generated as plain rows (no database access
// here; lib/demo/seed.ts inserts them). Each run walks its workflow's nodes the way the engine would
// (lib/engine/transitions.ts): release → gates → queued → claim → running → outcome, with retries and
// backoff, and every transition is written to the step's events. Terminal runs that did not complete
// cancel their open steps, as the run machine's `cancel_open_steps` effect does.

import type {
  auditLogs,
  EndpointUse,
  interviews,
  matchResults,
  NewWorkflowRun,
  NewWorkflowRunStep,
  RunStatus,
  Screenshot,
  StepEvent,
  StepStatus,
  stepApprovals,
  todos,
  WorkflowNode,
} from "@/db/schema";
import type { Channel } from "@/db/schema/enums";
import { configSnapshotAt } from "./configs";
import { adjacentFamilies, type DemoJob, parsedJob } from "./jobs";
import { scoreCandidate } from "./matching";
import type { Prng } from "./random";
import { type DemoResume, parsedResume } from "./resumes";
import { countsResumes } from "@/lib/steps/registry";

export type DemoWorkflowKind = "matching" | "pipeline" | "voice" | "efax";
export type DemoUser = { id: string; name: string };
export type GeneratorWorkflow = { id: string; name: string; version: number; nodes: WorkflowNode[] };

export type GeneratorInput = {
  prng: Prng;
  now: Date;
  orgId: string;
  /** Total runs, live ones included. */
  runs: number;
  workflows: Record<DemoWorkflowKind, GeneratorWorkflow>;
  users: { admin: DemoUser; manager: DemoUser; recruiter: DemoUser; analyst: DemoUser };
  jobs: { id: string; publicId: string; job: DemoJob }[];
  resumes: { id: string; resume: DemoResume }[];
};

type NewStepApproval = typeof stepApprovals.$inferInsert;
type NewMatchResult = typeof matchResults.$inferInsert;
type NewInterview = typeof interviews.$inferInsert;
type NewTodo = typeof todos.$inferInsert;
type NewAuditLog = typeof auditLogs.$inferInsert;

export type GeneratedData = {
  runs: (NewWorkflowRun & { id: string })[];
  steps: NewWorkflowRunStep[];
  approvals: NewStepApproval[];
  matches: NewMatchResult[];
  interviews: NewInterview[];
  todos: NewTodo[];
  /** Audit entries for approvals and recent run starts, keyed by run id until public ids exist. */
  audit: (NewAuditLog & { runId?: string })[];
};

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 60;
const WORKERS = ["web-1", "worker-a", "worker-b"] as const;

type Outcome = "completed" | "failed" | "timeout" | "cancelled";
type ErrorSpec = { message: string; code: string };
type LiveShape = "active_running" | "active_scheduled" | "waiting_approval" | "waiting_manual";

// ---------------------------------------------------------------------------------------------------
// Error catalogue: messages are written the way the handlers report them, so that
// v_failed_steps_analysis (which folds ids and numbers) groups them into a handful of causes.

function failureFor(
  prng: Prng,
  node: WorkflowNode,
  ctx: { resumeIds: string[]; jdPublicId?: string },
): ErrorSpec {
  const resumeId = ctx.resumeIds.length ? prng.pick(ctx.resumeIds) : "00000000-0000-4000-8000-000000000000";
  switch (node.stepType) {
    case "resume_extraction":
      if (node.config.ocr) {
        return prng.weighted<ErrorSpec>([
          [
            {
              message: `OCR confidence 0.${prng.int(31, 55)} below threshold 0.60`,
              code: "OCR_LOW_CONFIDENCE",
            },
            3,
          ],
          [
            {
              message: "Fax image could not be decoded: unsupported TIFF compression",
              code: "UNSUPPORTED_FORMAT",
            },
            1,
          ],
        ]);
      }
      return prng.weighted<ErrorSpec>([
        [{ message: `Resume ${resumeId} could not be parsed: encrypted PDF`, code: "ENCRYPTED_PDF" }, 4],
        [
          {
            message: `Resume ${resumeId} could not be parsed: not a PDF, DOCX or text document`,
            code: "UNSUPPORTED_FORMAT",
          },
          2,
        ],
        [{ message: "Storage read failed: connection reset by peer", code: "STORAGE_ERROR" }, 1],
      ]);
    case "jd_reading":
      return prng.weighted<ErrorSpec>([
        [{ message: "LLM provider returned 503", code: "LLM_UNAVAILABLE" }, 3],
        [
          {
            message: `Job description ${ctx.jdPublicId ?? "JD-000000"} has no requirements section`,
            code: "JD_INCOMPLETE",
          },
          1,
        ],
      ]);
    case "resume_reading":
      return prng.weighted<ErrorSpec>([
        [{ message: "LLM provider returned 503", code: "LLM_UNAVAILABLE" }, 4],
        [{ message: "LLM provider returned 429: rate limit exceeded", code: "LLM_RATE_LIMITED" }, 2],
        [{ message: "LLM response was not valid JSON", code: "LLM_BAD_RESPONSE" }, 1],
      ]);
    case "hr_comparison":
      return prng.weighted<ErrorSpec>([
        [{ message: "LLM provider returned 503", code: "LLM_UNAVAILABLE" }, 4],
        [{ message: "LLM response was not valid JSON", code: "LLM_BAD_RESPONSE" }, 2],
        [{ message: "No candidates left to compare after extraction", code: "EMPTY_BATCH" }, 1],
      ]);
    case "external":
      if (node.config.executor === "fax-gateway") {
        return {
          message: `Fax transmission incomplete: ${prng.int(1, 3)} of ${prng.int(4, 6)} pages received`,
          code: "FAX_INCOMPLETE",
        };
      }
      if (node.config.action === "dial") {
        return prng.weighted<ErrorSpec>([
          [{ message: "No answer after 3 attempts", code: "NO_ANSWER" }, 3],
          [{ message: "Voice provider returned 502", code: "PROVIDER_ERROR" }, 1],
        ]);
      }
      return { message: `Call dropped after ${prng.int(20, 90)} s: carrier hangup`, code: "CALL_DROPPED" };
    case "webhook_call":
      return {
        message: "Webhook https://ats.example.com/hooks/screening returned 500",
        code: "WEBHOOK_FAILED",
      };
    case "interview_scheduling":
      return {
        message: "Calendar API returned 409: no common free slot in the next 10 days",
        code: "NO_SLOT",
      };
    case "todo":
      return { message: "Assignee is inactive", code: "ASSIGNEE_INACTIVE" };
    default:
      return { message: "Handler failed", code: "HANDLER_ERROR" };
  }
}

function timeoutFor(node: WorkflowNode): ErrorSpec {
  const ms = (node.timeoutSeconds ?? 60) * SECOND;
  switch (node.stepType) {
    case "resume_extraction":
      return node.config.ocr
        ? { message: `Timeout after ${ms} ms waiting for OCR`, code: "TIMEOUT" }
        : { message: "Timeout after 30000 ms calling parser", code: "TIMEOUT" };
    case "jd_reading":
    case "resume_reading":
      return { message: `Timeout after ${ms} ms waiting for LLM response`, code: "TIMEOUT" };
    case "hr_comparison":
      return { message: `Timeout after ${ms} ms calling comparator`, code: "TIMEOUT" };
    case "external":
      return {
        message: `Timeout after ${ms} ms waiting for ${String(node.config.executor ?? "executor")}`,
        code: "TIMEOUT",
      };
    default:
      return { message: `Timeout after ${ms} ms`, code: "TIMEOUT" };
  }
}

const rejectionReasons = [
  "compensation expectations above the approved band",
  "role was put on hold by finance",
  "internal candidate selected",
  "not enough depth in the core skills for this level",
] as const;

// ---------------------------------------------------------------------------------------------------
// Durations: what the analytics charts show. The reader and comparator call the LLM per resume and
// are the bottleneck of AI matching; voice calls take minutes; human gates take hours.

function executionMs(prng: Prng, node: WorkflowNode, batch: number): number {
  switch (node.stepType) {
    case "resume_extraction":
      return node.config.ocr
        ? prng.around(24 * SECOND, 9 * SECOND, 8 * SECOND)
        : prng.around(300 + 160 * batch, 120, 120);
    case "jd_reading":
      return prng.around(1100, 450, 350);
    case "resume_reading":
      return prng.around(1200 + 900 * batch, 300 * Math.sqrt(batch) + 300, 600);
    case "hr_comparison":
      return prng.around(1600 + 1400 * batch, 450 * Math.sqrt(batch) + 400, 900);
    case "external":
      if (node.config.executor === "fax-gateway") return prng.around(70 * SECOND, 40 * SECOND, 15 * SECOND);
      if (node.config.action === "dial") return prng.around(18 * SECOND, 10 * SECOND, 4 * SECOND);
      return prng.around(6 * MINUTE, 2.5 * MINUTE, 90 * SECOND);
    case "webhook_call":
      return prng.around(420, 250, 90);
    case "interview_scheduling":
      return prng.around(750, 300, 200);
    case "todo":
      return prng.around(160, 70, 40);
    default:
      return prng.around(90, 50, 15);
  }
}

// ---------------------------------------------------------------------------------------------------
// The step simulator. Times are milliseconds relative to the run's start; the run is placed on the
// calendar afterwards, so a run can be moved (to end before `now`) without re-simulating it.

type TimedEvent = { at: number; type: string; data: Record<string, unknown> };
type TimedShot = { at: number; url: string; action: string; details: Record<string, unknown> };

class StepSim {
  status: StepStatus = "pending";
  attempt = 0;
  retryCount = 0;
  startedAt: number | null = null;
  completedAt: number | null = null;
  runAt: number | null = null;
  readonly events: TimedEvent[] = [];
  readonly shots: TimedShot[] = [];
  error: ErrorSpec | null = null;
  approvals: { userId: string; decision: "approved" | "rejected"; comment: string | null; at: number }[] = [];
  leaseOwner: string | null = null;
  worker: string;

  constructor(
    readonly node: WorkflowNode,
    private readonly prng: Prng,
  ) {
    this.worker = prng.pick(WORKERS);
  }

  private move(at: number, event: string, to: StepStatus, data: Record<string, unknown> = {}): void {
    this.events.push({ at, type: `step.${event}`, data: { from: this.status, to, ...data } });
    this.status = to;
  }

  note(at: number, type: string, data: Record<string, unknown>): void {
    this.events.push({ at, type, data });
  }

  /** pending → the node's first gate (or straight to the queue). Returns when it was queued, if it was. */
  release(at: number): void {
    const node = this.node;
    if (node.requiredHumanApproval) this.move(at, "release", "waiting_approval");
    else if (!node.autoStart) this.move(at, "release", "waiting_manual");
    else if ((node.delayInSeconds ?? 0) > 0) {
      this.runAt = at + (node.delayInSeconds ?? 0) * SECOND;
      this.move(at, "release", "scheduled", { runAt: this.runAt });
    } else {
      this.runAt = at;
      this.move(at, "release", "queued");
    }
  }

  approve(at: number, user: DemoUser, needed: number): void {
    this.approvals.push({ userId: user.id, decision: "approved", comment: null, at });
    this.note(at, "approval.recorded", { user_id: user.id, user_name: user.name, decision: "approved" });
    if (this.approvals.filter((a) => a.decision === "approved").length >= needed) {
      this.runAt = at;
      this.move(at, "approve_threshold_met", "queued", { approvals: needed });
    }
  }

  reject(at: number, user: DemoUser, reason: string): void {
    const comment = reason.charAt(0).toUpperCase() + reason.slice(1);
    this.approvals.push({ userId: user.id, decision: "rejected", comment, at });
    this.note(at, "approval.recorded", {
      user_id: user.id,
      user_name: user.name,
      decision: "rejected",
      comment,
    });
    this.error = { message: `Rejected by ${user.name}: ${reason}`, code: "REJECTED" };
    this.completedAt = at;
    this.move(at, "reject", "failed", { user_id: user.id });
  }

  manualStart(at: number, user: DemoUser): void {
    this.runAt = at;
    this.move(at, "manual_start", "queued", { user_id: user.id });
  }

  due(at: number): void {
    this.move(at, "due", "queued");
  }

  claim(at: number): void {
    this.attempt += 1;
    this.startedAt = at;
    this.move(at, "claim", "running", { attempt: this.attempt, worker: this.worker });
  }

  /** A failed or timed-out attempt; requeued with backoff while retries remain. Returns the next time. */
  failAttempt(at: number, kind: "fail" | "timeout", spec: ErrorSpec): number {
    if (this.retryCount < this.node.maxRetries) {
      const delayMs = Math.round(1000 * 2 ** this.retryCount * this.prng.float(0.8, 1.2));
      this.runAt = at + delayMs;
      this.move(at, kind, "queued", {
        attempt: this.attempt,
        retry: this.retryCount + 1,
        maxRetries: this.node.maxRetries,
        delayMs,
        error: spec.message,
      });
      this.retryCount += 1;
      return this.runAt;
    }
    this.error = spec;
    this.completedAt = at;
    this.move(at, kind, kind === "fail" ? "failed" : "timeout", {
      attempt: this.attempt,
      retriesExhausted: this.node.maxRetries,
      error: spec.message,
    });
    return at;
  }

  complete(at: number): void {
    this.completedAt = at;
    this.move(at, "complete", "completed", { attempt: this.attempt });
  }

  cancel(at: number, reason: string): void {
    this.completedAt = at;
    this.move(at, "cancel", "cancelled", { reason });
  }

  get durationMs(): number | null {
    return this.startedAt !== null && this.completedAt !== null
      ? Math.max(0, this.completedAt - this.startedAt)
      : null;
  }
}

// ---------------------------------------------------------------------------------------------------
// Run plans

type RunPlan = {
  kind: DemoWorkflowKind;
  outcome: Outcome | LiveShape;
  channel: Channel;
  /** Index of the step where a run that did not complete stopped (or is now). */
  stopAt: number;
};

function planOutcome(prng: Prng, kind: DemoWorkflowKind): { outcome: Outcome; stopAt: number } {
  const outcome = prng.weighted<Outcome>([
    ["completed", 78],
    ["failed", 11],
    ["cancelled", 6],
    ["timeout", 5],
  ]);
  // where each workflow tends to break, by outcome (indexes into its nodes)
  const stops: Record<
    DemoWorkflowKind,
    Record<Exclude<Outcome, "completed">, readonly (readonly [number, number])[]>
  > = {
    matching: {
      failed: [
        [0, 3],
        [1, 1],
        [2, 3],
        [3, 4],
      ],
      timeout: [
        [0, 1],
        [2, 2],
        [3, 3],
      ],
      cancelled: [
        [2, 1],
        [3, 2],
      ],
    },
    pipeline: {
      failed: [
        [0, 2],
        [1, 5],
        [4, 2],
      ],
      timeout: [
        [0, 1],
        [4, 1],
      ],
      cancelled: [
        [1, 3],
        [3, 3],
      ],
    },
    voice: {
      failed: [
        [0, 5],
        [1, 3],
        [2, 1],
        [3, 1],
      ],
      timeout: [[1, 1]],
      cancelled: [[1, 1]],
    },
    efax: {
      failed: [
        [0, 3],
        [1, 5],
        [2, 2],
      ],
      timeout: [[1, 1]],
      cancelled: [[3, 1]],
    },
  };
  if (outcome === "completed") return { outcome, stopAt: Number.POSITIVE_INFINITY };
  return { outcome, stopAt: prng.weighted(stops[kind][outcome]) };
}

function channelFor(prng: Prng, kind: DemoWorkflowKind): Channel {
  if (kind === "voice") return "voice";
  if (kind === "efax") return "efax";
  return prng.chance(kind === "matching" ? 0.25 : 0.3) ? "api" : "web";
}

/** A start time in the last 60 days, mostly on weekdays in US office hours. */
function historicalStart(prng: Prng, now: number): number {
  for (;;) {
    const day = prng.int(0, HISTORY_DAYS - 1);
    const midnight = Math.floor((now - day * DAY) / DAY) * DAY;
    const weekday = new Date(midnight).getUTCDay();
    if ((weekday === 0 || weekday === 6) && prng.chance(0.8)) continue;
    const at = midnight + prng.int(13, 23) * HOUR + prng.int(0, 59) * MINUTE + prng.int(0, 59) * SECOND;
    if (at < now - 5 * MINUTE) return at;
  }
}

// ---------------------------------------------------------------------------------------------------
// Subjects: which job and resumes a run is about

type Subject = {
  job: GeneratorInput["jobs"][number] | null;
  resumes: GeneratorInput["resumes"];
};

function matchingSubject(prng: Prng, input: GeneratorInput): Subject {
  const job = prng.pick(input.jobs);
  const own = input.resumes.filter((r) => r.resume.family === job.job.family);
  const near = input.resumes.filter((r) => adjacentFamilies[job.job.family].includes(r.resume.family));
  const far = input.resumes.filter(
    (r) => r.resume.family !== job.job.family && !adjacentFamilies[job.job.family].includes(r.resume.family),
  );
  const batch = [
    // mostly the job's own profession, a few neighbours, now and then someone unrelated
    ...prng.sample(own, prng.int(3, own.length)),
    ...prng.sample(near, prng.int(0, 3)),
    ...prng.sample(far, prng.int(0, 1)),
  ];
  return { job, resumes: prng.shuffle(batch) };
}

function candidateSubject(prng: Prng, input: GeneratorInput, withJob: boolean): Subject {
  const job = prng.pick(input.jobs);
  const own = input.resumes.filter((r) => r.resume.family === job.job.family && r.resume.fit !== "weak");
  const resume = prng.chance(0.85) && own.length ? prng.pick(own) : prng.pick(input.resumes);
  return { job: withJob ? job : null, resumes: [resume] };
}

// ---------------------------------------------------------------------------------------------------
// The generator

export function generateRuns(input: GeneratorInput): GeneratedData {
  const { prng } = input;
  const now = input.now.getTime();
  const out: GeneratedData = {
    runs: [],
    steps: [],
    approvals: [],
    matches: [],
    interviews: [],
    todos: [],
    audit: [],
  };

  const liveShapes: { kind: DemoWorkflowKind; shape: LiveShape }[] = [
    { kind: "matching", shape: "active_running" },
    { kind: "matching", shape: "active_running" },
    { kind: "pipeline", shape: "active_scheduled" },
    { kind: "pipeline", shape: "active_scheduled" },
    { kind: "pipeline", shape: "waiting_approval" },
    { kind: "pipeline", shape: "waiting_approval" },
    { kind: "pipeline", shape: "waiting_approval" },
    { kind: "pipeline", shape: "waiting_manual" },
  ];
  const live = liveShapes.slice(0, Math.max(0, Math.min(liveShapes.length, input.runs - 20)));
  const historicalCount = input.runs - live.length;

  const plans: (RunPlan & { start: number | null })[] = [];
  for (let i = 0; i < historicalCount; i++) {
    const kind = prng.weighted<DemoWorkflowKind>([
      ["matching", 52],
      ["pipeline", 20],
      ["voice", 15],
      ["efax", 13],
    ]);
    const { outcome, stopAt } = planOutcome(prng, kind);
    plans.push({ kind, outcome, stopAt, channel: channelFor(prng, kind), start: historicalStart(prng, now) });
  }
  // Make sure every terminal status appears even in small data sets (tests seed a few dozen runs).
  const forced: Outcome[] = ["failed", "cancelled", "timeout"];
  forced.forEach((outcome, i) => {
    const plan = plans[i * 2];
    if (plan && !plans.some((p) => p.outcome === outcome)) {
      plan.kind = "matching";
      plan.channel = "web";
      plan.outcome = outcome;
      plan.stopAt = outcome === "cancelled" ? 2 : 3;
    }
  });
  for (const { kind, shape } of live) {
    plans.push({ kind, outcome: shape, channel: "web", stopAt: -1, start: null });
  }

  const simulated = plans.map((plan) => simulateRun(input, plan));
  // Public ids come from a sequence in insertion order: insert oldest first so WF numbers follow time.
  simulated.sort((a, b) => (a.run.createdAt as Date).getTime() - (b.run.createdAt as Date).getTime());
  for (const s of simulated) {
    out.runs.push(s.run);
    out.steps.push(...s.steps);
    out.approvals.push(...s.approvals);
    out.matches.push(...s.matches);
    out.interviews.push(...s.interviews);
    out.todos.push(...s.todos);
    out.audit.push(...s.audit);
  }
  // The most recent starts get a run.start audit entry (older history predates the audit trail).
  for (const s of simulated.slice(-12)) {
    out.audit.push({
      orgId: input.orgId,
      userId: s.run.startedBy ?? null,
      action: "run.start",
      resourceType: "workflow_run",
      runId: s.run.id,
      ipAddress: s.run.channel === "web" ? "203.0.113.24" : "198.51.100.7",
      userAgent:
        s.run.channel === "web"
          ? "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15"
          : "ats-sync/2.3",
      success: true,
      details: { workflow: s.workflowName, channel: s.run.channel },
      createdAt: s.run.createdAt as Date,
    });
  }
  out.interviews.push(...standaloneInterviews(input));
  out.todos.push(...standaloneTodos(input));
  return out;
}

type SimulatedRun = {
  run: NewWorkflowRun & { id: string };
  workflowName: string;
  steps: NewWorkflowRunStep[];
  approvals: NewStepApproval[];
  matches: NewMatchResult[];
  interviews: NewInterview[];
  todos: NewTodo[];
  audit: (NewAuditLog & { runId?: string })[];
};

function simulateRun(input: GeneratorInput, plan: RunPlan & { start: number | null }): SimulatedRun {
  const { prng, users } = input;
  const workflow = input.workflows[plan.kind];
  const nodes = workflow.nodes;
  const runId = prng.uuid();
  const startedBy = prng.chance(0.7) ? users.recruiter : users.manager;
  const subject =
    plan.kind === "matching"
      ? matchingSubject(prng, input)
      : candidateSubject(prng, input, plan.kind !== "efax");
  const resumeIds = subject.resumes.map((r) => r.id);
  const jobId = subject.job?.id ?? null;
  const candidate = subject.resumes[0]!.resume;

  // Matching: which resumes the extractor could read (one encrypted PDF now and then).
  const unreadable =
    plan.kind === "matching" && subject.resumes.length > 3 && prng.chance(0.1) ? [prng.pick(resumeIds)] : [];
  const readable = subject.resumes.filter((r) => !unreadable.includes(r.id));
  const scored =
    plan.kind === "matching" && subject.job
      ? readable.map((r) => ({
          resumeId: r.id,
          resume: r.resume,
          ...scoreCandidate(prng, r.resume, subject.job!.job),
        }))
      : [];
  const screening =
    plan.kind !== "matching" && plan.kind !== "efax" && subject.job
      ? scoreCandidate(prng, candidate, subject.job.job)
      : null;

  const batch = plan.kind === "matching" ? subject.resumes.length : 1;
  const externalId =
    plan.kind === "voice"
      ? `CALL-${prng.hex(10).toUpperCase()}`
      : plan.kind === "efax"
        ? `FAX-${prng.hex(8).toUpperCase()}`
        : plan.channel === "api"
          ? `ats-req-${prng.int(10000, 99999)}`
          : null;
  const usesLlm =
    plan.kind === "voice" ? true : plan.kind === "matching" ? prng.chance(0.55) : prng.chance(0.3);
  const sims = nodes.map((node) => new StepSim(node, prng));
  const terminal =
    plan.outcome === "completed" ||
    plan.outcome === "failed" ||
    plan.outcome === "timeout" ||
    plan.outcome === "cancelled";
  const errorCtx = { resumeIds, jdPublicId: subject.job?.publicId };

  // --- walk the nodes -------------------------------------------------------------------------------
  let t = 0;
  let endedAt: number | null = null;
  const liveApprovalOrder = prng.chance(0.67) ? [users.admin, users.manager] : [users.manager, users.admin];

  for (let i = 0; i < sims.length; i++) {
    const sim = sims[i]!;
    const node = sim.node;
    const stopsHere = i === plan.stopAt;
    sim.release(t);

    // human and time gates
    if (sim.status === "waiting_approval") {
      const needed = node.numberOfApprovalsNeeded ?? 1;
      const order = prng.chance(0.5) ? [users.manager, users.admin] : [users.admin, users.manager];
      if (plan.outcome === "waiting_approval") {
        const first = liveApprovalOrder[0]!;
        sim.approve(t + prng.int(10 * MINUTE, 50 * MINUTE), first, needed);
        break;
      }
      if (stopsHere && plan.outcome === "cancelled") {
        t += prng.int(2 * HOUR, 30 * HOUR);
        sim.cancel(t, "run_cancelled");
        endedAt = t;
        break;
      }
      if (stopsHere && plan.outcome === "failed") {
        t += prng.int(20 * MINUTE, 6 * HOUR);
        sim.approve(t, order[0]!, needed);
        t += prng.int(15 * MINUTE, 20 * HOUR);
        sim.reject(t, order[1]!, prng.pick(rejectionReasons));
        endedAt = t;
        break;
      }
      const lastAt = t + prng.int(30 * MINUTE, 26 * HOUR);
      sim.approve(Math.min(t + prng.int(5 * MINUTE, 6 * HOUR), lastAt - MINUTE), order[0]!, needed);
      sim.approve(lastAt, order[1]!, needed);
      t = lastAt;
    } else if (sim.status === "waiting_manual") {
      if (plan.outcome === "waiting_manual") {
        break;
      }
      if (stopsHere && plan.outcome === "cancelled") {
        t += prng.int(2 * HOUR, 30 * HOUR);
        sim.cancel(t, "run_cancelled");
        endedAt = t;
        break;
      }
      t += prng.int(25 * MINUTE, 28 * HOUR);
      sim.manualStart(t, plan.kind === "efax" ? users.recruiter : startedBy);
    } else if (sim.status === "scheduled") {
      if (plan.outcome === "active_scheduled") {
        break;
      }
      t = sim.runAt ?? t;
      sim.due(t);
    }

    // execution: claim, attempts, outcome
    t += prng.int(15, 1500);
    const duration = () => executionMs(prng, node, batch);
    const ending = stopsHere && (plan.outcome === "failed" || plan.outcome === "timeout");
    if (ending) {
      const kind = plan.outcome === "failed" ? "fail" : "timeout";
      const spec = kind === "fail" ? failureFor(prng, node, errorCtx) : timeoutFor(node);
      for (;;) {
        sim.claim(t);
        t +=
          kind === "timeout"
            ? (node.timeoutSeconds ?? 60) * SECOND + prng.int(5, 400)
            : duration() * prng.float(0.2, 0.9);
        t = Math.round(t);
        const next = sim.failAttempt(t, kind, spec);
        if (sim.status !== "queued") break;
        t = next + prng.int(15, 900);
      }
      endedAt = t;
      break;
    }
    // transient failures before success on some steps
    if (node.maxRetries > 0 && prng.chance(0.12)) {
      const retries = prng.chance(0.8) ? 1 : Math.min(2, node.maxRetries);
      for (let r = 0; r < retries; r++) {
        sim.claim(t);
        const timedOut = prng.chance(0.25);
        t += timedOut ? (node.timeoutSeconds ?? 60) * SECOND : duration() * prng.float(0.1, 0.6);
        t = Math.round(t);
        const next = sim.failAttempt(
          t,
          timedOut ? "timeout" : "fail",
          timedOut ? timeoutFor(node) : failureFor(prng, node, errorCtx),
        );
        t = next + prng.int(15, 900);
      }
    }
    sim.claim(t);
    if (plan.outcome === "active_running" && i === 2) {
      sim.leaseOwner = sim.worker;
      break;
    }
    const d = Math.round(duration());
    if (stopsHere && plan.outcome === "cancelled") {
      t += Math.round(d * prng.float(0.2, 0.7));
      sim.cancel(t, "run_cancelled");
      endedAt = t;
      break;
    }
    if (batch > 2 && (node.stepType === "resume_reading" || node.stepType === "hr_comparison")) {
      sim.note(t + Math.round(d / 2), "agent.progress", { processed: Math.floor(batch / 2), total: batch });
    }
    if (
      plan.kind === "voice" &&
      node.stepType === "external" &&
      node.config.action === "screen" &&
      prng.chance(0.5)
    ) {
      sim.shots.push(consoleShot(t + 8 * SECOND, "call_connected", "Call connected", prng));
      sim.shots.push(
        consoleShot(t + Math.round(d * 0.7), "question_answered", "Question 4 of 5 answered", prng),
      );
    }
    if (plan.kind === "efax" && node.config.executor === "fax-gateway" && prng.chance(0.6)) {
      sim.shots.push(consoleShot(t + Math.round(d * 0.5), "page_received", "Page 1 received", prng));
    }
    t += d;
    sim.complete(t);
    t += prng.int(5, 120); // the engine releasing the next node
  }

  // Runs that ended without completing cancel their open steps (run machine: cancel_open_steps).
  if (terminal && plan.outcome !== "completed" && endedAt !== null) {
    for (const sim of sims) {
      if (sim.status === "pending") sim.cancel(endedAt, `run_${plan.outcome}`);
    }
  }
  const runEnd = plan.outcome === "completed" ? t : endedAt;

  // --- place the run on the calendar ---------------------------------------------------------------
  const now = input.now.getTime();
  let base: number;
  if (plan.start !== null) {
    base = plan.start;
    const span = runEnd ?? t;
    if (base + span > now - MINUTE) base = now - span - prng.int(10 * MINUTE, 3 * HOUR);
  } else {
    // live runs: the last thing that happened to them happened moments ago
    const lastEventAt = Math.max(...sims.flatMap((s) => s.events.map((e) => e.at)));
    const lag =
      plan.outcome === "active_running"
        ? prng.int(2 * SECOND, 8 * SECOND)
        : plan.outcome === "active_scheduled"
          ? prng.int(10 * SECOND, 35 * SECOND)
          : plan.outcome === "waiting_approval"
            ? prng.int(20 * MINUTE, 5 * HOUR)
            : prng.int(1 * HOUR, 6 * HOUR);
    base = now - lastEventAt - lag;
  }
  const at = (ms: number) => new Date(base + ms);
  const startedAt = at(0);
  const createdAt = new Date(base - prng.int(40, 400));
  const completedAt = runEnd !== null && terminal ? at(runEnd) : null;
  const status: RunStatus = terminal
    ? (plan.outcome as Outcome)
    : plan.outcome === "active_running" || plan.outcome === "active_scheduled"
      ? "active"
      : "waiting";
  const { snapshot, llmModel } = configSnapshotAt(
    startedAt,
    input.now,
    plan.channel,
    plan.kind === "matching" ? "matching" : null,
  );

  // --- steps ----------------------------------------------------------------------------------------
  const outputs = stepOutputs(plan.kind, {
    subject,
    readable,
    unreadable,
    scored,
    screening,
    candidate,
    externalId,
    prng,
  });
  const llmTokensPerStep = (node: WorkflowNode) =>
    usesLlm &&
    (node.stepType === "resume_reading" ||
      node.stepType === "hr_comparison" ||
      node.stepType === "jd_reading")
      ? Math.round((node.stepType === "jd_reading" ? 900 : 700 * batch + 500) * prng.float(0.85, 1.2))
      : null;
  let runTokens = 0;
  const steps: NewWorkflowRunStep[] = sims.map((sim, index) => {
    const node = sim.node;
    const finished = sim.status === "completed";
    const tokens = sim.attempt > 0 ? llmTokensPerStep(node) : null;
    if (tokens) runTokens += tokens;
    const items = node.stepType === "jd_reading" ? 1 : countsResumes(node.stepType) ? batch : 0;
    const processed = finished
      ? items
      : sim.status === "running" || sim.error
        ? Math.floor(items * prng.float(0.2, 0.8))
        : 0;
    const io =
      outputs[node.stepType === "external" || node.stepType === "manual" ? `${index}` : node.stepType] ??
      outputs[`${index}`];
    return {
      id: prng.uuid(),
      orgId: input.orgId,
      runId,
      nodeId: node.id,
      stepNumber: node.orderNumber,
      // the node's configuration, copied (seed 000)
      orderNumber: node.orderNumber,
      stepName: node.stepName,
      stepType: node.stepType,
      stepDescription: node.stepDescription,
      autoStart: node.autoStart,
      requiredHumanApproval: node.requiredHumanApproval,
      numberOfApprovalsNeeded: node.numberOfApprovalsNeeded,
      approvers: node.approvers,
      delayInSeconds: node.delayInSeconds,
      maxRetries: node.maxRetries,
      timeoutSeconds: node.timeoutSeconds,
      nodeConfig: node.config,
      ioSchema: node.ioSchema,
      status: sim.status,
      attempt: sim.attempt,
      retryCount: sim.retryCount,
      runAt: sim.runAt !== null ? at(sim.runAt) : null,
      leaseOwner: sim.status === "running" ? sim.leaseOwner : null,
      leaseExpiresAt: sim.status === "running" ? new Date(now + 30 * SECOND) : null,
      heartbeatAt: sim.status === "running" ? new Date(now - SECOND) : null,
      startedAt: sim.startedAt !== null ? at(sim.startedAt) : null,
      completedAt: sim.completedAt !== null ? at(sim.completedAt) : null,
      durationMs: sim.durationMs,
      processedItems: processed,
      totalItems: items,
      inputData: sim.attempt > 0 || finished ? (io?.input ?? {}) : null,
      outputData: finished ? (io?.output ?? {}) : null,
      events: sim.events.map(
        (e): StepEvent => ({ type: e.type, timestamp: at(e.at).toISOString(), data: e.data }),
      ),
      screenshots: sim.shots.map(
        (shot): Screenshot => ({
          url: shot.url,
          timestamp: at(shot.at).toISOString(),
          action: shot.action,
          ...shot.details,
        }),
      ),
      errorMessage: sim.error?.message ?? null,
      errorDetails: sim.error
        ? { code: sim.error.code, attempts: sim.attempt, retries: sim.retryCount, step_type: node.stepType }
        : null,
      metadata: { worker: sim.worker, ...(node.config.agent ? { agent: node.config.agent } : {}) },
      llmModel: tokens ? llmModel : null,
      llmTokensUsed: tokens,
      createdAt,
      updatedAt: sim.events.length ? at(sim.events[sim.events.length - 1]!.at) : createdAt,
    };
  });

  // --- approvals, match results, interviews, todos ---------------------------------------------------
  const approvals: NewStepApproval[] = [];
  sims.forEach((sim, index) => {
    for (const a of sim.approvals) {
      approvals.push({
        orgId: input.orgId,
        stepId: steps[index]!.id!,
        runId,
        userId: a.userId,
        decision: a.decision,
        comment: a.comment,
        createdAt: at(a.at),
      });
    }
  });

  const matches: NewMatchResult[] =
    status === "completed" && plan.kind === "matching" && subject.job
      ? scored.map((m) => ({
          orgId: input.orgId,
          runId,
          jdId: subject.job!.id,
          resumeId: m.resumeId,
          score: m.score,
          band: m.band,
          matchedSkills: m.matchedSkills,
          missingSkills: m.missingSkills,
          explanation: m.explanation,
          rationale: usesLlm ? m.rationale : null,
          createdAt: completedAt ?? startedAt,
        }))
      : [];

  const interviewRows: NewInterview[] = [];
  const todoRows: NewTodo[] = [];
  if (plan.kind === "pipeline" && status === "completed") {
    const interviewStep = steps[4]!;
    const offerStep = steps[5]!;
    const scheduledAt = new Date(
      Math.floor(((interviewStep.completedAt as Date).getTime() + prng.int(2, 7) * DAY) / HOUR) * HOUR,
    );
    const past = scheduledAt.getTime() < now;
    interviewRows.push({
      orgId: input.orgId,
      workflowId: workflow.id,
      runId,
      resumeId: subject.resumes[0]!.id,
      title: `Panel interview — ${candidate.candidateName}`,
      candidateName: candidate.candidateName,
      interviewerId: users.manager.id,
      scheduledAt,
      durationMinutes: 60,
      location: "Video call",
      status: past ? (prng.chance(0.9) ? "completed" : "no_show") : "scheduled",
      notes: subject.job ? `For ${subject.job.job.title} (${subject.job.publicId}).` : null,
      createdBy: startedBy.id,
      createdAt: interviewStep.completedAt as Date,
      updatedAt: past ? scheduledAt : (interviewStep.completedAt as Date),
    });
    const dueAt = new Date((offerStep.completedAt as Date).getTime() + 48 * HOUR);
    const overdue = dueAt.getTime() < now - DAY;
    todoRows.push({
      orgId: input.orgId,
      workflowId: workflow.id,
      runId,
      title: `Send offer pack to ${candidate.candidateName}`,
      description: subject.job
        ? `Offer letter, benefits summary and start-date options for ${subject.job.job.title}.`
        : "Offer letter, benefits summary and start-date options.",
      assigneeId: users.recruiter.id,
      dueAt,
      status: overdue ? "done" : prng.chance(0.5) ? "in_progress" : "open",
      priority: "high",
      createdBy: startedBy.id,
      createdAt: offerStep.completedAt as Date,
      updatedAt: offerStep.completedAt as Date,
    });
  }

  const audit: (NewAuditLog & { runId?: string })[] = approvals.map((a) => ({
    orgId: input.orgId,
    userId: a.userId,
    action: a.decision === "approved" ? "step.approve" : "step.reject",
    resourceType: "workflow_run",
    runId,
    ipAddress: "203.0.113.24",
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0",
    success: true,
    details: {
      step_id: a.stepId,
      step_name: steps.find((step) => step.id === a.stepId)?.stepName ?? null,
      comment: a.comment ?? null,
    },
    createdAt: a.createdAt as Date,
  }));

  // --- the run row ------------------------------------------------------------------------------------
  const completedSteps = steps.filter((s) => s.status === "completed").length;
  const failedStep = sims.find((s) => s.error);
  const top = scored.filter((m) => m.band === "excellent" || m.band === "good").length;
  const bandCounts = {
    excellent_matches: scored.filter((m) => m.band === "excellent").length,
    good_matches: scored.filter((m) => m.band === "good").length,
    average_matches: scored.filter((m) => m.band === "average").length,
    poor_matches: scored.filter((m) => m.band === "poor").length,
  };
  const processedResumes =
    status === "completed"
      ? batch
      : plan.kind === "matching"
        ? Math.min(batch, Math.floor((batch * completedSteps) / Math.max(1, sims.length)))
        : 0;
  const durationMs = completedAt ? completedAt.getTime() - startedAt.getTime() : null;
  const tier = usesLlm
    ? prng.chance(0.75)
      ? 2
      : 3
    : plan.kind === "matching" || plan.kind === "voice"
      ? 1
      : null;
  const tierReason =
    tier === 1
      ? "Rules only: every document parsed deterministically"
      : tier === 2
        ? "LLM assist: free-text sections needed interpretation"
        : tier === 3
          ? "LLM and human review: scores within 3 points of a band boundary"
          : null;
  const correlationId = `corr_${prng.hex(16)}`;
  const context: Record<string, unknown> = {
    correlation_id: correlationId,
    user_session: `sess_${prng.hex(12)}`,
    retry_attempt: steps.reduce((sum, s) => sum + (s.retryCount ?? 0), 0),
    ...(plan.kind === "voice"
      ? {
          call_sid: `CA${prng.hex(32)}`,
          caller_number: `+1 ${prng.int(201, 989)} ***-**${prng.int(10, 99)}`,
          language: "en-US",
        }
      : {}),
    ...(plan.kind === "efax"
      ? {
          fax_id: externalId,
          sender_fax: `+1 ${prng.int(201, 989)} ***-**${prng.int(10, 99)}`,
          pages: prng.int(1, 4),
        }
      : {}),
    ...(status === "cancelled" ? { cancelled_by: startedBy.id } : {}),
  };
  const endpointsUsed: EndpointUse[] = endpointsFor(plan, {
    start: startedAt,
    end: completedAt ?? new Date(now),
    usesLlm,
    llmFailed: failedStep?.error?.code === "LLM_UNAVAILABLE",
  });

  const runInputs: Record<string, unknown> =
    plan.kind === "matching"
      ? { jd_id: jobId, resume_ids: resumeIds, force_reprocess: false }
      : plan.kind === "pipeline"
        ? { jd_id: jobId, resume_ids: resumeIds }
        : plan.kind === "voice"
          ? { jd_id: jobId, candidate_phone: candidate.phone }
          : { fax_id: externalId };

  const run: NewWorkflowRun & { id: string } = {
    id: runId,
    orgId: input.orgId,
    workflowId: workflow.id,
    workflowVersion: workflow.version,
    channel: plan.channel,
    externalId,
    status,
    source: plan.kind === "voice" || plan.kind === "efax" ? "external" : "engine",
    title:
      plan.kind === "matching"
        ? (subject.job?.job.title ?? workflow.name)
        : `${workflow.name} — ${candidate.candidateName}`,
    startedBy: startedBy.id,
    jdId: jobId,
    jdTitle: subject.job?.job.title ?? null,
    resumeIds,
    totalResumes: batch,
    processedResumes,
    forceReprocess: false,
    inputs: runInputs,
    progress: {
      completed_steps: completedSteps,
      total_steps: steps.length,
      percentage: Math.round((100 * completedSteps) / steps.length),
    },
    metrics:
      plan.kind === "matching"
        ? {
            total_candidates: scored.length,
            processing_time_ms: durationMs ?? 0,
            // mean score of the compared resumes, as the HR Comparator reports it
            match_rate: status === "completed" ? meanScore(scored) : 0,
            top_matches: status === "completed" ? top : 0,
            compared: status === "completed" ? scored.length : 0,
            ...(unreadable.length ? { failed_resumes: unreadable.length } : {}),
          }
        : { total_candidates: 1, processing_time_ms: durationMs ?? 0 },
    results: status === "completed" && plan.kind === "matching" ? bandCounts : null,
    context,
    endpointsUsed,
    configSnapshot: snapshot,
    errorMessage: status === "failed" || status === "timeout" ? (failedStep?.error?.message ?? null) : null,
    errorDetails:
      (status === "failed" || status === "timeout") && failedStep
        ? {
            code: failedStep.error?.code,
            step_number: failedStep.node.orderNumber,
            step_name: failedStep.node.stepName,
            step_type: failedStep.node.stepType,
            attempts: failedStep.attempt,
          }
        : null,
    llmPrompt:
      usesLlm && plan.kind === "matching" && subject.job
        ? `Score ${batch} candidates against "${subject.job.job.title}" (${subject.job.publicId}); return JSON with score 0-100, band and a one-sentence rationale per candidate.`
        : null,
    llmResponse:
      usesLlm && status === "completed" && plan.kind === "matching"
        ? JSON.stringify({ results: bandCounts, top_matches: top })
        : null,
    llmModel: usesLlm ? llmModel : null,
    llmTokensUsed: usesLlm ? runTokens || null : null,
    tier,
    tierReason,
    idempotencyKey: plan.channel === "api" ? `idem-${prng.hex(24)}` : null,
    startedAt,
    completedAt,
    // open runs get a deadline an hour from now, so the worker does not time them out at start-up
    deadlineAt: status === "active" ? new Date(now + HOUR) : null,
    durationMs,
    createdAt,
    updatedAt: completedAt ?? new Date(now - SECOND),
  };

  return {
    run,
    workflowName: workflow.name,
    steps,
    approvals,
    matches,
    interviews: interviewRows,
    todos: todoRows,
    audit,
  };
}

/** Mean score to one decimal, the run's `match_rate` (0 for an empty batch). */
function meanScore(scores: readonly { score: number }[]): number {
  if (scores.length === 0) return 0;
  return Math.round((scores.reduce((sum, m) => sum + m.score, 0) / scores.length) * 10) / 10;
}

// ---------------------------------------------------------------------------------------------------
// Step inputs and outputs, following the io_schema of each workflow's nodes

type IoPair = { input: Record<string, unknown>; output: Record<string, unknown> };

function stepOutputs(
  kind: DemoWorkflowKind,
  ctx: {
    subject: Subject;
    readable: GeneratorInput["resumes"];
    unreadable: string[];
    scored: { resumeId: string; score: number; band: string }[];
    screening: { score: number; band: string } | null;
    candidate: DemoResume;
    externalId: string | null;
    prng: Prng;
  },
): Record<string, IoPair> {
  const { subject, prng } = ctx;
  const jdId = subject.job?.id ?? null;
  const resumeIds = subject.resumes.map((r) => r.id);
  if (kind === "matching") {
    const extracted = ctx.readable.map((r) => r.id);
    const jd = subject.job ? parsedJob(subject.job.job) : {};
    const candidates = ctx.readable.map((r) => ({ resume_id: r.id, ...parsedResume(r.resume) }));
    const matches = ctx.scored.map((m) => ({ resume_id: m.resumeId, score: m.score, band: m.band }));
    const results = {
      excellent_matches: matches.filter((m) => m.band === "excellent").length,
      good_matches: matches.filter((m) => m.band === "good").length,
      average_matches: matches.filter((m) => m.band === "average").length,
      poor_matches: matches.filter((m) => m.band === "poor").length,
    };
    const top = results.excellent_matches + results.good_matches;
    return {
      resume_extraction: {
        input: { resume_ids: resumeIds, force_reprocess: false },
        output: {
          extracted_resume_ids: extracted,
          failed_resume_ids: ctx.unreadable,
          extracted_count: extracted.length,
        },
      },
      jd_reading: {
        input: { jd_id: jdId, force_reprocess: false },
        output: { jd, required_skills: subject.job?.job.requiredSkills ?? [] },
      },
      resume_reading: {
        input: { resume_ids: extracted, force_reprocess: false },
        output: { candidates, parsed_count: candidates.length },
      },
      hr_comparison: {
        input: { jd_id: jdId, jd, candidates },
        output: {
          matches,
          results,
          match_rate: meanScore(matches),
          top_matches: top,
          compared: matches.length,
        },
      },
    };
  }
  if (kind === "pipeline") {
    const match = ctx.screening
      ? [{ resume_id: resumeIds[0], score: ctx.screening.score, band: ctx.screening.band }]
      : [];
    return {
      hr_comparison: {
        input: { jd_id: jdId, resume_ids: resumeIds },
        output: {
          matches: match,
          top_matches: match.filter((m) => m.band === "excellent" || m.band === "good").length,
        },
      },
      approval: { input: {}, output: { approved_by: [] } },
      delay: { input: {}, output: {} },
      "3": {
        input: {},
        output: { outcome: "pass", notes: "Motivated, available in four weeks, salary within band." },
      },
      interview_scheduling: { input: { matches: match }, output: { interview_ids: [prng.uuid()] } },
      todo: { input: {}, output: { todo_id: prng.uuid() } },
    };
  }
  if (kind === "voice") {
    const callSid = `CA${prng.hex(32)}`;
    const transcript = `Agent: Thanks for taking the call, ${ctx.candidate.candidateName.split(" ")[0]}. Can you walk me through your current role?\nCandidate: I'm a ${ctx.candidate.title} with ${ctx.candidate.yearsExperience} years of experience, mostly ${ctx.candidate.skills.slice(0, 3).join(", ")}.`;
    return {
      "0": {
        input: { candidate_phone: ctx.candidate.phone, jd_id: jdId },
        output: { call_sid: callSid },
      },
      "1": {
        input: { call_sid: callSid },
        output: {
          transcript,
          answers: [
            { question: "Current role", answer: ctx.candidate.title },
            { question: "Years of experience", answer: ctx.candidate.yearsExperience },
            { question: "Notice period", answer: `${prng.int(2, 8)} weeks` },
          ],
        },
      },
      hr_comparison: {
        input: { jd_id: jdId, transcript },
        output: { score: ctx.screening?.score ?? 0, band: ctx.screening?.band ?? "poor" },
      },
      webhook_call: {
        input: { score: ctx.screening?.score ?? 0, band: ctx.screening?.band ?? "poor" },
        output: { status_code: 200 },
      },
    };
  }
  const faxId = ctx.externalId ?? "FAX-UNKNOWN";
  const faxUrl = `/files/fax/${faxId}.pdf`;
  const text = ctx.candidate.text.slice(0, 400);
  return {
    "0": { input: { fax_id: faxId }, output: { pages: prng.int(1, 4), document_url: faxUrl } },
    resume_extraction: {
      input: { document_url: faxUrl },
      output: { text, confidence: Math.round(prng.float(0.68, 0.98) * 100) / 100 },
    },
    resume_reading: { input: { text }, output: { candidate: parsedResume(ctx.candidate) } },
    "3": { input: {}, output: { accepted: true } },
  };
}

function endpointsFor(
  plan: RunPlan,
  ctx: { start: Date; end: Date; usesLlm: boolean; llmFailed: boolean },
): EndpointUse[] {
  const at = (d: Date) => d.toISOString();
  const list: EndpointUse[] = [];
  if (plan.kind === "voice") {
    list.push({ endpoint: "voice-provider:/v1/calls", method: "POST", status: 201, at: at(ctx.start) });
    list.push({ endpoint: "/api/v1/runs", method: "POST", status: 201, at: at(ctx.start) });
  } else if (plan.kind === "efax") {
    list.push({ endpoint: "fax-gateway:/v1/inbound", method: "GET", status: 200, at: at(ctx.start) });
    list.push({ endpoint: "/api/v1/runs", method: "POST", status: 201, at: at(ctx.start) });
  } else {
    list.push({
      endpoint: plan.channel === "api" ? "/api/v1/runs" : "/api/runs",
      method: "POST",
      status: 201,
      at: at(ctx.start),
    });
  }
  if (ctx.usesLlm) {
    list.push({ endpoint: "llm:/v1/chat/completions", method: "POST", status: 200, at: at(ctx.start) });
    if (ctx.llmFailed)
      list.push({ endpoint: "llm:/v1/chat/completions", method: "POST", status: 503, at: at(ctx.end) });
  }
  if (plan.kind === "voice") {
    list.push({
      endpoint: "https://ats.example.com/hooks/screening",
      method: "POST",
      status: 200,
      at: at(ctx.end),
    });
  }
  return list;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small inline SVG "screenshot" of the executor's console, so the UI has a real image to show. */
function consoleShot(at: number, action: string, label: string, prng: Prng): TimedShot {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180">` +
    `<rect width="320" height="180" fill="#0f172a"/><rect x="12" y="12" width="296" height="24" rx="4" fill="#1e293b"/>` +
    `<text x="20" y="29" font-family="sans-serif" font-size="12" fill="#94a3b8">${escapeXml(action)}</text>` +
    `<text x="20" y="100" font-family="sans-serif" font-size="16" fill="#38bdf8">${escapeXml(label)}</text></svg>`;
  const url = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
  return {
    at,
    url,
    action,
    details: {
      thumbnail_url: url,
      selector: action === "page_received" ? "#fax-pages" : "#call-status",
      element_found: true,
      confidence: Math.round(prng.float(0.86, 0.99) * 100) / 100,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Interviews and todos that belong to the candidate pipeline but were not created by a run

function standaloneInterviews(input: GeneratorInput): NewInterview[] {
  const { prng, users, now } = input;
  const pipeline = input.workflows.pipeline;
  const n = now.getTime();
  const picks = prng.sample(input.resumes, 5);
  return picks.map((r, i) => {
    const scheduledAt = new Date(Math.floor((n + (i - 2) * 2 * DAY + prng.int(1, 8) * HOUR) / HOUR) * HOUR);
    const deletedOnItsOwn = i === 4;
    return {
      orgId: input.orgId,
      workflowId: pipeline.id,
      resumeId: r.id,
      title:
        i % 2 === 0
          ? `Reference check — ${r.resume.candidateName}`
          : `Hiring committee review — ${r.resume.candidateName}`,
      candidateName: r.resume.candidateName,
      interviewerId: i % 2 === 0 ? users.recruiter.id : users.manager.id,
      scheduledAt,
      durationMinutes: i % 2 === 0 ? 30 : 45,
      location: i % 2 === 0 ? "Phone" : "Room 4B",
      status: scheduledAt.getTime() < n ? "completed" : "scheduled",
      createdBy: users.recruiter.id,
      // one was deleted on its own: restoring the workflow must not bring it back (seed 003)
      isDeleted: deletedOnItsOwn,
      deletedAt: deletedOnItsOwn ? new Date(n - 3 * DAY) : null,
      deletedVia: deletedOnItsOwn ? "self" : null,
      createdAt: new Date(n - 10 * DAY),
      updatedAt: new Date(n - 3 * DAY),
    };
  });
}

function standaloneTodos(input: GeneratorInput): NewTodo[] {
  const { users, now } = input;
  const n = now.getTime();
  const pipeline = input.workflows.pipeline;
  const items: {
    title: string;
    description: string;
    dueInDays: number;
    status: NewTodo["status"];
    priority: NewTodo["priority"];
    workflow: boolean;
    deleted?: boolean;
  }[] = [
    {
      title: "Update the panel interview scorecard",
      description: "Add the system-design rubric agreed with engineering.",
      dueInDays: 3,
      status: "open",
      priority: "normal",
      workflow: true,
    },
    {
      title: "Book interview rooms for next week's panel day",
      description: "Rooms 4A and 4B, 9:00–17:00, with video.",
      dueInDays: 1,
      status: "in_progress",
      priority: "high",
      workflow: true,
    },
    {
      title: "Collect references for pending offers",
      description: "Two references per candidate before the offer goes out.",
      dueInDays: -2,
      status: "done",
      priority: "normal",
      workflow: true,
    },
    {
      title: "Review Q3 hiring plan with finance",
      description: "Headcount and budget per department.",
      dueInDays: 7,
      status: "open",
      priority: "low",
      workflow: false,
    },
    {
      title: "Archive stale candidates",
      description: "Candidates with no activity in 90 days.",
      dueInDays: -5,
      status: "cancelled",
      priority: "low",
      workflow: true,
      deleted: true,
    },
  ];
  return items.map((item) => ({
    orgId: input.orgId,
    workflowId: item.workflow ? pipeline.id : null,
    title: item.title,
    description: item.description,
    assigneeId: users.recruiter.id,
    dueAt: new Date(n + item.dueInDays * DAY),
    status: item.status,
    priority: item.priority,
    createdBy: users.manager.id,
    isDeleted: item.deleted ?? false,
    deletedAt: item.deleted ? new Date(n - 2 * DAY) : null,
    deletedVia: item.deleted ? "self" : null,
    createdAt: new Date(n - 12 * DAY),
    updatedAt: new Date(n - 2 * DAY),
  }));
}
