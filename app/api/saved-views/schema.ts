import { z } from "zod";
import { text } from "@/db/queries/input";
import { pageFields } from "@/db/queries/paging";

export const MAX_PARAMS = 30;

const page = z.string().regex(/^[a-z][a-z0-9_-]{0,49}$/, "a page name like runs");
const name = text().trim().min(1).max(100);

/** Query-string parameters of the saved page: names to values, at most 30. */
const params = z
  .unknown()
  // JSON may carry an own "__proto__" key, which a record would silently drop: refuse it by name
  .superRefine((v, ctx) => {
    if (v !== null && typeof v === "object" && Object.hasOwn(v, "__proto__")) {
      ctx.addIssue({ code: "custom", path: ["__proto__"], message: "is not an allowed parameter name" });
    }
  })
  .pipe(
    z
      .record(
        z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/, "a parameter name like status"),
        text().max(2000),
      )
      .refine((p) => Object.keys(p).length <= MAX_PARAMS, `at most ${MAX_PARAMS} parameters`),
  );

export const createSavedViewBody = z.strictObject({
  name,
  page,
  params,
  shared: z.boolean().default(false),
});

export const updateSavedViewBody = z
  .strictObject({ name: name.optional(), params: params.optional(), shared: z.boolean().optional() })
  .refine((b) => b.name !== undefined || b.params !== undefined || b.shared !== undefined, {
    message: "name at least one field to change",
  });

export const listSavedViewsQuery = z.strictObject({ page: page.optional(), ...pageFields(100) });

export const savedViewParams = z.strictObject({ viewId: z.uuid() });
