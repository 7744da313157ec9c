import path from "node:path";
import { z } from "zod";

/**
 * Environment, parsed once. Everything is optional for the embedded mode
 * (`npm start` on a bare machine); PostgreSQL mode adds its own requirements.
 */
/** The shortest WORKER_LEASE_MS accepted: three heartbeats of at least a second each. */
export const MIN_LEASE_MS = 3_000;

const schema = z
  .object({
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
    PGLITE_DIR: z.string().min(1).default(".data/pglite"),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    NEXTAUTH_URL: z.url().optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    WORKER: z.enum(["on", "off"]).default("on"),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    WORKER_LEASE_MS: z.coerce
      .number()
      .int()
      .min(
        MIN_LEASE_MS,
        `must be at least ${MIN_LEASE_MS} ms: the worker renews a lease every third of it, and a shorter lease is lost to one slow heartbeat`,
      )
      .max(3_600_000)
      .default(30_000),
    /** Unset: a third of WORKER_LEASE_MS. */
    WORKER_HEARTBEAT_MS: z.coerce.number().int().min(100).max(1_200_000).optional(),
    WORKER_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    /** Unset: sized from the worker's concurrency (poolSize). */
    DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(1_000).optional(),
    WEBHOOK_CLAIM_MS: z.coerce
      .number()
      .int()
      .min(
        15_000,
        "must be at least 15000 ms: a claim must outlast one delivery attempt (a 10 s POST timeout)",
      )
      .max(3_600_000)
      .default(30_000),
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
    /** How many proxies in front of the server to believe in X-Forwarded-For (scripts/serve.mjs). */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    TOKEN_FAILURE_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
    DEMO_DATA: z.enum(["on", "off"]).optional(),
    LLM_BASE_URL: z.url().optional(),
    LLM_API_KEY: z.string().min(1).optional(),
    LLM_MODEL: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_URL && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message:
          "is required with DATABASE_URL (every web node must sign sessions with the same secret); generate one with `openssl rand -base64 48`",
      });
    }
    if (env.WORKER_HEARTBEAT_MS !== undefined && env.WORKER_HEARTBEAT_MS * 3 > env.WORKER_LEASE_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["WORKER_HEARTBEAT_MS"],
        message: `must be at most a third of WORKER_LEASE_MS (${env.WORKER_LEASE_MS} ms), so that a live step keeps its lease through a missed heartbeat; leave it unset to derive it from the lease`,
      });
    }
    const llm = [env.LLM_BASE_URL, env.LLM_API_KEY, env.LLM_MODEL].filter(Boolean).length;
    if (llm !== 0 && llm !== 3) {
      ctx.addIssue({
        code: "custom",
        path: ["LLM_BASE_URL"],
        message: "LLM_BASE_URL, LLM_API_KEY and LLM_MODEL must be set together",
      });
    }
  });

export type Env = z.infer<typeof schema> & {
  mode: "embedded" | "postgres";
  /** Absolute PGlite data directory. */
  pgliteDir: string;
  /** Directory that holds the embedded mode's generated files (auth secret). */
  dataDir: string;
  demoData: boolean;
};

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // empty strings mean "unset", as in most .env tooling
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = result.data;
  const pgliteDir = path.resolve(env.PGLITE_DIR);
  const mode = env.DATABASE_URL ? "postgres" : "embedded";
  return {
    ...env,
    mode,
    pgliteDir,
    dataDir: path.dirname(pgliteDir),
    demoData: env.DEMO_DATA ? env.DEMO_DATA === "on" : mode === "embedded",
  };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The settings every worker reads, standalone (`npm run worker`) or inside the web process. */
export type WorkerSettings = {
  concurrency: number;
  leaseMs: number;
  heartbeatMs: number;
  graceMs: number;
  /** The webhook relay's claim on a delivery; a relay that died leaves it to others after this. */
  relayClaimMs: number;
};

/** One parser for both workers: the heartbeat is WORKER_HEARTBEAT_MS or a third of the lease. */
export function workerSettings(e: Env = env()): WorkerSettings {
  return {
    concurrency: e.WORKER_CONCURRENCY,
    leaseMs: e.WORKER_LEASE_MS,
    heartbeatMs: e.WORKER_HEARTBEAT_MS ?? heartbeatFor(e.WORKER_LEASE_MS),
    graceMs: e.WORKER_GRACE_MS,
    relayClaimMs: e.WEBHOOK_CLAIM_MS,
  };
}

/** The heartbeat rule: renew a lease every third of it (two heartbeats may be late before it lapses). */
export function heartbeatFor(leaseMs: number): number {
  return Math.max(1, Math.floor(leaseMs / 3));
}

/** Connections a web node keeps for requests, besides its worker's. */
export const WEB_POOL = 10;

/**
 * PostgreSQL connections one process may open: DATABASE_POOL_MAX, or what its work needs. A worker
 * needs two per handler in flight (the handler's own transaction and its step's heartbeat) and two for
 * its loop (claims, completions, housekeeping, the relay); a web node adds WEB_POOL for requests
 * unless WORKER=off. LISTEN uses one more connection of its own.
 */
export function poolSize(e: Env, role: "web" | "worker"): number {
  if (e.DATABASE_POOL_MAX !== undefined) return e.DATABASE_POOL_MAX;
  const worker = 2 * e.WORKER_CONCURRENCY + 2;
  if (role === "worker") return worker;
  return WEB_POOL + (e.WORKER === "on" ? worker : 0);
}
