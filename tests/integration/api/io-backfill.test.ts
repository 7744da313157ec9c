// `npm run backfill` (lib/import/backfill.ts): copied node fields that still hold the seed-000
// fallbacks are filled from the node; a never-copied step gets the whole configuration; real values
// are never overwritten; steps without a node keep the fallbacks; the second run changes nothing.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { workflowNodes, workflowRunSteps } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { backfillAll, backfillOrganization } from "@/lib/import/backfill";
import { describeDrivers } from "../../helpers/db";
import {
  insertOrganization,
  makeNode,
  makeRun,
  makeStep,
  makeUser,
  makeWorkflow,
} from "../../helpers/factories";

describeDrivers("io: backfill of copied node fields", (ctx) => {
  const orgId = randomUUID();
  let slug = "";
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await withTenant(ctx().db, orgId, async (tx) => {
      slug = (await insertOrganization(tx, { id: orgId })).slug;
      const approver = await makeUser(tx, { orgId, role: "manager" });
      const wf = await makeWorkflow(tx, { orgId });
      const screen = await makeNode(tx, {
        orgId,
        workflowId: wf.id,
        orderNumber: 1,
        stepName: "Screen",
        stepType: "todo",
        stepDescription: "Screen the batch",
        autoStart: true,
        requiredHumanApproval: true,
        numberOfApprovalsNeeded: null,
        approvers: [approver.id],
        delayInSeconds: 60,
        maxRetries: 4,
        timeoutSeconds: 30,
        config: { title: "Screen" },
        ioSchema: { inputs: [], outputs: [{ name: "score", type: "integer" }] },
      });
      const review = await makeNode(tx, {
        orgId,
        workflowId: wf.id,
        orderNumber: 2,
        stepName: "Review",
        stepType: "manual",
        autoStart: true,
      });
      const first = await makeNode(tx, {
        orgId,
        workflowId: wf.id,
        orderNumber: 0,
        stepName: "Intake",
        stepType: "delay",
      });
      const gone = await makeNode(tx, {
        orgId,
        workflowId: wf.id,
        orderNumber: 3,
        stepName: "Gone",
        stepType: "todo",
      });
      const run = await makeRun(tx, { orgId, workflowId: wf.id, status: "active" });
      const fallback = { stepName: "Unknown Step", stepType: "unknown" as const, orderNumber: 0 };
      // a row written before copying existed: every copied column at its default
      ids.uncopied = (
        await makeStep(tx, { orgId, runId: run.id, stepNumber: 1, nodeId: screen.id, ...fallback })
      ).id;
      // copied, but the order is missing: only the order is filled; auto_start false is a real value
      ids.partial = (
        await makeStep(tx, {
          orgId,
          runId: run.id,
          stepNumber: 2,
          nodeId: review.id,
          stepName: "Review (at start)",
          stepType: "manual",
          orderNumber: 0,
          autoStart: false,
        })
      ).id;
      // copied completely: untouched
      ids.complete = (
        await makeStep(tx, {
          orgId,
          runId: run.id,
          stepNumber: 3,
          nodeId: review.id,
          stepName: "Review",
          stepType: "manual",
          orderNumber: 2,
        })
      ).id;
      // order 0 is this node's real order: nothing is missing
      ids.zero = (
        await makeStep(tx, {
          orgId,
          runId: run.id,
          stepNumber: 4,
          nodeId: first.id,
          stepName: "Intake",
          stepType: "delay",
          orderNumber: 0,
        })
      ).id;
      // the node was deleted since: the step keeps the fallbacks
      ids.orphan = (
        await makeStep(tx, { orgId, runId: run.id, stepNumber: 5, nodeId: gone.id, ...fallback })
      ).id;
      await tx.delete(workflowNodes).where(eq(workflowNodes.id, gone.id));
      // an imported step: never had a node; a real name but the fallback order
      ids.imported = (
        await makeStep(tx, {
          orgId,
          runId: run.id,
          stepNumber: 6,
          nodeId: null,
          stepName: "Resume Extractor",
          stepType: "resume_extraction",
          orderNumber: 0,
        })
      ).id;
      ids.approver = approver.id;
    });
  });

  const step = (id: string) =>
    withTenant(
      ctx().db,
      orgId,
      async (tx) => (await tx.select().from(workflowRunSteps).where(eq(workflowRunSteps.id, id)))[0]!,
    );

  it("fills what is missing, counts scanned / updated / already_complete / fallback", async () => {
    const counts = await backfillOrganization(ctx().db, orgId, { batch: 1 });
    expect(counts).toEqual({ scanned: 6, updated: 2, already_complete: 2, fallback: 2 });

    expect(await step(ids.uncopied!)).toMatchObject({
      stepName: "Screen",
      stepType: "todo",
      orderNumber: 1,
      stepDescription: "Screen the batch",
      autoStart: true,
      requiredHumanApproval: true,
      numberOfApprovalsNeeded: 1, // as a start copies it: an approval gate needs at least one
      approvers: [ids.approver],
      delayInSeconds: 60,
      maxRetries: 4,
      timeoutSeconds: 30,
      nodeConfig: { title: "Screen" },
      ioSchema: { inputs: [], outputs: [{ name: "score", type: "integer" }] },
    });
    expect((await step(ids.uncopied!)).events.at(-1)).toMatchObject({ type: "step.backfilled" });
    expect(await step(ids.partial!)).toMatchObject({
      stepName: "Review (at start)",
      orderNumber: 2,
      autoStart: false,
    });
    expect(await step(ids.complete!)).toMatchObject({ stepName: "Review", orderNumber: 2, events: [] });
    expect(await step(ids.zero!)).toMatchObject({ orderNumber: 0, events: [] });
    expect(await step(ids.orphan!)).toMatchObject({
      nodeId: null,
      stepName: "Unknown Step",
      stepType: "unknown",
      orderNumber: 0,
    });
    expect(await step(ids.imported!)).toMatchObject({ stepName: "Resume Extractor", orderNumber: 0 });
  });

  it("is idempotent: the second run updates nothing", async () => {
    const before = await step(ids.uncopied!);
    const report = await backfillAll(ctx().db, { orgSlug: slug });
    expect(report.organizations).toEqual([
      { orgId, slug, counts: { scanned: 6, updated: 0, already_complete: 4, fallback: 2 } },
    ]);
    expect(report.total).toEqual({ scanned: 6, updated: 0, already_complete: 4, fallback: 2 });
    expect((await step(ids.uncopied!)).updatedAt).toEqual(before.updatedAt);
  });

  it("covers every organization when no slug is given, and none for an unknown slug", async () => {
    const all = await backfillAll(ctx().db);
    expect(all.organizations.map((o) => o.orgId)).toContain(orgId);
    expect(all.total.updated).toBe(0);
    expect((await backfillAll(ctx().db, { orgSlug: "no-such-org" })).organizations).toEqual([]);
  });
});
