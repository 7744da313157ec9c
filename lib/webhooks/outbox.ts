import "server-only";
import { and, asc, eq, isNotNull, lte, or, sql } from "drizzle-orm";
import type { Database, Queryable } from "@/db/client";
import {
  channelConfigs,
  type DeliveryAttempt,
  organizations,
  type WebhookDelivery,
  type WorkflowRun,
  webhookDeliveries,
  workflowChannelConfigs,
} from "@/db/schema";
import { asWorker, withTenant } from "@/db/tenant";
import { backoffDelayMs } from "@/lib/engine/backoff";
import { checkWebhookUrl } from "./address-guard";
import { postPinned } from "./http";
import { webhookHeaders } from "./sign";

export const MAX_DELIVERY_ATTEMPTS = 8;

/** The Standard Webhooks payload for a run that ended. */
export function runEventPayload(run: WorkflowRun) {
  return {
    type: `run.${run.status}`,
    timestamp: (run.completedAt ?? new Date()).toISOString(),
    data: {
      workflow_id: run.publicId,
      run_id: run.id,
      status: run.status,
      channel: run.channel,
      external_id: run.externalId,
      started_at: run.startedAt?.toISOString() ?? null,
      completed_at: run.completedAt?.toISOString() ?? null,
      duration_ms: run.durationMs,
      progress: run.progress,
      metrics: run.metrics,
      results: run.results,
      error: run.errorMessage,
    },
  };
}

/**
 * Outbox: one delivery per enabled webhook of the run's workflow and channel,
 * written in the transaction that ended the run, so a delivery exists if and
 * only if the run's end committed.
 */
export async function enqueueRunWebhooks(tx: Queryable, run: WorkflowRun): Promise<number> {
  if (!run.workflowId) return 0;
  const targets = await tx
    .select({ id: workflowChannelConfigs.id, url: workflowChannelConfigs.webhookUrl })
    .from(workflowChannelConfigs)
    .where(
      and(
        eq(workflowChannelConfigs.orgId, run.orgId),
        eq(workflowChannelConfigs.workflowId, run.workflowId),
        eq(workflowChannelConfigs.channel, run.channel),
        eq(workflowChannelConfigs.enabled, true),
        isNotNull(workflowChannelConfigs.webhookUrl),
      ),
    );
  return insertRunWebhooks(
    tx,
    run,
    targets.map((t) => ({ id: t.id, url: t.url! })),
  );
}

/** The outbox rows of a run's end for targets already looked up (the engine's completion reads them). */
export async function insertRunWebhooks(
  tx: Queryable,
  run: WorkflowRun,
  targets: { id: string; url: string }[],
): Promise<number> {
  if (!targets.length) return 0;
  const payload = runEventPayload(run);
  await tx.insert(webhookDeliveries).values(
    targets.map((t) => ({
      orgId: run.orgId,
      runId: run.id,
      workflowChannelConfigId: t.id,
      url: t.url,
      eventType: payload.type,
      payload,
    })),
  );
  return targets.length;
}

type Outcome = { status: WebhookDelivery["status"]; code?: number; error?: string };

/** Whether the organization lets webhooks reach private addresses (org setting or the channel's config). */
async function allowsPrivate(
  tx: Queryable,
  delivery: WebhookDelivery,
  channel: string | null,
): Promise<boolean> {
  const [org] = await tx
    .select({ settings: organizations.settings })
    .from(organizations)
    .where(eq(organizations.id, delivery.orgId));
  if (org?.settings.allowPrivateWebhooks) return true;
  if (!channel) return false;
  const [cc] = await tx
    .select({ config: channelConfigs.config })
    .from(channelConfigs)
    .where(and(eq(channelConfigs.orgId, delivery.orgId), sql`${channelConfigs.channel} = ${channel}`));
  return cc?.config.allow_private_webhooks === true;
}

export type RelayOptions = {
  batch?: number;
  timeoutMs?: number;
  /** How long a relay's claim lasts (WEBHOOK_CLAIM_MS); longer than timeoutMs. */
  claimMs?: number;
  lookup?: (host: string) => Promise<string[]>;
  now?: () => Date;
};

/**
 * How long a relay's claim lasts by default; a delivery still `delivering` after that was left by a
 * relay that died and is taken again. It must outlast one attempt (the POST's 10 s timeout plus the
 * database work): a batch's deliveries are attempted side by side, so a batch takes about one attempt.
 */
export const DEFAULT_CLAIM_MS = 30_000;

/**
 * Claims due deliveries across organizations (SKIP LOCKED): `delivering` with the claim's expiry in
 * next_attempt_at, so no other relay takes them until the claim lapses.
 */
