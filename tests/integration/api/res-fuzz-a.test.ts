// fuzzRoute over every JSON body and query of the job, resume, workflow and config routes: no input
// answers 5xx, and a rejected request writes nothing.
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import * as channelConfig from "@/app/api/channel-configs/[channel]/route";
import * as configs from "@/app/api/configs/route";
import * as jobs from "@/app/api/jobs/route";
import * as job from "@/app/api/jobs/[jobId]/route";
import * as resumes from "@/app/api/resumes/route";
import * as resume from "@/app/api/resumes/[resumeId]/route";
import * as workflows from "@/app/api/workflows/route";
import * as wf from "@/app/api/workflows/[workflowId]/route";
import * as wfActiveConfig from "@/app/api/workflows/[workflowId]/active-config/route";
import * as wfChannel from "@/app/api/workflows/[workflowId]/channels/[channel]/route";
import { withTenant } from "@/db/tenant";
import type { CallOptions } from "../../helpers/api";
import { describeDrivers } from "../../helpers/db";
import { makeJobDescription, makeResume } from "../../helpers/factories";
import { bodyFor, fuzzRoute, jsonish, queryFor } from "../../helpers/fuzz";
import {
  fingerprintFriendlyDb,
  fuzzRuns,
  type Handler,
  mutated,
  resTenants,
  workflowBody,
} from "../../helpers/res-api";

const str = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom("true", "false", "-1", "0", "101", "1e3", "", "WF-1", "JD-1", "a\u0000b", "%_\\", "Zoë"),
);

describeDrivers("resource API fuzz (jobs, resumes, workflows, configs)", (ctx) => {
  const s = resTenants(ctx);
  const ids = {} as { jobId: string; resumeId: string; workflowId: string };
  beforeAll(async () => {
    const orgId = s.A.org.id;
    ids.jobId = (await withTenant(s.db, orgId, (tx) => makeJobDescription(tx, { orgId }))).id;
    ids.resumeId = (await withTenant(s.db, orgId, (tx) => makeResume(tx, { orgId }))).id;
    const { call } = await import("../../helpers/api");
    const made = await call(workflows.POST, "POST", { as: s.A.admin, body: workflowBody() });
    ids.workflowId = String(made.body.id);
  });

  const target = (
    name: string,
    handler: Handler,
    method: string,
    make: () => fc.Arbitrary<CallOptions>,
    expectAccepted = true,
  ) =>
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
      if (expectAccepted) expect(accepted).toBeGreaterThan(0);
    });

  const query = (fields: string[], valid: Record<string, string>) =>
    fc.oneof(queryFor(fields), mutated(valid, str)) as fc.Arbitrary<Record<string, string | string[]>>;
  const body = (valid: Record<string, unknown>) =>
    fc.oneof(bodyFor(Object.keys(valid)), mutated(valid, jsonish));

  target("/api/jobs", jobs.GET, "GET", () =>
    query(["q", "include_deleted", "cursor", "skip", "limit"], { q: "engineer", limit: "5", skip: "0" }).map(
      (q) => ({ as: s.A.admin, query: q }),
    ),
  );
  target("/api/jobs", jobs.POST, "POST", () =>
    body({
      title: "Fuzz job",
      description: "d",
      department: "Eng",
      location: "Remote",
      employment_type: "full_time",
    }).map((b) => ({
      as: s.A.admin,
      body: b,
    })),
  );
  target("/api/jobs/{jobId}", job.GET, "GET", () =>
    query(["include_deleted"], { include_deleted: "false" }).map((q) => ({
      as: s.A.admin,
      params: { jobId: ids.jobId },
      query: q,
    })),
  );
  target("/api/jobs/{jobId}", job.PATCH, "PATCH", () =>
    body({ title: "Patched", description: "d2", department: null, location: "x" }).map((b) => ({
      as: s.A.admin,
      params: { jobId: ids.jobId },
      body: b,
    })),
  );
  target("/api/resumes", resumes.GET, "GET", () =>
    query(["q", "status", "include_deleted", "cursor", "skip", "limit"], {
      status: "uploaded",
      limit: "3",
    }).map((q) => ({
      as: s.A.admin,
      query: q,
    })),
  );
  target("/api/resumes/{resumeId}", resume.GET, "GET", () =>
    query(["include_deleted"], { include_deleted: "true" }).map((q) => ({
      as: s.A.admin,
      params: { resumeId: ids.resumeId },
      query: q,
    })),
  );
  target("/api/workflows", workflows.GET, "GET", () =>
    query(["q", "include_deleted", "skip", "limit"], { q: "Hiring", limit: "2" }).map((q) => ({
      as: s.A.admin,
      query: q,
    })),
  );
  target("/api/workflows", workflows.POST, "POST", () =>
    body(workflowBody()).map((b) => ({ as: s.A.admin, body: b })),
  );
  target("/api/workflows/{workflowId}", wf.GET, "GET", () =>
    query(["include_deleted"], {}).map((q) => ({
      as: s.A.admin,
      params: { workflowId: ids.workflowId },
      query: q,
    })),
  );
  target("/api/workflows/{workflowId}", wf.PUT, "PUT", () =>
    body(workflowBody()).map((b) => ({ as: s.A.admin, params: { workflowId: ids.workflowId }, body: b })),
  );
  target("/api/workflows/{workflowId}/active-config", wfActiveConfig.GET, "GET", () =>
    query(["channel"], { channel: "voice" }).map((q) => ({
      as: s.A.admin,
      params: { workflowId: ids.workflowId },
      query: q,
    })),
  );
  target("/api/workflows/{workflowId}/channels/{channel}", wfChannel.PUT, "PUT", () =>
    body({ enabled: true, priority: 3, rotate_secret: false }).map((b) => ({
      as: s.A.admin,
      params: { workflowId: ids.workflowId, channel: "efax" },
      body: b,
    })),
  );
  target("/api/configs", configs.GET, "GET", () =>
    query(["scope", "workflow_id", "channel", "active", "skip", "limit"], {
      scope: "global",
      active: "false",
    }).map((q) => ({
      as: s.A.admin,
      query: q,
    })),
  );
  target("/api/configs", configs.POST, "POST", () =>
    fc
      .oneof(
        body({ scope: "global", config: { a: 1 } }),
        body({ scope: "channel", channel: "voice", config: {} }),
      )
      .map((b) => ({ as: s.A.admin, body: b })),
  );
  target("/api/channel-configs/{channel}", channelConfig.PUT, "PUT", () =>
    body({ config: { a: "b" }, is_active: true }).map((b) => ({
      as: s.A.admin,
      params: { channel: "api" },
      body: b,
    })),
  );
});
