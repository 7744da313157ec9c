// Helpers for the agent, handler and webhook integration tests: an organization with the built-in
// workflows, real uploads built by sample-files, a Worker driven until a run ends, and two loopback
// HTTP servers (a fake OpenAI-compatible provider and a webhook receiver).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  jobDescriptions,
  type Resume,
  resumes,
  type WorkflowRun,
  type WorkflowRunStep,
  workflowRunSteps,
  workflowRuns,
} from "@/db/schema";
import type { Channel } from "@/db/schema/enums";
import type { OrganizationSettings } from "@/db/schema/tenancy";
import { withTenant } from "@/db/tenant";
import { createHandlers, type HandlerOptions } from "@/lib/agents";
import { contentHash } from "@/lib/agents/matching/extract";
import { fixtureJobs, fixtureResumes } from "@/lib/agents/matching/ranking-fixtures";
import { buildCorruptPdf, buildDocx, buildEncryptedPdf, buildPdf } from "@/lib/agents/matching/sample-files";
import type { HandlerRegistry } from "@/lib/agents/types";
import { createWorker } from "@/lib/engine/boot";
import { type Actor, type StartRunInput, startRun } from "@/lib/engine/runs";
import type { Worker, WorkerOptions } from "@/lib/engine/worker";
import {
  AI_RESUME_MATCHING_KEY,
  CANDIDATE_PIPELINE_KEY,
  ensureBuiltinWorkflows,
} from "@/lib/workflows/builtin";
import type { TestDb } from "./db";
import {
  makeOrganization,
  makeUser,
  makeWorkflowChannelConfig,
  makeWorkflowWithNodes,
  type NewNode,
  uniq,
} from "./factories";

// ── organization ─────────────────────────────────────────────────────────────

export type TestOrg = Awaited<ReturnType<typeof setupOrg>>;

/** An organization, an admin and the built-in workflows (AI Resume Matching, Candidate Pipeline). */
export async function setupOrg(db: Database, settings: OrganizationSettings = {}) {
  const org = await makeOrganization(db, { settings });
  return withTenant(db, org.id, async (tx) => {
    const user = await makeUser(tx, { orgId: org.id, role: "admin" });
    const builtins = await ensureBuiltinWorkflows(tx, org.id, user.id);
    const actor: Actor = { orgId: org.id, userId: user.id, role: "admin" };
    return {
      org,
      orgId: org.id,
      user,
      actor,
      matchingWorkflowId: builtins[AI_RESUME_MATCHING_KEY],
      pipelineWorkflowId: builtins[CANDIDATE_PIPELINE_KEY],
    };
  });
}

// ── uploads ──────────────────────────────────────────────────────────────────

export type Upload = { fileName: string; mimeType: string; bytes: Uint8Array; candidateName?: string };

const resumeText = (id: string) => {
  const found = fixtureResumes.find((r) => r.id === id);
  if (!found) throw new Error(`no fixture resume ${id}`);
  return found.text;
};

export const backendJob = (() => {
  const job = fixtureJobs.find((j) => j.id === "backend-go");
  if (!job) throw new Error("no backend-go fixture job");
  return job;
})();

const utf8 = (text: string) => new TextEncoder().encode(text);

function html(text: string): string {
  const [first = "", ...rest] = text.split("\n");
  const body = rest
    .map((line) => (line.trim() ? `<p>${line.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>` : ""))
    .join("\n");
  return `<!DOCTYPE html>\n<html><head><title>Resume</title></head><body>\n<h1>${first}</h1>\n${body}\n</body></html>`;
}

