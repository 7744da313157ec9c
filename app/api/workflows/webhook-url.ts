import { lookup } from "node:dns/promises";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { channelConfigs, organizations } from "@/db/schema";
import type { Channel } from "@/db/schema/enums";
import { ApiError } from "@/lib/api/errors";
import { checkWebhookUrl } from "@/lib/webhooks/address-guard";

const LOOKUP_TIMEOUT_MS = 3000;

/** The OS resolver, bounded: a slow DNS server must not hold a request open. */
async function boundedLookup(host: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("DNS lookup timed out")), LOOKUP_TIMEOUT_MS);
  });
  try {
    const records = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
    return records.map((r) => r.address);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether webhooks of this channel may reach private addresses: the organization's setting or the
 * channel's `allow_private_webhooks` (the same rule the outbox relay applies when delivering).
 */
export async function allowsPrivateWebhooks(tx: Tx, orgId: string, channel: Channel): Promise<boolean> {
  const [org] = await tx
    .select({ settings: organizations.settings })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (org?.settings.allowPrivateWebhooks === true) return true;
  const [cc] = await tx
    .select({ config: channelConfigs.config })
    .from(channelConfigs)
    .where(and(eq(channelConfigs.orgId, orgId), eq(channelConfigs.channel, channel)));
  return cc?.config.allow_private_webhooks === true;
}

/**
 * Checks a webhook URL on save: http(s) only, never cloud metadata, private and loopback addresses only
 * when allowed. A host that does not resolve now is accepted with a warning (DNS may not be set up yet;
 * every delivery checks again). Refusals are a 400 on body.webhook_url.
 */
export async function checkWebhookTarget(
  url: string,
  allowPrivate: boolean,
): Promise<{ warning: string | null }> {
  const result = await checkWebhookUrl(url, { allowPrivate, lookup: boundedLookup });
  if (result.ok) return { warning: null };
  if (result.code === "unresolvable") {
    return { warning: `${result.reason}; deliveries will fail until it resolves` };
  }
  throw new ApiError("validation_error", "Invalid body", [
    { path: "body.webhook_url", message: `refused: ${result.reason}` },
  ]);
}
