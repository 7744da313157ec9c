import { z } from "zod";

export const updateSettingsBody = z
  .strictObject({
    /** Finished runs older than this many days are removed by the daily cleanup; null keeps history forever. */
    retention_days: z.number().int().min(1).max(36_500).nullable().optional(),
    /** Let webhooks reach private and loopback addresses (development, self-hosting). */
    allow_private_webhooks: z.boolean().optional(),
    /** The live workflow started for inbound e-mail; null turns e-mail intake off. */
    intake_workflow_id: z.uuid().nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: "name at least one setting to change",
  });