/** One upload of each kind the extractor must read, plus the three it must reject. */
export function sampleUploads(tag = uniq("u")) {
  const good = {
    pdf: {
      fileName: `maya-${tag}.pdf`,
      mimeType: "application/pdf",
      bytes: buildPdf(resumeText("maya-go-senior").split("\n")),
    },
    docx: {
      fileName: `tomas-${tag}.docx`,
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      bytes: buildDocx(resumeText("tomas-alias-backend").split("\n")),
    },
    txt: {
      fileName: `liam-${tag}.txt`,
      mimeType: "text/plain",
      bytes: utf8(`${resumeText("liam-java-backend")}\n${tag}\n`),
    },
    md: {
      fileName: `priya-${tag}.md`,
      mimeType: "text/markdown",
      bytes: utf8(`# ${resumeText("priya-fullstack-node")}\n\n${tag}\n`),
    },
    html: {
      fileName: `sofia-${tag}.html`,
      mimeType: "text/html",
      bytes: utf8(html(`${resumeText("sofia-frontend-senior")}\n${tag}`)),
    },
  } satisfies Record<string, Upload>;
  const bad = {
    encrypted: {
      fileName: `locked-${tag}.pdf`,
      mimeType: "application/pdf",
      bytes: buildEncryptedPdf(["Secret resume", tag]),
    },
    corrupt: { fileName: `broken-${tag}.pdf`, mimeType: "application/pdf", bytes: buildCorruptPdf() },
    empty: { fileName: `empty-${tag}.txt`, mimeType: "text/plain", bytes: new Uint8Array() },
  } satisfies Record<string, Upload>;
  return { good, bad };
}

/** A plain-text resume; `n` makes the content (and so the content hash) unique. */
export function textUpload(n: number, tag = uniq("t")): Upload {
  const base = fixtureResumes[n % fixtureResumes.length]!.text;
  return {
    fileName: `resume-${tag}-${n}.txt`,
    mimeType: "text/plain",
    bytes: utf8(`${base}\nRef ${tag}-${n}\n`),
  };
}

/** Stores an upload as the API would: the bytes, their SHA-256, status uploaded, no text yet. */
export async function uploadResume(
  db: Database,
  orgId: string,
  upload: Upload,
  uploadedBy?: string,
): Promise<Resume> {
  return withTenant(db, orgId, async (tx) => {
    const [row] = await tx
      .insert(resumes)
      .values({
        orgId,
        candidateName: upload.candidateName ?? null,
        fileName: upload.fileName,
        mimeType: upload.mimeType,
        fileSize: upload.bytes.length,
        contentHash: contentHash(upload.bytes),
        fileData: upload.bytes,
        uploadedBy: uploadedBy ?? null,
      })
      .returning();
    return row!;
  });
}

export async function uploadAll(db: Database, orgId: string, uploads: Upload[]): Promise<Resume[]> {
  const out: Resume[] = [];
  for (const u of uploads) out.push(await uploadResume(db, orgId, u));
  return out;
}

export async function createJob(
  db: Database,
  orgId: string,
  job: { title: string; text: string } = backendJob,
) {
  return withTenant(db, orgId, async (tx) => {
    const [row] = await tx
      .insert(jobDescriptions)
      .values({ orgId, title: job.title, description: job.text })
      .returning();
    return row!;
  });
}

// ── runs ─────────────────────────────────────────────────────────────────────

/** Starts the AI Resume Matching workflow the way the API does: run inputs mirror the batch columns. */
export function startMatchingRun(
  db: Database,
  org: TestOrg,
  batch: { jdId: string; resumeIds: string[]; forceReprocess?: boolean },
  extra: Partial<StartRunInput> = {},
): Promise<WorkflowRun> {
  const force = batch.forceReprocess ?? false;
  return withTenant(db, org.orgId, (tx) =>
    startRun(tx, org.actor, {
      workflowId: org.matchingWorkflowId,
      channel: "web",
      jdId: batch.jdId,
      jdTitle: backendJob.title,
      resumeIds: batch.resumeIds,
      forceReprocess: force,
      inputs: { jd_id: batch.jdId, resume_ids: batch.resumeIds, force_reprocess: force },
      ...extra,
    }),
  );
}

