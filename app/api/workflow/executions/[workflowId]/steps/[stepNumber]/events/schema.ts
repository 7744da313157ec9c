import { z } from "zod";
import { jsonObject } from "../../../../schema";

/**
 * One executor event for the step's timeline (seed 004 events). The engine's
 * own `step.*` and `run.*` types are reserved. One event per request, whose
 * JSON body is at most 16 KB (413 beyond); a step takes at most 200 reported
 * events (422 beyond).
 */
export const eventBody = z.strictObject({
  type: z
    .string()
    .regex(/^[A-Za-z][\w.:-]{0,99}$/, "must be 1–100 characters: a letter, then letters, digits, _ . : or -")
    .refine((t) => !/^(step|run)\./i.test(t), "step.* and run.* are reserved for the engine"),
  data: jsonObject.optional(),
});

export const EVENT_BODY_LIMIT = 16 * 1024;
