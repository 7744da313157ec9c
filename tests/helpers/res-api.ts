// Shared setup for the resource API tests (tests/integration/api/res-*.test.ts): two tenants with one
// caller per role, error assertions, sample bodies, multipart uploads and an organization fingerprint
// (to prove a request changed nothing of another tenant).
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import fc from "fast-check";
import { beforeAll, expect } from "vitest";
import type { Database } from "@/db/client";
import { rows } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { type CallOptions, call, makeTenant, useTestDb } from "./api";
import type { TestDb } from "./db";
import { makeRun, makeUser, uniq } from "./factories";

export type ResTenant = Awaited<ReturnType<typeof makeTenant>>;
export type Handler = Parameters<typeof call>[0];
export type Res = Awaited<ReturnType<typeof call>>;

/** Points the route handlers at the suite's database and makes tenants A and B (one caller per role). */
export function resTenants(ctx: () => TestDb) {
  const state = {} as { A: ResTenant; B: ResTenant; db: Database };
  beforeAll(async () => {
    useTestDb(ctx().handle);
    state.db = ctx().db;
    state.A = await makeTenant(ctx().handle);
    state.B = await makeTenant(ctx().handle);
  });
  return state;
}

/** The response is exactly this error: status, code and (when given) message and details. */
export function expectError(
  res: Res,
  status: number,
  code: string,
  extra: { message?: string | RegExp; details?: unknown } = {},
) {
  expect({ status: res.status, code: res.body?.error?.code }, res.text.slice(0, 500)).toEqual({
    status,
    code,
  });
  expect(typeof res.body.error?.message).toBe("string");
  if (typeof extra.message === "string") expect(res.body.error?.message).toBe(extra.message);
  else if (extra.message) expect(res.body.error?.message).toMatch(extra.message);
  if (extra.details !== undefined) expect(res.body.error?.details).toEqual(extra.details);
  const keys = Object.keys(res.body.error ?? {}).sort();
  expect(keys).toEqual(
    res.body.error?.details === undefined ? ["code", "message"] : ["code", "details", "message"],
  );
}

/** The detail paths of a 400. */
export function errorPaths(res: Res): string[] {
  const details = res.body.error?.details as { path: string }[] | undefined;
  return (details ?? []).map((d) => d.path);
}

export function expectValidation(res: Res, paths: string[]) {
  expectError(res, 400, "validation_error");
  for (const path of paths) expect(errorPaths(res), res.text).toContain(path);
}

/** A mutation request as a cookie session from a foreign site: refused before anything happens. */
export function crossSite(options: CallOptions): CallOptions {
  return { ...options, viaCookie: true, headers: { ...options.headers, origin: "https://evil.example" } };
}

export const UNKNOWN_ID = "7f1c1a4e-3b1a-4a57-9a52-2b8f6d1e0c11";

/**
 * Everything an organization owns, as one string: rows of every tenant table (by content). Equal
 * fingerprints mean nothing of the organization changed (api_tokens.last_used_at excepted: using a
 * token is not a change to the organization's data).
 */
export async function orgFingerprint(db: Database, orgId: string): Promise<string> {
  const tables = await rows<{ name: string }>(
    db,
    sql`select c.table_name as name from information_schema.columns c
        join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
        where c.table_schema = 'public' and c.column_name = 'org_id' and t.table_type = 'BASE TABLE'
          -- the analytics rollups are derived from runs and steps (fingerprinted here), and the
          -- worker's compaction may refold them at any moment without changing a figure
          and c.table_name not like 'analytics\_%'
        order by 1`,
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const [r] = await rows<{ n: number; h: string | null }>(
      db,
      sql`select count(*)::int as n, md5(string_agg((to_jsonb(t) - 'last_used_at')::text, ',' order by t.id)) as h
          from ${sql.identifier(name)} t where t.org_id = ${orgId}`,
    );
    parts.push(`${name}:${r?.n}:${r?.h}`);
  }
  const [org] = await rows<{ h: string }>(
    db,
    sql`select md5(to_jsonb(o)::text) as h from organizations o where id = ${orgId}`,
  );
  parts.push(`organizations:${org?.h}`);
  return parts.join("|");
}

/** A node body with sensible defaults. */
export function nodeBody(key: string, order: number, overrides: Record<string, unknown> = {}) {
  return {
    key,
    order_number: order,
    step_name: `Step ${key}`,
    step_type: "todo",
    auto_start: true,
    required_human_approval: false,
    approvers: [],
    max_retries: 1,
    io_schema: { inputs: [], outputs: [] },
    ...overrides,
  };
}

/** A three-step workflow body: screen (outputs score) → approve (input score) → notify. */
export function workflowBody(overrides: Record<string, unknown> = {}, approvers: string[] = []) {
  return {
    name: uniq("Hiring process"),
    description: "Screen, approve, notify",
    nodes: [
      nodeBody("screen", 1, {
        step_type: "todo",
        config: { title: "Screen" },
        io_schema: { inputs: [], outputs: [{ name: "score", type: "integer", required: true }] },
      }),
      nodeBody("approve", 2, {
        step_type: "approval",
        required_human_approval: true,
        number_of_approvals_needed: approvers.length ? 1 : null,
        approvers,
        io_schema: { inputs: [{ name: "score", type: "integer" }], outputs: [] },
      }),
      nodeBody("notify", 3, { step_type: "manual", delay_in_seconds: 60, timeout_seconds: 30 }),
    ],
    bindings: [{ source: "screen", source_key: "score", target: "approve", target_key: "score" }],
    channels: [{ channel: "web", enabled: true, priority: 1 }],
    ...overrides,
  };
}

