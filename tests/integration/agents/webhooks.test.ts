import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { type WebhookDelivery, webhookDeliveries } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { cancelRun } from "@/lib/engine/runs";
import { MAX_DELIVERY_ATTEMPTS, relayDueDeliveries } from "@/lib/webhooks/outbox";
import { generateWebhookSecret, verifyWebhook } from "@/lib/webhooks/sign";
import {
  customWorkflow,
  getRun,
  getSteps,
  runToEnd,
  setupOrg,
  startCustomRun,
  type TestOrg,
  testWorker,
  until,
  webhookReceiver,
} from "../../helpers/agents";
import { describeDrivers, query } from "../../helpers/db";
import { makeChannelConfig } from "../../helpers/factories";

let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
beforeAll(async () => {
  receiver = await webhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver.answer([200]);
});

describeDrivers("run webhooks: outbox and relay", (t) => {
  const deliveriesOf = (orgId: string, runId: string) =>
    withTenant(t().db, orgId, (tx) =>
      tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.runId, runId)),
    );

  /** Makes every delivery of the run due now (the relay's backoff would otherwise wait seconds). */
  const dueNow = (runId: string) =>
    query(t().db, sql`update webhook_deliveries set next_attempt_at = now() where run_id = ${runId}`);

  /** A run that ended (cancelled while it waited for a manual start) with one webhook to `url`. */
  async function endedRun(org: TestOrg, url = receiver.url, secret: string | null = generateWebhookSecret()) {
    const { workflowId } = await customWorkflow(
      t().db,
      org,
      [{ stepType: "manual", autoStart: false }],
      [{ url, secret }],
    );
    const started = await startCustomRun(t().db, org, workflowId, { externalId: "ext-42" });
    const run = await withTenant(t().db, org.orgId, (tx) => cancelRun(tx, org.actor, started.id, "test"));
    const [delivery] = await deliveriesOf(org.orgId, run.id);
    expect(delivery).toBeDefined();
    return { run, delivery: delivery!, secret };
  }

  const relayOnly = async (orgId: string, runId: string): Promise<WebhookDelivery> => {
    await relayDueDeliveries(t().db, { batch: 50 });
    const [d] = await deliveriesOf(orgId, runId);
    return d!;
  };

  it("writes one delivery per enabled webhook when a run ends, and the worker's relay sends it signed", async () => {
    const { db } = t();
    const org = await setupOrg(db, { allowPrivateWebhooks: true });
    const secret = generateWebhookSecret();
    const { workflowId } = await customWorkflow(
      db,
      org,
      [{ stepType: "todo", config: { title: "Call the candidate" } }],
      [
        { url: receiver.url, secret },
        { url: `${receiver.url}?channel=api`, secret, channel: "api" }, // another channel: not this run's
        { url: `${receiver.url}?channel=email`, secret, channel: "email", enabled: false },
      ],
    );
    const started = await startCustomRun(db, org, workflowId);
    expect(await deliveriesOf(org.orgId, started.id)).toEqual([]);

    // relay off: the delivery is written with the run's end, nothing sent yet
    const run = await runToEnd(t(), org.orgId, started.id);
    expect(run.status).toBe("completed");
    const [pending, ...others] = await deliveriesOf(org.orgId, run.id);
    expect(others).toEqual([]);
    expect(pending).toMatchObject({
      status: "pending",
      attempts: 0,
      url: receiver.url,
      eventType: "run.completed",
    });
    expect(receiver.received).toHaveLength(0);

    // the worker's housekeeping relays it
    const worker = testWorker(t(), { relayWebhooks: true });
    await worker.start();
    try {
      await until(
        "the delivery to be delivered",
        async () => (await deliveriesOf(org.orgId, run.id))[0]?.status === "delivered",
      );
    } finally {
      await worker.stop();
    }
    const [delivered] = await deliveriesOf(org.orgId, run.id);
    expect(delivered).toMatchObject({ attempts: 1, lastStatusCode: 200, lastError: null });
    expect(delivered!.deliveredAt).toBeInstanceOf(Date);
    expect(delivered!.attemptLog).toEqual([
      expect.objectContaining({ status: 200, duration_ms: expect.any(Number) }),
    ]);

    expect(receiver.received).toHaveLength(1);
    const req = receiver.received[0]!;
    expect(req.method).toBe("POST");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["webhook-id"]).toBe(`msg_${delivered!.id}`);
    const verified = verifyWebhook(req.headers as Record<string, string>, req.body, secret);
    expect(verified).toMatchObject({ ok: true, id: `msg_${delivered!.id}` });
    expect(verifyWebhook(req.headers as Record<string, string>, req.body, generateWebhookSecret())).toEqual({
      ok: false,
      reason: "invalid_signature",
    });
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({
      type: "run.completed",
      data: { workflow_id: run.publicId, run_id: run.id, status: "completed", channel: "web" },
    });
  });

  it("retries a failed delivery with backoff, then delivers it with the same id", async () => {
    const { db } = t();
    const org = await setupOrg(db, { allowPrivateWebhooks: true });
    receiver.answer([500, 200]);
    const { run, secret } = await endedRun(org);

    const failed = await relayOnly(org.orgId, run.id);
    expect(failed).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatusCode: 500,
      lastError: "receiver answered 500",
    });
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(await relayDueDeliveries(db)).toBe(0); // not due yet
    expect(receiver.received).toHaveLength(1);

    await dueNow(run.id);
    const delivered = await relayOnly(org.orgId, run.id);
    expect(delivered).toMatchObject({
      status: "delivered",
      attempts: 2,
      lastStatusCode: 200,
      lastError: null,
    });
    expect(delivered.attemptLog.map((a) => a.status)).toEqual([500, 200]);
    expect(delivered.attemptLog[0]!.error).toBe("receiver answered 500");

    expect(receiver.received).toHaveLength(2);
    const ids = receiver.received.map((r) => r.headers["webhook-id"]);
    expect(ids).toEqual([`msg_${delivered.id}`, `msg_${delivered.id}`]);
    for (const r of receiver.received)
      expect(verifyWebhook(r.headers as Record<string, string>, r.body, secret!).ok).toBe(true);
    expect(JSON.parse(receiver.received[1]!.body)).toMatchObject({
      type: "run.cancelled",
      data: { external_id: "ext-42" },
    });

    await dueNow(run.id);
    expect(await relayDueDeliveries(db)).toBe(0); // delivered is final
  });

  it("stops for good on 410 Gone", async () => {
    const { db } = t();
    const org = await setupOrg(db, { allowPrivateWebhooks: true });
    receiver.answer([410]);
    const { run } = await endedRun(org);
    const gone = await relayOnly(org.orgId, run.id);
    expect(gone).toMatchObject({ status: "gave_up", attempts: 1, lastStatusCode: 410 });
    expect(gone.lastError).toMatch(/410/);
    expect(gone.attemptLog).toEqual([expect.objectContaining({ status: 410 })]);
    await dueNow(run.id);
    expect(await relayDueDeliveries(db)).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it("records every attempt and gives up after the last one", async () => {
    const { db } = t();
    const org = await setupOrg(db, { allowPrivateWebhooks: true });
    receiver.answer([503]);
    const { run } = await endedRun(org);
    let d: WebhookDelivery | undefined;
    for (let i = 1; i <= MAX_DELIVERY_ATTEMPTS; i++) {
      await dueNow(run.id);
      d = await relayOnly(org.orgId, run.id);
      expect(d.attempts).toBe(i);
    }
    expect(d!.status).toBe("gave_up");
    expect(d!.attemptLog).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect(d!.attemptLog.every((a) => a.status === 503)).toBe(true);
    expect(receiver.received).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    await dueNow(run.id);
    expect(await relayDueDeliveries(db)).toBe(0);
  });

  it("refuses loopback receivers unless the organization or the channel allows private webhooks", async () => {
    const { db } = t();
    const org = await setupOrg(db); // no allowance
    const { run } = await endedRun(org);
    const refused = await relayOnly(org.orgId, run.id);
    expect(refused).toMatchObject({ status: "gave_up", attempts: 1, lastStatusCode: null });
    expect(refused.lastError).toMatch(/^refused: .*loopback/);
    expect(refused.attemptLog).toEqual([expect.objectContaining({ error: refused.lastError })]);
    expect(receiver.received).toHaveLength(0);

    // the channel's own allowance is enough
    await withTenant(db, org.orgId, (tx) =>
      makeChannelConfig(tx, { orgId: org.orgId, channel: "web", config: { allow_private_webhooks: true } }),
    );
    const second = await endedRun(org);
    const delivered = await relayOnly(org.orgId, second.run.id);
    expect(delivered.status).toBe("delivered");
    expect(receiver.received).toHaveLength(1);
  });

  it("gives up on a webhook without a valid signing secret, without sending", async () => {
    const { db } = t();
    const org = await setupOrg(db, { allowPrivateWebhooks: true });
    const none = await endedRun(org, receiver.url, null);
    expect(await relayOnly(org.orgId, none.run.id)).toMatchObject({
      status: "gave_up",
      lastError: expect.stringMatching(/no signing secret/),
    });
    const bad = await endedRun(org, receiver.url, "whsec_short");
    expect(await relayOnly(org.orgId, bad.run.id)).toMatchObject({
      status: "gave_up",
      lastError: expect.stringMatching(/invalid signing secret/),
    });
    expect(receiver.received).toHaveLength(0);
  });

  it("takes over a delivery whose relay died mid-attempt once the claim expires", async () => {
    const { db } = t();
    const org = await setupOrg(db, { allowPrivateWebhooks: true });
    const { run } = await endedRun(org);
    // a relay claimed it and crashed: the row stays `delivering` until the claim expires
    await query(
      db,
      sql`update webhook_deliveries set status = 'delivering', next_attempt_at = now() + interval '1 minute' where run_id = ${run.id}`,
    );
    expect(await relayDueDeliveries(db)).toBe(0);
    await query(
      db,
      sql`update webhook_deliveries set next_attempt_at = now() - interval '1 second' where run_id = ${run.id}`,
    );
    const delivered = await relayOnly(org.orgId, run.id);
    expect(delivered).toMatchObject({ status: "delivered", attempts: 1 });
    expect(receiver.received).toHaveLength(1);
  });
});

