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

  it("is the document a GET returns", async () => {
    const workflowId = await externalWorkflow(ctx().db, W.tenant.org.id, [
      { stepName: "First" },
      { stepName: "Second" },
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
  });
});