export function getRun(db: Database, orgId: string, runId: string): Promise<WorkflowRun> {
  return withTenant(db, orgId, async (tx) => {
    const [run] = await tx.select().from(workflowRuns).where(eq(workflowRuns.id, runId));
    if (!run) throw new Error(`run ${runId} not found`);
    return run;
  });
}

export function getSteps(db: Database, orgId: string, runId: string): Promise<WorkflowRunStep[]> {
  return withTenant(db, orgId, (tx) =>
    tx
      .select()
      .from(workflowRunSteps)
      .where(eq(workflowRunSteps.runId, runId))
      .orderBy(asc(workflowRunSteps.stepNumber)),
  );
}

const TERMINAL = new Set(["completed", "failed", "cancelled", "timeout"]);

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function waitForRunEnd(
  db: Database,
  orgId: string,
  runId: string,
  timeoutMs = 45_000,
): Promise<WorkflowRun> {
  return until(
    `run ${runId} to end`,
    async () => {
      const run = await getRun(db, orgId, runId);
      return TERMINAL.has(run.status) ? run : null;
    },
    timeoutMs,
    25,
  );
}

export type TestWorkerOptions = Partial<Omit<WorkerOptions, "handlers">> & {
  handlers?: HandlerRegistry;
  handlerOptions?: HandlerOptions;
};

/** A Worker with test timings; the relay is off unless asked for, so relay tests drive it themselves. */
export function testWorker(t: TestDb, options: TestWorkerOptions = {}): Worker {
  const { handlerOptions, handlers, ...rest } = options;
  return createWorker(t.handle, {
    handlers: handlers ?? createHandlers(handlerOptions),
    pollMs: 25,
    housekeepingMs: 75,
    heartbeatMs: 1_000,
    leaseMs: 30_000,
    relayWebhooks: false,
    daily: undefined,
    log: () => {},
    ...rest,
  });
}

/** Starts a Worker, waits until the run ends, stops the worker (always). */
export async function runToEnd(
  t: TestDb,
  orgId: string,
  runId: string,
  options: TestWorkerOptions = {},
): Promise<WorkflowRun> {
  const worker = testWorker(t, options);
  await worker.start();
  try {
    return await waitForRunEnd(t.db, orgId, runId);
  } finally {
    await worker.stop(5_000);
  }
}

// ── small workflows ──────────────────────────────────────────────────────────

export type WebhookTarget = { url: string; secret: string | null; channel?: Channel; enabled?: boolean };

/** A workflow of the given nodes (auto-start, no retries unless set) and, optionally, run-end webhooks. */
export async function customWorkflow(
  db: Database,
  org: TestOrg,
  nodes: Partial<NewNode>[],
  webhooks: WebhookTarget[] = [],
) {
  return withTenant(db, org.orgId, async (tx) => {
    const made = await makeWorkflowWithNodes(
      tx,
      { orgId: org.orgId, createdBy: org.user.id, status: "active" },
      nodes.map((n) => ({ autoStart: true, maxRetries: 0, ...n })),
    );
    const channels = [];
    for (const w of webhooks) {
      channels.push(
        await makeWorkflowChannelConfig(tx, {
          orgId: org.orgId,
          workflowId: made.workflow.id,
          channel: w.channel ?? "web",
          enabled: w.enabled ?? true,
          webhookUrl: w.url,
          webhookSecret: w.secret,
        }),
      );
    }
    return { workflowId: made.workflow.id, nodes: made.nodes, channels };
  });
}

export function startCustomRun(
  db: Database,
  org: TestOrg,
  workflowId: string,
  extra: Partial<StartRunInput> = {},
): Promise<WorkflowRun> {
  return withTenant(db, org.orgId, (tx) => startRun(tx, org.actor, { workflowId, channel: "web", ...extra }));
}

// ── loopback HTTP servers ────────────────────────────────────────────────────

export type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };

type Reply = { status: number; body?: string; headers?: Record<string, string> };

