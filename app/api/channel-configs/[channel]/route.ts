import { upsertChannelConfig } from "@/db/queries/configs";
import { withApi } from "@/lib/api/handler";
import { presentChannelConfig } from "@/lib/api/presenters-resources";
import { channelParams, putChannelConfigBody } from "../schema";

/** Replaces a channel's settings (created on first use). */
export const PUT = withApi(
  { permission: "configs:write", params: channelParams, body: putChannelConfigBody },
  async ({ principal, params, body, tenant, audit }) => {
    const row = await tenant(async (tx) => {
      const { row, before } = await upsertChannelConfig(tx, principal.orgId, params.channel, {
        config: body.config,
        isActive: body.is_active,
      });
      await audit(tx, {
        action: "channel_config.update",
        resourceType: "channel_config",
        resourceId: params.channel,
        details: {
          is_active: body.is_active,
          was_active: before?.isActive ?? null,
          created: before === null,
        },
      });
      return row;
    });
    return presentChannelConfig(row);
  },
);
