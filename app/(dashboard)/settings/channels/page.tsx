import { dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Hydrated } from "@/components/admin/hydrate";
import { ChannelConfigsClient } from "@/components/settings/channel-configs-client";
import { channelConfigsKey } from "@/components/settings/queries";
import { getDb } from "@/db/client";
import { listChannelConfigs } from "@/db/queries/configs";
import { channels } from "@/db/schema/enums";
import { withTenant } from "@/db/tenant";
import { presentChannelConfig } from "@/lib/api/presenters-resources";
import { requireUser } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Channel settings" };

export default async function ChannelSettingsPage() {
  const user = await requireUser("configs:write");
  const queryClient = makeQueryClient();
  const rows = await withTenant(getDb().db, user.orgId, (tx) => listChannelConfigs(tx, user.orgId));
  const byChannel = new Map(rows.map((r) => [r.channel, r]));
  queryClient.setQueryData(channelConfigsKey, {
    channel_configs: channels.map((channel) =>
      presentChannelConfig(byChannel.get(channel) ?? { channel, config: {}, isActive: true }),
    ),
  });
  return (
    <Hydrated state={dehydrate(queryClient)}>
      <ChannelConfigsClient />
    </Hydrated>
  );
}