async function listen(handler: (req: Received) => Reply | Promise<Reply>) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: Received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(r);
      Promise.resolve(handler(r))
        .then((reply) => {
          res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
          res.end(reply.body ?? "");
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A webhook receiver answering each request with the next status of `statuses` (the last repeats). */
export async function webhookReceiver(statuses: number[] = [200]) {
  let queue = [...statuses];
  const srv = await listen(() => {
    const status = queue.length > 1 ? queue.shift()! : (queue[0] ?? 200);
    return { status, body: "{}" };
  });
  return {
    ...srv,
    url: `${srv.origin}/hooks/runledger`,
    /** Replaces the statuses for the next requests. */
    answer(next: number[]) {
      queue = [...next];
    },
  };
}

export type CompletionRequest = { model: string; messages: { role: string; content: string }[] };

/**
 * A fake OpenAI-compatible provider: POST /v1/chat/completions. Each call takes the next entry of
 * `script` ("ok" answers with a rationale for every resume id found in the prompt; "non-json" answers
 * 200 with prose instead of JSON, billed `nonJsonTokens`; a number answers that status); the last
 * entry repeats.
 */
export type FakeLlmReply = "ok" | "non-json" | number;
export async function fakeOpenAi(
  script: FakeLlmReply[] = ["ok"],
  options: { model?: string; tokens?: number; nonJsonTokens?: number } = {},
) {
  let queue = [...script];
  const calls: { headers: http.IncomingHttpHeaders; body: CompletionRequest }[] = [];
  const srv = await listen((req) => {
    if (req.method !== "POST" || req.path !== "/v1/chat/completions") return { status: 404, body: "{}" };
    const body = JSON.parse(req.body) as CompletionRequest;
    calls.push({ headers: req.headers, body });
    const next = queue.length > 1 ? queue.shift()! : (queue[0] ?? "ok");
    if (next === "non-json")
      return {
        status: 200,
        body: JSON.stringify({
          id: "chatcmpl-test",
          object: "chat.completion",
          model: options.model ?? body.model,
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: "Sure! Here is what I think of these candidates." },
              finish_reason: "stop",
            },
          ],
          usage: { prompt_tokens: 100, completion_tokens: 33, total_tokens: options.nonJsonTokens ?? 133 },
        }),
      };
    if (next !== "ok") return { status: next, body: JSON.stringify({ error: { message: "unavailable" } }) };
    const prompt = body.messages.find((m) => m.role === "user")?.content ?? "";
    const ids = [...prompt.matchAll(/resume_id ([0-9a-f-]{36})/g)].map((m) => m[1]!);
    const content = JSON.stringify({
      rationales: ids.map((id) => ({
        resume_id: id,
        rationale: `Rationale for ${id}: strong Go and Kubernetes background.`,
      })),
    });
    return {
      status: 200,
      body: JSON.stringify({
        id: "chatcmpl-test",
        object: "chat.completion",
        model: options.model ?? body.model,
        choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
        usage: { prompt_tokens: 100, completion_tokens: 23, total_tokens: options.tokens ?? 123 },
      }),
    };
  });
  return {
    ...srv,
    baseUrl: `${srv.origin}/v1`,
    calls,
    script(next: FakeLlmReply[]) {
      queue = [...next];
    },
  };
}

/** Sets LLM_* for the duration of fn (the hr-comparator reads them when it runs), then restores them. */
export async function withLlmEnv<T>(
  cfg: { baseUrl: string; apiKey?: string; model?: string },
  fn: () => Promise<T>,
): Promise<T> {
  const keys = ["LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL"] as const;
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  process.env.LLM_BASE_URL = cfg.baseUrl;
  process.env.LLM_API_KEY = cfg.apiKey ?? "sk-test";
  process.env.LLM_MODEL = cfg.model ?? "test-model";
  try {
    return await fn();
  } finally {
    for (const k of keys) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}
