import "server-only";
import { type Column, getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
import { preparedRows, type Queryable, type Tx } from "@/db/client";
import { type WorkflowRun, type WorkflowRunStep, workflowRunSteps, workflowRuns } from "@/db/schema";
import { runStatuses, type StepStatus, type StepType } from "@/db/schema/enums";
import { insertRunWebhooks } from "@/lib/webhooks/outbox";
import { eventJson, LostRace } from "./apply";
import { type Effect, isTerminalRun, type RunEvent, runTransition, stepTransition } from "./transitions";

// The engine's hot path: a claim is one statement, a completion one short transaction of two
// statements (plus the next claim of the same organization when the worker wants one). Column
// assignments come from the machines in transitions.ts, so the hot path and apply.ts agree.

// ── rows ─────────────────────────────────────────────────────────────────────────────────────────

/** Maps a raw row (snake_case, driver values) to the table's typed shape, as drizzle's builder would. */
function mapper<T>(table: Table) {
  const byName = new Map<string, [string, Column]>();
  for (const [key, column] of Object.entries(getTableColumns(table))) byName.set(column.name, [key, column]);
  return (raw: Record<string, unknown>): T => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(raw)) {
      const entry = byName.get(name);
      if (!entry) continue;
      out[entry[0]] = value === null || value === undefined ? null : entry[1].mapFromDriverValue(value);
    }
    return out as T;
  };
}

export const toStep = mapper<WorkflowRunStep>(workflowRunSteps);
export const toRun = mapper<WorkflowRun>(workflowRuns);

/** jsonb computed in a statement: postgres.js (through drizzle) may hand it over as text. */
export function json<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The output of a completed step, for input assembly (bindings by node or by step number). */
export type SourceOutput = { nodeId: string | null; stepNumber: number; output: unknown };

/** A claimed attempt with what its handler reads: the run, and the sources its bindings need. */
export type Claimed = { step: WorkflowRunStep; run: WorkflowRun; sources: SourceOutput[] };

// ── claim ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Run statuses a claim moves to `active`, with the machine's event for each (`start` from pending,
 * `resume` from waiting): derived from the run machine, so the claim statement cannot disagree with it.
 */
export const CLAIM_PROMOTES: { from: WorkflowRun["status"]; event: RunEvent }[] = runStatuses.flatMap(
  (from) =>
    (["start", "resume"] as const).flatMap((event) => {
      const r = runTransition(from, event, { now: new Date(0) });
      return r.ok && r.to === "active" ? [{ from, event }] : [];
    }),
);

/** Whether the bindings in a run's config snapshot need the outputs of completed steps. */
const HAS_BINDINGS = sql`jsonb_array_length(coalesce(r.config_snapshot->'bindings', '[]'::jsonb)) > 0`;

/** Outputs of the run's completed steps, only for runs whose snapshot binds outputs to inputs. */
const SOURCES = sql`case when ${HAS_BINDINGS} then (
    select jsonb_agg(jsonb_build_object('nodeId', o.node_id, 'stepNumber', o.step_number, 'output', o.output_data))
    from workflow_run_steps o where o.run_id = r.id and o.status = 'completed') end`;

export type ClaimOptions = { workerId: string; batch: number; leaseMs: number };

/**
 * Claims up to `batch` due steps (queued, or scheduled and due; never external) in ONE statement:
 * FOR UPDATE SKIP LOCKED, the machine's `due` and `claim` (attempt+1 is the lease's fencing token),
 * the run promoted to active by `start`/`resume`, and the run row and binding sources returned for
 * the handler. Visibility is the caller's role: every organization (runledger_worker) or the one of
 * a tenant transaction (a completion refilling its slot).
 */
export async function claimDue(tx: Queryable, opts: ClaimOptions): Promise<Claimed[]> {
  const raw = await preparedRows<ClaimedRow>(tx, claimStatement(opts));
  return raw.map(toClaimed);
}

/** The claim as one statement (exported for the plan test: due steps are an ordered index read). */
export function claimStatement(opts: ClaimOptions): SQL {
  return sql`with ${claimCtes(opts)} ${CLAIMED_ROWS} order by c.run_at`;
}

type ClaimedRow = { step: unknown; run: unknown; sources: unknown };

function toClaimed(row: ClaimedRow): Claimed {
  return {
    step: toStep(json(row.step)),
    run: toRun(json(row.run)),
    sources: json<SourceOutput[] | null>(row.sources) ?? [],
  };
}

