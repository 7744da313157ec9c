// GET /api/workflow/executions/[workflowId]/stream: Server-Sent Events read from the Response body on
// both drivers — snapshot, step and run events on real engine changes, coalesced bursts, pings,
// Last-Event-ID, the end of a finished run, clean-up on disconnect, one LISTEN per process — and, on
// PostgreSQL, a change committed through one database handle reaching a stream served by another.
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as streamRoute } from "@/app/api/workflow/executions/[workflowId]/stream/route";
import { type DbHandle, openPostgres } from "@/db/client";
import { type WorkflowRun, workflowRunSteps, workflowRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { notify } from "@/lib/engine/notify";
import { type Actor, cancelRun, startManualStep, startRun } from "@/lib/engine/runs";
import { liveHub } from "@/lib/live/hub";
import { runEventStream } from "@/lib/live/run-stream";
import { type Caller, makeCaller, makeTenant, TEST_ORIGIN, useTestDb } from "../../helpers/api";
import { createTestDb, describeDrivers, drivers, query, type TestDb } from "../../helpers/db";
import { makeWorkflow } from "../../helpers/engine";

type SseEvent = { event: string; id?: string; data?: string; comment?: string; retry?: number };

/** Reads SSE blocks from a body; `next` resolves null when the stream ends, throws on timeout. */
class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = "";
  private pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  done = false;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  async next(timeoutMs = 5000): Promise<SseEvent | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const cut = this.buffer.indexOf("\n\n");
      if (cut >= 0) {
        const block = this.buffer.slice(0, cut);
        this.buffer = this.buffer.slice(cut + 2);
        return parseBlock(block);
      }
      if (this.done) return null;
      this.pending ??= this.reader.read();
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no SSE event within ${timeoutMs} ms; buffered: ${JSON.stringify(this.buffer)}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), left);
      });
      const r = await Promise.race([this.pending, timeout]);
      clearTimeout(timer);
      if (r === "timeout") continue;
      this.pending = null;
      if (r.done) this.done = true;
      else this.buffer += this.decoder.decode(r.value, { stream: true });
    }
  }

  /** The next event that is not a ping or retry line. */
  async nextEvent(timeoutMs = 5000): Promise<SseEvent | null> {
    for (;;) {
      const e = await this.next(timeoutMs);
      if (!e || (e.event !== "comment" && e.event !== "retry")) return e;
    }
  }

  /** Events until `until` matches (inclusive) or the stream ends. */
  async collect(until: (e: SseEvent) => boolean, timeoutMs = 8000): Promise<SseEvent[]> {
    const out: SseEvent[] = [];
    for (;;) {
      const e = await this.nextEvent(timeoutMs);
      if (!e) return out;
      out.push(e);
      if (until(e)) return out;
    }
  }

  cancel() {
    return this.reader.cancel();
  }
}

function parseBlock(block: string): SseEvent {
  const e: SseEvent = { event: "message" };
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) return { event: "comment", comment: line.slice(1).trim() };
    const [field, ...rest] = line.split(":");
    const value = rest.join(":").replace(/^ /, "");
    if (field === "event") e.event = value;
    else if (field === "id") e.id = value;
    else if (field === "data") data.push(value);
    else if (field === "retry") return { event: "retry", retry: Number(value) };
  }
  if (data.length) e.data = data.join("\n");
  return e;
}

const json = (e: SseEvent | null | undefined) => JSON.parse(e?.data ?? "null") as Record<string, unknown>;

