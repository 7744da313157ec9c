import { z } from "zod";
import { channels } from "@/db/schema/enums";
import { configObject } from "../configs/schema";

export const channelParams = z.strictObject({ channel: z.enum(channels) });

/** The whole settings document of a channel and whether the channel is active. */
export const putChannelConfigBody = z.strictObject({
  config: configObject,
  is_active: z.boolean(),
});
