// A webhook delivery claimed by a relay that died stays `delivering` only for the relay's claim
// (WEBHOOK_CLAIM_MS, 30 s by default; it was 5 minutes), then another relay takes it and delivers.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { webhookDeliveries } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { cancelRun } from "@/lib/engine/runs";
import { claimDueDeliveries, DEFAULT_CLAIM_MS, relayDueDeliveries } from "@/lib/webhooks/outbox";
import { generateWebhookSecret } from "@/lib/webhooks/sign";
import {
  customWorkflow,
  setupOrg,
  startCustomRun,
  type TestOrg,
  webhookReceiver,
} from "../../helpers/agents";
import { describeDrivers, query } from "../../helpers/db";
import { waitFor } from "../../helpers/engine";

let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
beforeAll(async () => {
  receiver = await webhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => {
  receiver.received.length = 0;
});

describeDrivers("webhook relay: a dead relay's claim", (t) => {
  /** A run that ended with one webhook delivery due now; returns the delivery's id. */
  async function dueDelivery(org: TestOrg): Promise<string> {
    const { workflowId } = await customWorkflow(
      t().db,
      org,
      [{ stepType: "manual", autoStart: false }],
      [{ url: receiver.url, secret: generateWebhookSecret() }],
    );
    const started = await startCustomRun(t().db, org, workflowId);
    const run = await withTenant(t().db, org.orgId, (tx) => cancelRun(tx, org.actor, started.id, "test"));
    const [delivery] = await withTenant(t().db, org.orgId, (tx) =>
      tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.runId, run.id)),
    );
    return delivery!.id;
  }

  const stateOf = async (id: string) => {
    const [row] = await query<{ status: string; attempts: number; claim_left_ms: number }>(
      t().db,
      sql`select status, attempts,
            (extract(epoch from next_attempt_at - now()) * 1000)::int as claim_left_ms
          from webhook_deliveries where id = ${id}`,
    );
    return row!;
  };

  it("lasts the default claim, not minutes: no other relay takes it meanwhile", async () => {
    const { db } = t();
    const org = await setupOrg(db, { allowPrivateWebhooks: true });
    const id = await dueDelivery(org);
    // a relay claims the delivery and dies before attempting it
    const claimed = await claimDueDeliveries(db);
    expect(claimed.map((d) => d.id)).toEqual([id]);
    const held = await stateOf(id);
    expect(held.status).toBe("delivering");
    expect(held.claim_left_ms).toBeGreaterThan(0);
    expect(held.claim_left_ms).toBeLessThanOrEqual(DEFAULT_CLAIM_MS);
    expect(DEFAULT_CLAIM_MS).toBeLessThanOrEqual(30_000);
    expect(await relayDueDeliveries(db)).toBe(0);
    expect(receiver.received).toHaveLength(0);
    await query(db, sql`update webhook_deliveries set status = 'gave_up' where id = ${id}`);
  });

  it("is re-claimed and delivered by another relay once the claim lapses", async () => {
    const { db } = t();
    const org = await setupOrg(db, { allowPrivateWebhooks: true });
    const id = await dueDelivery(org);
    const claimMs = 1_000;
    expect((await claimDueDeliveries(db, { claimMs })).map((d) => d.id)).toEqual([id]);
    expect((await stateOf(id)).claim_left_ms).toBeLessThanOrEqual(claimMs);
    // another relay with the same setting keeps trying; once the dead relay's claim lapses it delivers
    await waitFor(
      async () => (await relayDueDeliveries(db, { claimMs })) > 0,
      30_000,
      "the delivery re-claimed after the dead relay's claim",
      100,
    );
    expect(await stateOf(id)).toMatchObject({ status: "delivered", attempts: 1 });
    expect(receiver.received).toHaveLength(1);
  });
});