export type UploadFile = { name: string; bytes: Uint8Array | string; type?: string };

/** A multipart/form-data body with the files under `files` (and optional extra text fields). */
export function multipart(files: UploadFile[], extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const f of files) {
    const bytes = typeof f.bytes === "string" ? new TextEncoder().encode(f.bytes) : f.bytes;
    form.append(
      "files",
      new Blob([new Uint8Array(bytes)], { type: f.type ?? "application/octet-stream" }),
      f.name,
    );
  }
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return form;
}

/** A user of the tenant made directly (approvers, interviewers, outsiders). */
export function makeMember(
  db: Database,
  orgId: string,
  role: "admin" | "manager" | "recruiter" | "analyst",
  isActive = true,
) {
  return withTenant(db, orgId, (tx) => makeUser(tx, { orgId, role, isActive }));
}

/** A run row of the tenant (for linking interviews and todos). */
export function makeRunRow(
  db: Database,
  orgId: string,
  values: { workflowId?: string | null; startedBy?: string | null } = {},
) {
  return withTenant(db, orgId, (tx) => makeRun(tx, { orgId, ...values }));
}

export { call };

// ── fuzzing ──────────────────────────────────────────────────────────────────────────────────────

/**
 * `db` for fuzzRoute, answering its write fingerprint with the same numbers at a fraction of the cost:
 * the table list and which tables have updated_at are read once (they do not change during a test),
 * and the per-table count/max(updated_at) statements of one fingerprint are answered from a single
 * UNION ALL statement run when the fingerprint starts. Everything else passes through untouched.
 * (writeFingerprint issues ~60 catalogue queries per call, ~0.5 s on PGlite: 300 runs per route would
 * take minutes each.)
 */
export function fingerprintFriendlyDb(db: Database): Database {
  const dialect = new PgDialect();
  let tables: { name: string }[] | null = null;
  const hasUpdated = new Map<string, boolean>();
  let counts = new Map<string, { n: number; at: string | null }>();
  const COUNT =
    /^select count\(\*\)::int as n, (?:max\(updated_at\)::text|null::text) as at from "([a-z_0-9]+)"$/;
  const execute = async (statement: SQL) => {
    const text = dialect.sqlToQuery(statement).sql.replace(/\s+/g, " ").trim();
    if (text.includes("from pg_class")) {
      if (!tables) {
        tables = await rows<{ name: string }>(db, statement);
        const flags = await rows<{ name: string; ok: boolean }>(
          db,
          sql`select c.relname as name, exists (select 1 from information_schema.columns i where i.table_name = c.relname and i.column_name = 'updated_at') as ok
              from pg_class c where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace`,
        );
        for (const f of flags) hasUpdated.set(f.name, f.ok);
      }
      const union = sql.join(
        tables.map(
          ({ name }) =>
            sql`select ${name}::text as name, count(*)::int as n, ${hasUpdated.get(name) ? sql`max(updated_at)::text` : sql`null::text`} as at from ${sql.identifier(name)}`,
        ),
        sql` union all `,
      );
      counts = new Map(
        (await rows<{ name: string; n: number; at: string | null }>(db, union)).map((r) => [r.name, r]),
      );
      return { rows: tables };
    }
    if (text.includes("from information_schema.columns where table_name =")) {
      const { params } = dialect.sqlToQuery(statement);
      return { rows: [{ ok: hasUpdated.get(String(params[0])) ?? false }] };
    }
    const count = COUNT.exec(text);
    const hit = count ? counts.get(count[1]!) : undefined;
    if (hit) return { rows: [{ n: hit.n, at: hit.at }] };
    return db.execute(statement);
  };
  return new Proxy(db, {
    get(target, prop, receiver) {
      return prop === "execute" ? execute : Reflect.get(target, prop, receiver);
    },
  });
}

/** fuzzRoute runs per route: the brief's 300 on PGlite, fewer on PostgreSQL (same code, slower clones). */
export const fuzzRuns = (driver: string) => (driver === "pglite" ? 300 : 60);

/** A valid object, or one with a field replaced, dropped or added (values from `jsonish`). */
export function mutated<T extends Record<string, unknown>>(valid: T, values: fc.Arbitrary<unknown>) {
  const keys = Object.keys(valid);
  const added = fc.tuple(fc.string({ maxLength: 12 }), values).map(([k, v]) => ({ ...valid, [k]: v }));
  if (keys.length === 0) return fc.oneof(fc.constant<Record<string, unknown>>(valid), added);
  return fc.oneof(
    fc.constant<Record<string, unknown>>(valid),
    fc.tuple(fc.constantFrom(...keys), values).map(([k, v]) => ({ ...valid, [k]: v })),
    fc
      .constantFrom(...keys)
      .map((k) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== k))),
    fc.tuple(fc.string({ maxLength: 12 }), values).map(([k, v]) => ({ ...valid, [k]: v })),
  );
}