describeDrivers("io: live run stream (SSE)", (ctx) => {
  let T: Awaited<ReturnType<typeof makeTenant>>;
  let workflowId: string;
  let actor: Actor;

  beforeAll(async () => {
    useTestDb(ctx().handle);
    T = await makeTenant(ctx().handle);
    actor = { orgId: T.org.id, userId: T.recruiter.userId, role: "recruiter" };
    const wf = await makeWorkflow(ctx().db, T.org.id, [
      { stepType: "manual", stepName: "Screen", autoStart: false },
      { stepType: "manual", stepName: "Decide", autoStart: false },
    ]);
    workflowId = wf.workflowId;
  });

  afterEach(() => {
    useTestDb(ctx().handle);
  });

  const start = () =>
    withTenant(ctx().db, T.org.id, (tx) => startRun(tx, actor, { workflowId, channel: "web" }));
  const stepsOf = (run: WorkflowRun) =>
    withTenant(ctx().db, T.org.id, (tx) =>
      tx
        .select()
        .from(workflowRunSteps)
        .where(eq(workflowRunSteps.runId, run.id))
        .orderBy(workflowRunSteps.stepNumber),
    );

  async function connect(
    run: Pick<WorkflowRun, "publicId">,
    as: Caller = T.recruiter,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ) {
    const url = new URL(`/api/workflow/executions/${run.publicId}/stream`, TEST_ORIGIN);
    const res = await streamRoute(
      new Request(url, {
        headers: { host: url.host, authorization: `Bearer ${as.token}`, ...headers },
        signal,
      }),
      { params: Promise.resolve({ workflowId: run.publicId }) },
    );
    return res;
  }

  it("sends the run document, then step and run events as the engine changes the run, then ends", async () => {
    const run = await start();
    const hub = liveHub(ctx().handle);
    const before = hub.size;
    const res = await connect(run);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    const sse = new SseReader(res.body!);
    expect(await sse.next()).toEqual({ event: "retry", retry: 3000 });
    const snapshot = await sse.nextEvent();
    expect(snapshot?.event).toBe("run");
    expect(json(snapshot)).toMatchObject({
      workflow_id: run.publicId,
      status: "waiting",
      steps: [{ status: "waiting_manual" }, { status: "pending" }],
    });
    expect(hub.size).toBe(before + 1);

    const [first] = await stepsOf(run);
    await withTenant(ctx().db, T.org.id, (tx) => startManualStep(tx, actor, first!.id));
    const changed = await sse.collect((e) => e.event === "run");
    const step = changed.find((e) => e.event === "step");
    expect(json(step)).toMatchObject({ id: first!.id, step_number: 1, status: "queued" });
    expect(json(changed.at(-1)!)).toMatchObject({ workflow_id: run.publicId, status: expect.any(String) });
    expect(json(changed.at(-1)!)).not.toHaveProperty("steps"); // updates carry the summary, not the document

    await withTenant(ctx().db, T.org.id, (tx) => cancelRun(tx, actor, run.id, "test over"));
    const final = await sse.collect((e) => e.event === "end");
    const lastRun = final.filter((e) => e.event === "run").at(-1);
    expect(json(lastRun)).toMatchObject({ status: "cancelled", error: "Cancelled: test over" });
    expect(final.filter((e) => e.event === "step").map((e) => json(e).status)).toContain("cancelled");
    expect(final.at(-1)).toMatchObject({ event: "end", id: expect.stringMatching(/-end$/) });
    expect(json(final.at(-1)!)).toEqual({ status: "cancelled" });
    expect(await sse.next()).toBeNull();
    expect(hub.size).toBe(before);
  });

  it("coalesces a burst of changes into a few pushes carrying the last state", async () => {
    const run = await start();
    const sse = new SseReader((await connect(run)).body!);
    await sse.nextEvent(); // snapshot
    const started = Date.now();
    for (let i = 1; i <= 30; i++) {
      await withTenant(ctx().db, T.org.id, async (tx) => {
        await tx
          .update(workflowRuns)
          .set({ metrics: { burst: i } })
          .where(eq(workflowRuns.id, run.id));
        await notify(tx, { k: "run", runId: run.id, orgId: T.org.id });
      });
    }
    const elapsed = Date.now() - started;
    const events: Record<string, unknown>[] = [];
    for (;;) {
      const e = await sse.nextEvent(1500).catch(() => null);
      if (!e) break;
      events.push(json(e));
      if ((e && (json(e).metrics as { burst?: number })?.burst) === 30) break;
    }
    expect(events.at(-1)).toMatchObject({ metrics: { burst: 30 } });
    // at most ~10 pushes a second, plus the first one
    expect(events.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(events.length).toBeLessThan(30);
    await sse.cancel();
  });

  it("cleans up when the client disconnects (abort or cancel), and shares one LISTEN", async () => {
    const run = await start();
    const hub = liveHub(ctx().handle);
    const before = hub.size;
    const aborter = new AbortController();
    const a = new SseReader((await connect(run, T.recruiter, {}, aborter.signal)).body!);
    const b = new SseReader((await connect(run)).body!);
    const c = new SseReader((await connect(run, T.admin)).body!);
    await Promise.all([a.nextEvent(), b.nextEvent(), c.nextEvent()]);
    expect(hub.size).toBe(before + 3);
    expect(hub.isListening).toBe(true);
    if (ctx().driver === "postgres") {
      const listeners = await query<{ n: number }>(
        ctx().db,
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen%'`,
      );
      expect(listeners[0]!.n).toBe(1);
    }
    aborter.abort();
    await b.cancel();
    await expect.poll(() => hub.size).toBe(before + 1);
    await c.cancel();
    await expect.poll(() => hub.size).toBe(before);
  });

  it("Last-Event-ID gets a fresh snapshot; after the final event of a finished run, 204", async () => {
    const run = await start();
    const again = new SseReader(
      (await connect(run, T.recruiter, { "last-event-id": "1700000000000.7" })).body!,
    );
    expect(json(await again.nextEvent())).toMatchObject({
      workflow_id: run.publicId,
      steps: expect.any(Array),
    });
    await again.cancel();

    await withTenant(ctx().db, T.org.id, (tx) => cancelRun(tx, actor, run.id));
    const done = new SseReader((await connect(run)).body!);
    const events = await done.collect((e) => e.event === "end");
    expect(events.map((e) => e.event)).toEqual(["run", "end"]);
    expect(json(events[0]!)).toMatchObject({ status: "cancelled" });
    expect(await done.next()).toBeNull();
    const res = await connect(run, T.recruiter, { "last-event-id": events[1]!.id! });
    expect(res.status).toBe(204);
  });

  it("sends ping comments while nothing changes", async () => {
    const run = await start();
    const stream = runEventStream({
      runId: run.id,
      orgId: T.org.id,
      hub: liveHub(ctx().handle),
      tenant: (fn) => withTenant(ctx().db, T.org.id, fn),
      pingMs: 50,
    });
    const sse = new SseReader(stream);
    await sse.nextEvent();
    expect(await sse.next(2000)).toEqual({ event: "comment", comment: "ping" });
    await sse.cancel();
  });

  it("refuses runs the caller may not see with 404, and anonymous callers with 401", async () => {
    const run = await start();
    const other = await makeTenant(ctx().handle);
    const foreign = await connect(run, other.admin);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ error: { code: "not_found", message: "Run not found" } });
    // a manager reads the organization's runs; another recruiter only their own
    const manager = await connect(run, T.manager);
    expect(manager.status).toBe(200);
    await manager.body?.cancel();
    const colleague = await makeCaller(ctx().handle, T.org, "recruiter");
    expect((await connect(run, colleague)).status).toBe(404);
    const url = new URL(`/api/workflow/executions/${run.publicId}/stream`, TEST_ORIGIN);
    const anonymous = await streamRoute(new Request(url, { headers: { host: url.host } }), {
      params: Promise.resolve({ workflowId: run.publicId }),
    });
    expect(anonymous.status).toBe(401);
  });

  it("lets a recruiter listed as an approver of another user's run follow it live", async () => {
    const approver = await makeCaller(ctx().handle, T.org, "recruiter");
    const wf = await makeWorkflow(ctx().db, T.org.id, [
      {
        stepType: "approval",
        stepName: "Sign off",
        requiredHumanApproval: true,
        approvers: [approver.userId],
      },
    ]);
    const run = await withTenant(ctx().db, T.org.id, (tx) =>
      startRun(tx, actor, { workflowId: wf.workflowId, channel: "web" }),
    );
    const res = await connect(run, approver);
    expect(res.status).toBe(200);
    await res.body?.cancel();
    // a recruiter who is neither the owner nor an approver still gets 404
    expect((await connect(run, await makeCaller(ctx().handle, T.org, "recruiter"))).status).toBe(404);
  });
});