const PROMOTABLE = sql.join(
  CLAIM_PROMOTES.map((p) => sql.raw(`'${p.from}'`)),
  sql`, `,
);

/** The claim's CTEs (`due`, `claimed`, `promoted`), also embedded in a completion that refills its slot. */
function claimCtes(opts: ClaimOptions): SQL {
  return sql`due as (
      select id from workflow_run_steps
      where status in ('queued', 'scheduled') and run_at <= now() and step_type <> 'external'
      order by run_at limit ${opts.batch}
      for update skip locked
    ), claimed as (
      update workflow_run_steps s set
        status = 'running',
        attempt = s.attempt + 1,
        lease_owner = ${opts.workerId},
        lease_expires_at = now() + ${`${opts.leaseMs} milliseconds`}::interval,
        heartbeat_at = now(),
        started_at = now(),
        updated_at = now(),
        events = s.events || (
          case when s.status = 'scheduled'
            then jsonb_build_array(jsonb_build_object('type', 'step.due', 'timestamp', now(), 'data',
                   jsonb_build_object('from', 'scheduled', 'to', 'queued')))
            else '[]'::jsonb end
          || jsonb_build_array(jsonb_build_object('type', 'step.claim', 'timestamp', now(), 'data',
               jsonb_build_object('from', 'queued', 'to', 'running', 'attempt', s.attempt + 1,
                                  'worker', ${opts.workerId}::text))))
      from due where s.id = due.id
      returning s.*
    ), promoted as (
      update workflow_runs r set status = 'active', started_at = coalesce(r.started_at, now()), updated_at = now()
      where r.id = any(array(select run_id from claimed)) and r.status in (${PROMOTABLE})
      returning r.id
    )`;
}

/** The claimed steps with their runs as the claim leaves them (the statement's snapshot predates it). */
const CLAIMED_ROWS = sql`select to_jsonb(c) as step,
      to_jsonb(r) || case when r.status in (${PROMOTABLE})
        then jsonb_build_object('status', 'active', 'started_at', coalesce(r.started_at, now())) else '{}'::jsonb end as run,
      ${SOURCES} as sources, c.run_at
    from claimed c join workflow_runs r on r.id = c.run_id`;

// ── completion ───────────────────────────────────────────────────────────────────────────────────

/** What a handler may write on its run: applied by the engine inside the fenced completion. */
export type RunPatch = {
  results?: WorkflowRun["results"];
  metrics?: WorkflowRun["metrics"];
  tier?: number;
  tierReason?: string;
  processedResumes?: number;
  /** LLM usage of this attempt: the model, prompt and response, and tokens added to the run's total. */
  llm?: { model: string; prompt: string; response: string; tokensUsed: number };
};

export type Completion = {
  output: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  llm?: { prompt: string; response: string; model: string; tokensUsed: number } | null;
  runPatch?: RunPatch;
  /** The input the attempt was given, kept in the ledger. */
  input?: Record<string, unknown>;
};

export type FinishOptions = {
  now?: Date;
  /** Claim the run's next step for this worker when it is released straight to the queue. */
  continueAs?: { workerId: string; leaseMs: number };
  /** Refill this many slots from the organization's due steps when the run offers no next step. */
  refill?: number;
};

export type Finished =
  | { outcome: "lost" }
  | {
      outcome: "ok";
      run: Pick<WorkflowRun, "id" | "orgId" | "status">;
      /** A step of the run released to the queue that this worker did not take. */
      queued: boolean;
      next: Claimed[];
    };

type StepLite = {
  id: string;
  status: StepStatus;
  order: number;
  n: number;
  type: StepType;
  nodeId: string | null;
  attempt: number;
  retryCount: number;
  maxRetries: number;
  autoStart: boolean;
  approval: boolean;
  delay: number | null;
  output: unknown;
};

const DONE: StepStatus[] = ["completed", "skipped"];
const WAITING: StepStatus[] = ["waiting_approval", "waiting_manual", "scheduled"];