describeDrivers("webhook_call steps", (t) => {
  async function callRun(org: TestOrg, config: Record<string, unknown>, node: { maxRetries?: number } = {}) {
    const { workflowId } = await customWorkflow(t().db, org, [
      {
        stepType: "webhook_call",
        stepName: "Notify ATS",
        config,
        maxRetries: node.maxRetries ?? 0,
        timeoutSeconds: 5,
      },
    ]);
    const started = await startCustomRun(t().db, org, workflowId, { inputs: { candidate: "cand-7" } });
    const run = await runToEnd(t(), org.orgId, started.id);
    const [step] = await getSteps(t().db, org.orgId, run.id);
    return { run, step: step! };
  }

  it("POSTs the step's input, signed, to the configured URL", async () => {
    const org = await setupOrg(t().db, { allowPrivateWebhooks: true });
    const secret = generateWebhookSecret();
    const { run, step } = await callRun(org, { url: receiver.url, secret });
    expect(run.status, run.errorMessage ?? "").toBe("completed");
    expect(step.outputData).toEqual({ status: 200 });
    expect(receiver.received).toHaveLength(1);
    const req = receiver.received[0]!;
    expect(verifyWebhook(req.headers as Record<string, string>, req.body, secret)).toMatchObject({
      ok: true,
      id: `msg_${step.id}`,
    });
    expect(JSON.parse(req.body)).toEqual({
      type: "step.call",
      data: { workflow_id: run.publicId, step_number: 1, input: { candidate: "cand-7" } },
    });
  });

  it("retries a 500 and keeps the message id across attempts", async () => {
    const org = await setupOrg(t().db, { allowPrivateWebhooks: true });
    const secret = generateWebhookSecret();
    receiver.answer([500, 200]);
    const { run, step } = await callRun(org, { url: receiver.url, secret }, { maxRetries: 2 });
    expect(run.status, run.errorMessage ?? "").toBe("completed");
    expect(step).toMatchObject({ status: "completed", attempt: 2, retryCount: 1 });
    const fail = step.events.find((e) => e.type === "step.fail");
    expect(fail?.data).toMatchObject({ to: "queued", error: "webhook answered 500" });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([
      `msg_${step.id}`,
      `msg_${step.id}`,
    ]);
    for (const r of receiver.received)
      expect(verifyWebhook(r.headers as Record<string, string>, r.body, secret).ok).toBe(true);
  });

  it("fails a 400 at once, without retrying", async () => {
    const org = await setupOrg(t().db, { allowPrivateWebhooks: true });
    receiver.answer([400]);
    const { run, step } = await callRun(
      org,
      { url: receiver.url, secret: generateWebhookSecret() },
      { maxRetries: 3 },
    );
    expect(run.status).toBe("failed");
    expect(step).toMatchObject({
      status: "failed",
      attempt: 1,
      retryCount: 0,
      errorMessage: "webhook answered 400",
    });
    expect(step.errorDetails).toEqual({ status: 400 });
    expect(run.errorMessage).toMatch(/webhook answered 400/);
    expect(receiver.received).toHaveLength(1);
  });

  it("refuses a loopback URL without the allowance, and accepts it with the channel's", async () => {
    const { db } = t();
    const org = await setupOrg(db);
    const { run, step } = await callRun(
      org,
      { url: receiver.url, secret: generateWebhookSecret() },
      { maxRetries: 3 },
    );
    expect(run.status).toBe("failed");
    expect(step).toMatchObject({ status: "failed", attempt: 1 });
    expect(step.errorMessage).toMatch(/^webhook URL refused: .*loopback/);
    expect(step.errorDetails).toEqual({ code: "blocked_address" });
    expect(receiver.received).toHaveLength(0);

    await withTenant(db, org.orgId, (tx) =>
      makeChannelConfig(tx, { orgId: org.orgId, channel: "web", config: { allow_private_webhooks: true } }),
    );
    const allowed = await callRun(org, { url: receiver.url, secret: generateWebhookSecret() });
    expect(allowed.run.status, allowed.run.errorMessage ?? "").toBe("completed");
    expect(receiver.received).toHaveLength(1);
    expect((await getRun(db, org.orgId, allowed.run.id)).status).toBe("completed");
  });
});
