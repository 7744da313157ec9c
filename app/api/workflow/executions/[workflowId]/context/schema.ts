import { z } from "zod";
import { contextKey, jsonValue, runParams } from "../../schema";

export { runParams };

/** PATCH …/context: keys merged into the run's context (existing keys not named stay). */
export const contextPatchBody = z.strictObject({
  values: z.record(z.string(), jsonValue).superRefine((values, ctx) => {
    const keys = Object.keys(values);
    if (keys.length < 1) ctx.addIssue({ code: "custom", message: "must set at least one key" });
    if (keys.length > 100) ctx.addIssue({ code: "custom", message: "may set at most 100 keys at once" });
    for (const key of keys.slice(0, 101)) {
      const checked = contextKey.safeParse(key);
      if (!checked.success) {
        ctx.addIssue({ code: "custom", path: [key], message: `key ${checked.error.issues[0]?.message}` });
      }
    }
  }),
});

export const contextKeyParams = runParams.extend({ key: contextKey });

/** PUT …/context/{key}: the key's new value (any JSON). */
export const contextValueBody = z.strictObject({ value: jsonValue });

/** The whole context can hold at most 256 KB; one request at most that much. */
export const CONTEXT_BODY_LIMIT = 256 * 1024;