/** Column assignments of the machine's effects for one UPDATE of workflow_run_steps aliased `s`. */
function stepSet(effects: Effect[], stepId: string, extra: Record<string, SQL> = {}): SQL {
  const set = new Map<string, SQL>();
  const events: ReturnType<typeof eventJson>[] = [];
  let startedNow: Date | undefined;
  for (const e of effects) {
    switch (e.type) {
      case "set_run_at":
        set.set("run_at", ts(e.at));
        break;
      case "clear_run_at":
        set.set("run_at", sql`null`);
        break;
      case "increment_attempt":
        set.set("attempt", sql`s.attempt + 1`);
        break;
      case "increment_retry_count":
        set.set("retry_count", sql`s.retry_count + 1`);
        break;
      case "reset_retry_count":
        set.set("retry_count", sql`0`);
        break;
      case "set_started_at":
        set.set("started_at", ts(e.at));
        startedNow = e.at;
        break;
      case "set_ended_at":
        set.set("completed_at", ts(e.at));
        // never started (skipped): no duration, NULL rather than 0
        set.set(
          "duration_ms",
          startedNow
            ? sql`${Math.max(0, e.at.getTime() - startedNow.getTime())}::int`
            : sql`case when s.started_at is null then null else greatest(0, round(extract(epoch from (${ts(e.at)} - s.started_at)) * 1000))::int end`,
        );
        break;
      case "clear_lease":
        set.set("lease_owner", sql`null`);
        set.set("lease_expires_at", sql`null`);
        break;
      case "append_event":
        events.push(eventJson(e.event));
        break;
      case "clear_outcome":
      case "abort_handler":
      case "cancel_open_steps":
        // not produced by complete, release or claim (the only events of the hot path)
        throw new Error(`hot path cannot apply ${e.type} (step ${stepId})`);
    }
  }
  if (events.length) set.set("events", sql`s.events || ${JSON.stringify(events)}::jsonb`);
  for (const [k, v] of Object.entries(extra)) set.set(k, v);
  set.set("updated_at", sql`now()`);
  return sql.join(
    [...set].map(([k, v]) => sql`${sql.identifier(k)} = ${v}`),
    sql`, `,
  );
}

/**
 * Finishes a claimed attempt: the step completes (fenced on running + attempt: a fenced-out attempt
 * writes nothing and gets "lost"), the run's next step by order_number is released as the machine
 * says (approval, manual start, delay or queue) and, when queued, claimed at once for this worker;
 * the run's status, progress and patch are written, and a run that ends gets its outbox webhooks —
 * all in the caller's tenant transaction, in two statements (the second also refills the slot).
 */