// PGlite is one in-process database: there is no other node to deliver from
describe.runIf(drivers.includes("postgres"))("io: live run stream across web nodes [postgres]", () => {
  let db: TestDb;
  let serving: DbHandle;
  let T: Awaited<ReturnType<typeof makeTenant>>;

  beforeAll(async () => {
    db = await createTestDb("postgres");
    // the route serves from its own handle (another pool, its own LISTEN connection) …
    serving = openPostgres(db.url!, 2);
    useTestDb(serving);
    T = await makeTenant(db.handle);
  });

  afterAll(async () => {
    await liveHub(serving).close();
    await serving.close();
    await db.close();
  });

  it("delivers a change committed through another database handle", async () => {
    const actor: Actor = { orgId: T.org.id, userId: T.recruiter.userId, role: "recruiter" };
    const wf = await makeWorkflow(db.db, T.org.id, [
      { stepType: "manual", stepName: "Screen", autoStart: false },
    ]);
    // … while every write goes through the test's handle
    const run = await withTenant(db.db, T.org.id, (tx) =>
      startRun(tx, actor, { workflowId: wf.workflowId, channel: "web" }),
    );
    const url = new URL(`/api/workflow/executions/${run.publicId}/stream`, TEST_ORIGIN);
    const res = await streamRoute(
      new Request(url, { headers: { host: url.host, authorization: `Bearer ${T.recruiter.token}` } }),
      {
        params: Promise.resolve({ workflowId: run.publicId }),
      },
    );
    const sse = new SseReader(res.body!);
    expect(json(await sse.nextEvent())).toMatchObject({ status: "waiting" });
    expect(liveHub(serving).size).toBe(1);
    const [first] = await withTenant(db.db, T.org.id, (tx) =>
      tx.select().from(workflowRunSteps).where(eq(workflowRunSteps.runId, run.id)),
    );
    await withTenant(db.db, T.org.id, (tx) => startManualStep(tx, actor, first!.id));
    const events = await sse.collect((e) => e.event === "run");
    expect(json(events.find((e) => e.event === "step"))).toMatchObject({ id: first!.id, status: "queued" });
    await withTenant(db.db, T.org.id, (tx) => cancelRun(tx, actor, run.id));
    const end = await sse.collect((e) => e.event === "end");
    expect(json(end.at(-1))).toEqual({ status: "cancelled" });
    expect(liveHub(serving).size).toBe(0);
  });
});
