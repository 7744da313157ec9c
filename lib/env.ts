import path from "node:path";
import { z } from "zod";

/**
 * Environment, parsed once. Everything is optional for the embedded mode
 * (`npm start` on a bare machine); PostgreSQL mode adds its own requirements.
 */
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
    WORKER_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
    WORKER_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
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