export async function finishInTx(
  tx: Tx,
  claimed: Pick<WorkflowRunStep, "id" | "runId" | "orgId" | "attempt" | "retryCount" | "maxRetries"> &
    Pick<WorkflowRunStep, "autoStart" | "requiredHumanApproval" | "delayInSeconds">,
  result: Completion,
  opts: FinishOptions = {},
): Promise<Finished> {
  const now = opts.now ?? new Date();
  const complete = stepTransition("running", "complete", {
    now,
    attempt: claimed.attempt,
    retryCount: claimed.retryCount,
    node: {
      autoStart: claimed.autoStart,
      requiredHumanApproval: claimed.requiredHumanApproval,
      delayInSeconds: claimed.delayInSeconds,
      maxRetries: claimed.maxRetries,
    },
  });
  if (!complete.ok) throw new Error(complete.reason);
  const llm = result.llm ?? null;
  const set = stepSet(complete.effects, claimed.id, {
    status: sql`'completed'`,
    output_data: sql`${JSON.stringify(result.output)}::jsonb`,
    metadata: sql`s.metadata || ${JSON.stringify(result.metadata ?? {})}::jsonb`,
    // a step's tokens are those of all its attempts (a failed one's were added when it failed);
    // an attempt without an LLM call leaves the last call's model, prompt and response in place
    ...(llm
      ? {
          llm_prompt: sql`${llm.prompt}`,
          llm_response: sql`${llm.response}`,
          llm_model: sql`${llm.model}`,
          llm_tokens_used: sql`coalesce(s.llm_tokens_used, 0) + ${llm.tokensUsed}::int`,
        }
      : {}),
    error_message: sql`null`,
    error_details: sql`null`,
    ...(result.input ? { input_data: sql`${JSON.stringify(result.input)}::jsonb` } : {}),
  });
  // 1. fenced completion; then (only if it won) the run locked, its steps and webhook targets read
  const [head] = await preparedRows<Record<string, unknown>>(
    tx,
    sql`with done as (
      update workflow_run_steps s set ${set}
      where s.id = ${claimed.id} and s.status = 'running' and s.attempt = ${claimed.attempt}
      returning s.run_id
    ), r as (
      select r.id, r.org_id, r.status, r.started_at, r.created_at, r.workflow_id, r.channel, r.config_snapshot
      from workflow_runs r where r.id = (select run_id from done) for update
    )
    select r.id, r.org_id, r.status, r.started_at, r.created_at, r.workflow_id, r.channel,
      ${HAS_BINDINGS} as has_bindings,
      (select jsonb_agg(jsonb_build_object('id', s.id, 'status', s.status, 'order', s.order_number,
          'n', s.step_number, 'type', s.step_type, 'nodeId', s.node_id, 'attempt', s.attempt,
          'retryCount', s.retry_count, 'maxRetries', s.max_retries, 'autoStart', s.auto_start,
          'approval', s.required_human_approval, 'delay', s.delay_in_seconds,
          'output', case when ${HAS_BINDINGS} and s.status = 'completed' then s.output_data end)
        order by s.order_number, s.step_number)
        from workflow_run_steps s where s.run_id = r.id) as steps,
      (select jsonb_agg(jsonb_build_object('id', w.id, 'url', w.webhook_url))
        from workflow_channel_configs w
        where w.org_id = r.org_id and w.workflow_id = r.workflow_id and w.channel = r.channel
          and w.enabled and w.webhook_url is not null) as hooks
    from r`,
  );
  if (!head) return { outcome: "lost" };
  const run = {
    id: head.id as string,
    orgId: head.org_id as string,
    status: head.status as WorkflowRun["status"],
    startedAt: head.started_at ? new Date(head.started_at as string) : null,
    createdAt: new Date(head.created_at as string),
  };
  const steps = json<StepLite[]>(head.steps);
  // the statement's snapshot predates its own update
  for (const s of steps)
    if (s.id === claimed.id) Object.assign(s, { status: "completed", output: result.output });
  if (isTerminalRun(run.status)) return { outcome: "ok", run, queued: false, next: [] };

  // 2. the next step by order: release (and claim), the run's status, progress and patch
  let next = steps.find((s) => !DONE.includes(s.status));
  let nextSet: SQL | null = null;
  let continued = false;
  let queued = false;
  if (next?.status === "pending") {
    const node = {
      autoStart: next.autoStart,
      requiredHumanApproval: next.approval,
      delayInSeconds: next.delay,
      maxRetries: next.maxRetries,
    };
    const released = stepTransition("pending", "release", {
      now,
      attempt: next.attempt,
      retryCount: next.retryCount,
      node,
    });
    if (!released.ok) throw new Error(released.reason);
    let effects = released.effects;
    let to = released.to;
    if (to === "queued" && next.type !== "external" && opts.continueAs) {
      const claim = stepTransition("queued", "claim", {
        now,
        attempt: next.attempt,
        retryCount: next.retryCount,
        node,
      });
      if (!claim.ok) throw new Error(claim.reason);
      for (const e of claim.effects)
        if (e.type === "append_event") e.event.data.worker = opts.continueAs.workerId;
      effects = [...effects, ...claim.effects];
      to = claim.to;
      continued = true;
    } else if (to === "queued" && next.type !== "external") {
      queued = true;
    }
    nextSet = stepSet(effects, next.id, {
      status: sql`${to}`,
      ...(continued && opts.continueAs
        ? {
            lease_owner: sql`${opts.continueAs.workerId}`,
            lease_expires_at: sql`${ts(now)} + ${`${opts.continueAs.leaseMs} milliseconds`}::interval`,
            heartbeat_at: ts(now),
          }
        : {}),
    });
    next = { ...next, status: to };
  }
  const completed = steps.filter((s) => DONE.includes(s.status)).length;
  const progress = {
    completed_steps: completed,
    total_steps: steps.length,
    percentage: steps.length ? Math.round((completed / steps.length) * 100) : 0,
  };
  // the run machine, as advanceRun drives it
  const events: RunEvent[] = [];
  if (!next) {
    if (run.status === "pending") events.push("start");
    events.push("complete");
  } else if (WAITING.includes(next.status)) {
    if (run.status === "pending") events.push("start", "wait");
    else if (run.status === "active") events.push("wait");
  } else if (next.status === "queued" || next.status === "running") {
    if (run.status === "pending" && (next.type === "external" || continued)) events.push("start");
    if (run.status === "waiting") events.push("resume");
  }
  let status: WorkflowRun["status"] = run.status;
  const runSet = new Map<string, SQL>([["progress", sql`${JSON.stringify(progress)}::jsonb`]]);
  for (const event of events) {
    const t = runTransition(status, event, { now });
    if (!t.ok) throw new Error(t.reason);
    for (const e of t.effects) {
      if (e.type === "set_started_at") {
        run.startedAt ??= e.at;
        runSet.set("started_at", ts(run.startedAt));
      }
      if (e.type === "set_ended_at") {
        runSet.set("completed_at", ts(e.at));
        runSet.set(
          "duration_ms",
          run.startedAt ? sql`${Math.max(0, e.at.getTime() - run.startedAt.getTime())}::int` : sql`null`,
        );
      }
    }
    status = t.to;
  }
  runSet.set("status", sql`${status}`);
  const patch = result.runPatch;
  if (patch?.results !== undefined) runSet.set("results", sql`${JSON.stringify(patch.results)}::jsonb`);
  if (patch?.metrics !== undefined) runSet.set("metrics", sql`${JSON.stringify(patch.metrics)}::jsonb`);
  if (patch?.tier !== undefined) runSet.set("tier", sql`${patch.tier}::smallint`);
  if (patch?.tierReason !== undefined) runSet.set("tier_reason", sql`${patch.tierReason}`);
  if (patch?.processedResumes !== undefined)
    runSet.set("processed_resumes", sql`least(${patch.processedResumes}::int, r.total_resumes)`);
  if (patch?.llm) {
    runSet.set("llm_model", sql`${patch.llm.model}`);
    runSet.set("llm_prompt", sql`${patch.llm.prompt}`);
    runSet.set("llm_response", sql`${patch.llm.response}`);
    runSet.set("llm_tokens_used", sql`coalesce(r.llm_tokens_used, 0) + ${patch.llm.tokensUsed}::int`);
  }
  runSet.set("updated_at", sql`now()`);
  const ended = isTerminalRun(status);
  // the run as the statement leaves it is read back only when something needs it: the continued step's
  // handler, or the webhooks of a run that ends (most runs end with none to send)
  const hooks = json<{ id: string; url: string }[] | null>(head.hooks) ?? [];
  const readRun = continued || (ended && hooks.length > 0);
  const assignments = sql.join(
    [...runSet].map(([k, v]) => sql`${sql.identifier(k)} = ${v}`),
    sql`, `,
  );
  // the run offers nothing to continue with: refill the slot from the organization's queue, same statement
  const refill =
    !continued && opts.refill && opts.continueAs ? { ...opts.continueAs, batch: opts.refill } : null;
  const [tail] = await preparedRows<{ next_ok: boolean; step: unknown; run: unknown; refill: unknown }>(
    tx,
    sql`with n as (
      ${
        nextSet && next
          ? sql`update workflow_run_steps s set ${nextSet}
              where s.id = ${next.id} and s.status = 'pending' returning s.*`
          : sql`select null::uuid as id where false`
      }
    ), u as (
      update workflow_runs r set ${assignments}
      where r.id = ${run.id} and r.status = ${run.status}
      returning r.*
    )${refill ? sql`, ${claimCtes(refill)}` : sql``}
    select (select count(*) from n)::int = ${nextSet ? 1 : 0} as next_ok,
      ${
        refill
          ? sql`(select jsonb_agg(jsonb_build_object('step', q.step, 'run', q.run, 'sources', q.sources)
              order by q.run_at) from (${CLAIMED_ROWS}) q)`
          : sql`null::jsonb`
      } as refill,
      ${continued ? sql`(select to_jsonb(n) from n)` : sql`null::jsonb`} as step,
      ${readRun ? sql`to_jsonb(u)` : sql`null::jsonb`} as run
    from u`,
  );
  // the run row is locked, so neither can move; a miss means a writer that skipped the run lock
  if (!tail?.next_ok) throw new LostRace(`run ${run.id} changed during the completion of ${claimed.id}`);
  const fullRun = tail.run ? toRun(json(tail.run)) : null;
  if (ended && fullRun && hooks.length && fullRun.workflowId) await insertRunWebhooks(tx, fullRun, hooks);
  const out: Claimed[] = [];
  if (continued && tail.step && fullRun) {
    const sources: SourceOutput[] = head.has_bindings
      ? steps
          .filter((s) => s.status === "completed")
          .map((s) => ({ nodeId: s.nodeId, stepNumber: s.n, output: s.output }))
      : [];
    out.push({ step: toStep(json(tail.step)), run: fullRun, sources });
  } else if (tail.refill) {
    out.push(...json<ClaimedRow[]>(tail.refill).map(toClaimed));
  }
  return { outcome: "ok", run: { id: run.id, orgId: run.orgId, status }, queued, next: out };
}
