// POST /api/workflow/executions answers with the run as startRun left it (not read again): the
// document must be the one a GET of the same run returns right after.
import { beforeAll, expect, it } from "vitest";
import { withTenant } from "@/db/tenant";
import { createToken } from "@/lib/auth/tokens";
import { type Caller, call, useTestDb } from "../../helpers/api";
import { describeDrivers } from "../../helpers/db";
import { type ApiWorld, externalWorkflow, makeApiWorld, routes, WF } from "../../helpers/runs-api";

describeDrivers("execution API: the created run's document", (ctx) => {
  let W: ApiWorld;
  let as: Caller;

  beforeAll(async () => {
    useTestDb(ctx().handle);
    W = await makeApiWorld(ctx().handle);
    const { token } = await withTenant(ctx().db, W.tenant.org.id, (tx) =>
      createToken(tx, { orgId: W.tenant.org.id, userId: W.tenant.recruiter.userId, name: "creator" }),
    );
    as = { ...W.tenant.recruiter, token, cookie: "" };
  });

  // the three ways a start leaves its first step: an external step (the run starts at once), a step
  // released with its insert (queued; the answer reuses the inserted steps), and a gated step (released
  // by an UPDATE after the insert; the answer reads the steps again)
  const cases: [string, { stepType?: "todo"; requiredHumanApproval?: boolean }, string][] = [
    ["an external first step", {}, "queued"],
    ["a first step queued as it is inserted", { stepType: "todo" }, "queued"],
    [
      "a first step waiting for approval",
      { stepType: "todo", requiredHumanApproval: true },
      "waiting_approval",
    ],
  ];
  it.each(cases)("is the document a GET returns, with %s", async (_, first, status) => {
    const workflowId = await externalWorkflow(ctx().db, W.tenant.org.id, [
      { stepName: "First", ...first },
      { stepName: "Second", ...first },
    ]);
    const created = await call(routes.executions.POST, "POST", {
      as,
      path: "/api/workflow/executions",
      body: { workflow_id: workflowId, channel: "api", inputs: { a: 1 }, context: { c: 2 } },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.workflow_id).toMatch(WF);
    const read = await call(routes.run.GET, "GET", {
      as,
      params: { workflowId: created.body.workflow_id as string },
    });
    expect(read.status, read.text).toBe(200);
    expect(created.body).toEqual(read.body);
    const steps = created.body.steps as { status: string }[];
    expect(steps.map((step) => step.status)).toEqual([status, "pending"]);
  });
});
