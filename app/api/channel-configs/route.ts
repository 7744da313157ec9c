import { listChannelConfigs } from "@/db/queries/configs";
import { channels } from "@/db/schema/enums";
import { withApi } from "@/lib/api/handler";
import { presentChannelConfig } from "@/lib/api/presenters-resources";

/** Settings of every channel (web, voice, efax, api, email); unconfigured channels show their defaults. */
export const GET = withApi({ permission: "workflows:read" }, async ({ principal, tenant }) => {
  const rows = await tenant((tx) => listChannelConfigs(tx, principal.orgId));
  const byChannel = new Map(rows.map((r) => [r.channel, r]));
  return {
    channel_configs: channels.map((channel) =>
      presentChannelConfig(byChannel.get(channel) ?? { channel, config: {}, isActive: true }),
    ),
  };
});
