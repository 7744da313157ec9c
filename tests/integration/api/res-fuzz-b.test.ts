// fuzzRoute over every JSON body and query of the interview, todo, user, audit, saved-view and
// settings routes: no input answers 5xx, and a rejected request writes nothing.
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import * as audit from "@/app/api/audit/route";
import * as interviews from "@/app/api/interviews/route";
import * as interview from "@/app/api/interviews/[interviewId]/route";
import * as savedViews from "@/app/api/saved-views/route";
import * as savedView from "@/app/api/saved-views/[viewId]/route";
import * as settings from "@/app/api/settings/route";
import * as todos from "@/app/api/todos/route";
import * as todo from "@/app/api/todos/[todoId]/route";
import * as users from "@/app/api/users/route";
import * as user from "@/app/api/users/[userId]/route";
import { withTenant } from "@/db/tenant";
import type { CallOptions } from "../../helpers/api";
import { describeDrivers } from "../../helpers/db";
import { makeInterview, makeSavedView, makeTodo, makeUser } from "../../helpers/factories";
import { bodyFor, fuzzRoute, jsonish, queryFor } from "../../helpers/fuzz";
import { fingerprintFriendlyDb, fuzzRuns, type Handler, mutated, resTenants } from "../../helpers/res-api";

const str = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    "true",
    "false",
    "-1",
    "0",
    "101",
    "me",
    "none",
    "overdue",
    "2030-01-01",
    "workflow.*",
    "",
    "a\u0000b",
    "Zoë",
  ),
);

describeDrivers("resource API fuzz (interviews, todos, users, audit, saved views, settings)", (ctx) => {
  const s = resTenants(ctx);
  const ids = {} as { interviewId: string; todoId: string; userId: string; viewId: string };
  beforeAll(async () => {
    const orgId = s.A.org.id;
    await withTenant(s.db, orgId, async (tx) => {
      ids.interviewId = (await makeInterview(tx, { orgId })).id;
      ids.todoId = (await makeTodo(tx, { orgId })).id;
      ids.userId = (await makeUser(tx, { orgId, role: "recruiter" })).id;
      ids.viewId = (await makeSavedView(tx, { orgId, userId: s.A.admin.userId })).id;
    });
  });

  const target = (name: string, handler: Handler, method: string, make: () => fc.Arbitrary<CallOptions>) =>
    it(`${method} ${name}`, async () => {
      const runs = fuzzRuns(ctx().driver);
      const { accepted, rejected } = await fuzzRoute(
        fingerprintFriendlyDb(s.db),
        handler,
        method,
        make(),
        runs,
      );
      expect(accepted + rejected).toBe(runs);
      expect(rejected).toBeGreaterThan(0);
      expect(accepted).toBeGreaterThan(0);
    });

  const query = (fields: string[], valid: Record<string, string>) =>
    fc.oneof(queryFor(fields), mutated(valid, str)) as fc.Arbitrary<Record<string, string | string[]>>;
  const body = (valid: Record<string, unknown>) =>
    fc.oneof(bodyFor(Object.keys(valid)), mutated(valid, jsonish));

  target("/api/interviews", interviews.GET, "GET", () =>
    query(["workflow_id", "run_id", "status", "from", "to", "include_deleted", "skip", "limit"], {
      status: "scheduled,completed",
      from: "2020-01-01",
    }).map((q) => ({ as: s.A.admin, query: q })),
  );
  target("/api/interviews", interviews.POST, "POST", () =>
    body({
      title: "Fuzz interview",
      duration_minutes: 45,
      scheduled_at: "2031-01-01T10:00:00Z",
      status: "scheduled",
    }).map((b) => ({
      as: s.A.admin,
      body: b,
    })),
  );
  target("/api/interviews/{interviewId}", interview.GET, "GET", () =>
    query(["include_deleted"], {}).map((q) => ({
      as: s.A.admin,
      params: { interviewId: ids.interviewId },
      query: q,
    })),
  );
  target("/api/interviews/{interviewId}", interview.PATCH, "PATCH", () =>
    body({ title: "Renamed", notes: "n", location: null, duration_minutes: 30 }).map((b) => ({
      as: s.A.admin,
      params: { interviewId: ids.interviewId },
      body: b,
    })),
  );
  target("/api/todos", todos.GET, "GET", () =>
    query(
      [
        "workflow_id",
        "run_id",
        "status",
        "priority",
        "assignee",
        "due",
        "due_before",
        "due_after",
        "include_deleted",
        "skip",
        "limit",
      ],
      {
        assignee: "me",
        due: "overdue",
        priority: "high",
      },
    ).map((q) => ({ as: s.A.admin, query: q })),
  );
  target("/api/todos", todos.POST, "POST", () =>
    body({ title: "Fuzz todo", priority: "low", status: "open", due_at: "2030-05-05T00:00:00Z" }).map(
      (b) => ({ as: s.A.admin, body: b }),
    ),
  );
  target("/api/todos/{todoId}", todo.GET, "GET", () =>
    query(["include_deleted"], {}).map((q) => ({ as: s.A.admin, params: { todoId: ids.todoId }, query: q })),
  );
  target("/api/todos/{todoId}", todo.PATCH, "PATCH", () =>
    body({ status: "in_progress", priority: "high", description: "x" }).map((b) => ({
      as: s.A.admin,
      params: { todoId: ids.todoId },
      body: b,
    })),
  );
  target("/api/users", users.GET, "GET", () =>
    query(["q", "role", "is_active", "skip", "limit"], { role: "admin,analyst", is_active: "true" }).map(
      (q) => ({ as: s.A.admin, query: q }),
    ),
  );
  target("/api/users", users.POST, "POST", () =>
    // the one valid e-mail is taken after the first run: later valid bodies are 409s
    body({
      email: `fuzz-${ctx().driver}-${process.pid}@example.test`,
      name: "Fuzz",
      role: "analyst",
      password: "a long enough password",
    }).map((b) => ({ as: s.A.admin, body: b })),
  );
  target("/api/users/{userId}", user.PATCH, "PATCH", () =>
    body({ name: "Fuzzed", role: "recruiter", is_active: true }).map((b) => ({
      as: s.A.admin,
      params: { userId: ids.userId },
      body: b,
    })),
  );
  target("/api/audit", audit.GET, "GET", () =>
    query(
      [
        "action",
        "resource_type",
        "resource_id",
        "user_id",
        "from",
        "to",
        "success",
        "cursor",
        "skip",
        "limit",
      ],
      {
        action: "job_description.*",
        success: "true",
      },
    ).map((q) => ({ as: s.A.admin, query: q })),
  );
  target("/api/saved-views", savedViews.GET, "GET", () =>
    query(["page", "skip", "limit"], { page: "runs" }).map((q) => ({ as: s.A.admin, query: q })),
  );
  target("/api/saved-views", savedViews.POST, "POST", () =>
    body({ name: "Fuzz view", page: "runs", params: { status: "failed" }, shared: true }).map((b) => ({
      as: s.A.admin,
      body: b,
    })),
  );
  target("/api/saved-views/{viewId}", savedView.PATCH, "PATCH", () =>
    body({ params: { channel: "web" }, shared: false }).map((b) => ({
      as: s.A.admin,
      params: { viewId: ids.viewId },
      body: b,
    })),
  );
  target("/api/settings", settings.PATCH, "PATCH", () =>
    body({ retention_days: 90, allow_private_webhooks: false }).map((b) => ({ as: s.A.admin, body: b })),
  );
});
