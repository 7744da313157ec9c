import { and, eq } from "drizzle-orm";
import { channelConfigs, organizations } from "@/db/schema";
import { checkWebhookUrl } from "@/lib/webhooks/address-guard";
import { postPinned } from "@/lib/webhooks/http";
import { type WebhookHeaders, webhookHeaders } from "@/lib/webhooks/sign";
import { StepError, type StepHandler } from "../types";

/** Statuses that say "try again later" rather than "your request is wrong". */
const RETRYABLE_4XX = new Set([408, 425, 429]);

/**
 * POSTs the step's input to the node's configured URL, signed like our
 * webhooks (config.secret), with the step's timeout and abort signal. The
 * same SSRF guard applies, with the same allowances as the run webhooks (the
 * organization's setting or the run channel's allow_private_webhooks). 5xx,
 * 408/425/429 and network errors are retried; other answers that are not 2xx
 * are not (a redirect is not followed).
 */
export const webhookCallHandler: StepHandler = async ({ run, step, input, signal, tenant }) => {
  const url = typeof step.nodeConfig.url === "string" ? step.nodeConfig.url : null;
  if (!url) throw new StepError("webhook_call node has no url configured", { retryable: false });
  const secret = typeof step.nodeConfig.secret === "string" ? step.nodeConfig.secret : null;
  const allowPrivate = await tenant(async (tx) => {
    const [org] = await tx
      .select({ settings: organizations.settings })
      .from(organizations)
      .where(eq(organizations.id, run.orgId));
    if (org?.settings.allowPrivateWebhooks === true) return true;
    const [channel] = await tx
      .select({ config: channelConfigs.config })
      .from(channelConfigs)
      .where(and(eq(channelConfigs.orgId, run.orgId), eq(channelConfigs.channel, run.channel)));
    return channel?.config.allow_private_webhooks === true;
  });
  const check = await checkWebhookUrl(url, { allowPrivate });
  if (!check.ok)
    throw new StepError(`webhook URL refused: ${check.reason}`, {
      retryable: false,
      details: { code: check.code },
    });
  const body = JSON.stringify({
    type: "step.call",
    data: { workflow_id: run.publicId, step_number: step.stepNumber, input },
  });
  // Standard Webhooks: a resend keeps its id so the receiver can drop duplicates. Automatic and
  // manual retries resend; a rerun from an earlier step (a reset) is a new call.
  const generation = step.events.filter((e) => e.type === "step.reset").length;
  const id = generation ? `msg_${step.id}_${generation}` : `msg_${step.id}`;
  let headers: WebhookHeaders | Record<string, never> = {};
  if (secret) {
    try {
      headers = webhookHeaders({ id, body, secret });
    } catch (error) {
      throw new StepError(
        `webhook_call secret is invalid: ${error instanceof Error ? error.message : String(error)}`,
        { retryable: false },
      );
    }
  }
  const res = await postPinned(
    url,
    body,
    { ...headers, "user-agent": "Runledger-Webhooks/1" },
    {
      addresses: check.addresses,
      timeoutMs: (step.timeoutSeconds ?? 30) * 1000,
      signal,
    },
  );
  if ("error" in res) throw new StepError(`webhook call failed: ${res.error}`);
  const details = { status: res.status };
  if (res.status >= 200 && res.status < 300) return { output: { status: res.status } };
  if (res.status >= 500 || RETRYABLE_4XX.has(res.status))
    throw new StepError(`webhook answered ${res.status}`, { details });
  throw new StepError(`webhook answered ${res.status}`, { retryable: false, details });
};
