import { z } from "zod";
import { jsonObject } from "@/db/queries/input";
import { boolQuery, pageFields } from "@/db/queries/paging";
import { channels, configScopes } from "@/db/schema/enums";

/** A configuration document: any JSON object up to 64 KiB that jsonb can store. */
export const configObject = jsonObject();

/**
 * A new configuration version of a scope: global (no workflow_id, no channel), channel (channel only)
 * or workflow (workflow_id only). It starts inactive.
 */
export const createConfigBody = z
  .strictObject({
    scope: z.enum(configScopes),
    workflow_id: z.uuid().optional(),
    channel: z.enum(channels).optional(),
    config: configObject,
  })
  .superRefine((b, ctx) => {
    const forbid = (field: "workflow_id" | "channel") =>
      ctx.addIssue({ code: "custom", path: [field], message: `is not allowed for scope ${b.scope}` });
    const require = (field: "workflow_id" | "channel") =>
      ctx.addIssue({ code: "custom", path: [field], message: `is required for scope ${b.scope}` });
    if (b.scope === "global") {
      if (b.workflow_id !== undefined) forbid("workflow_id");
      if (b.channel !== undefined) forbid("channel");
    } else if (b.scope === "channel") {
      if (b.workflow_id !== undefined) forbid("workflow_id");
      if (b.channel === undefined) require("channel");
    } else {
      if (b.workflow_id === undefined) require("workflow_id");
      if (b.channel !== undefined) forbid("channel");
    }
  });

export const listConfigsQuery = z.strictObject({
  scope: z.enum(configScopes).optional(),
  workflow_id: z.uuid().optional(),
  channel: z.enum(channels).optional(),
  active: boolQuery.optional(),
  ...pageFields(50),
});

export const configParams = z.strictObject({ configId: z.uuid() });