export async function claimDueDeliveries(
  db: Database,
  options: { batch?: number; claimMs?: number } = {},
): Promise<WebhookDelivery[]> {
  const claimMs = options.claimMs ?? DEFAULT_CLAIM_MS;
  return asWorker(db, async (tx) => {
    const due = tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        and(
          or(eq(webhookDeliveries.status, "pending"), eq(webhookDeliveries.status, "delivering")),
          lte(webhookDeliveries.nextAttemptAt, sql`now()`),
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(options.batch ?? 10)
      .for("update", { skipLocked: true });
    return tx
      .update(webhookDeliveries)
      .set({ status: "delivering", nextAttemptAt: sql`now() + ${`${claimMs} milliseconds`}::interval` })
      .where(sql`${webhookDeliveries.id} in ${due}`)
      .returning();
  });
}

/**
 * Sends due deliveries: claims them across organizations (SKIP LOCKED, status
 * `delivering` so no other relay takes them), then for each — in its tenant —
 * checks the URL against the SSRF guard, signs (webhook-id,
 * webhook-timestamp, webhook-signature) and POSTs. 2xx delivers; 410 stops for
 * good; anything else retries with backoff until MAX_DELIVERY_ATTEMPTS. Every
 * attempt is recorded. A claim left by a relay that crashed expires and the
 * delivery is taken again (after `claimMs`, 30 s by default).
 */
export async function relayDueDeliveries(db: Database, options: RelayOptions = {}): Promise<number> {
  const claimed = await claimDueDeliveries(db, { batch: options.batch, claimMs: options.claimMs });
  // side by side, so the whole batch finishes within about one attempt, well inside the claim
  await Promise.all(
    claimed.map((delivery) =>
      deliverOne(db, delivery, options).catch(() => {
        // a database error while recording: the claim expires and the delivery is tried again;
        // the other claimed deliveries must not wait for that
      }),
    ),
  );
  return claimed.length;
}

async function deliverOne(db: Database, delivery: WebhookDelivery, options: RelayOptions) {
  const started = Date.now();
  const { secret, allowPrivate } = await withTenant(db, delivery.orgId, async (tx) => {
    const [cfg] = delivery.workflowChannelConfigId
      ? await tx
          .select({ secret: workflowChannelConfigs.webhookSecret, channel: workflowChannelConfigs.channel })
          .from(workflowChannelConfigs)
          .where(eq(workflowChannelConfigs.id, delivery.workflowChannelConfigId))
      : [];
    return {
      secret: cfg?.secret ?? null,
      allowPrivate: await allowsPrivate(tx, delivery, cfg?.channel ?? null),
    };
  });
  let outcome: Outcome;
  if (!secret) {
    outcome = { status: "gave_up", error: "no signing secret configured for this webhook" };
  } else {
    const check = await checkWebhookUrl(delivery.url, { allowPrivate, lookup: options.lookup });
    if (!check.ok) {
      outcome = { status: "gave_up", error: `refused: ${check.reason}` };
    } else {
      const body = JSON.stringify(delivery.payload);
      let headers: ReturnType<typeof webhookHeaders> | string;
      try {
        headers = webhookHeaders({ id: `msg_${delivery.id}`, body, secret, now: options.now?.() });
      } catch (error) {
        headers = error instanceof Error ? error.message : String(error);
      }
      if (typeof headers === "string") {
        // a malformed secret is configuration, not a network blip: retrying cannot help
        outcome = { status: "gave_up", error: `invalid signing secret: ${headers}` };
      } else {
        const res = await postPinned(
          delivery.url,
          body,
          { ...headers, "user-agent": "Runledger-Webhooks/1" },
          {
            addresses: check.addresses,
            timeoutMs: options.timeoutMs ?? 10_000,
          },
        );
        if ("error" in res) outcome = { status: "failed", error: res.error };
        else if (res.status >= 200 && res.status < 300) outcome = { status: "delivered", code: res.status };
        else if (res.status === 410)
          outcome = { status: "gave_up", code: 410, error: "receiver answered 410 Gone" };
        else outcome = { status: "failed", code: res.status, error: `receiver answered ${res.status}` };
      }
    }
  }
  const attempt: DeliveryAttempt = {
    at: new Date(started).toISOString(),
    duration_ms: Date.now() - started,
    ...(outcome.code !== undefined ? { status: outcome.code } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
  };
  const attempts = delivery.attempts + 1;
  const retry = outcome.status === "failed" && attempts < MAX_DELIVERY_ATTEMPTS;
  const status: WebhookDelivery["status"] = retry
    ? "pending"
    : outcome.status === "failed"
      ? "gave_up"
      : outcome.status;
  await withTenant(db, delivery.orgId, (tx) =>
    tx
      .update(webhookDeliveries)
      .set({
        status,
        attempts,
        lastStatusCode: outcome.code ?? null,
        lastError: outcome.error ?? null,
        attemptLog: sql`${webhookDeliveries.attemptLog} || ${JSON.stringify([attempt])}::jsonb`,
        deliveredAt: status === "delivered" ? new Date() : null,
        nextAttemptAt: retry
          ? new Date(Date.now() + backoffDelayMs(attempts - 1, { baseMs: 2_000, maxMs: 3_600_000 }))
          : sql`now()`,
      })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, "delivering"))),
  );
}
