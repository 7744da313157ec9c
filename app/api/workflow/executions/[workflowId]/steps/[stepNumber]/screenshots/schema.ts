import { z } from "zod";
import { jsonObject, storableText } from "../../../../schema";

/** Uploaded images: PNG, JPEG or WebP (checked by their first bytes), at most 5 MB. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const imageTypes = ["image/png", "image/jpeg", "image/webp"] as const;
export type ImageType = (typeof imageTypes)[number];

/** A JSON screenshot body: a link to where the executor stored the image. */
export const SCREENSHOT_JSON_LIMIT = 32 * 1024;
/** A multipart body: the image plus its form fields and the multipart framing. */
export const SCREENSHOT_MULTIPART_LIMIT = MAX_IMAGE_BYTES + 64 * 1024;

const screenshotUrl = storableText(
  z
    .string()
    .max(2000)
    .regex(/^(https?|s3|gs):\/\/\S+$/i, "must be an http(s), s3 or gs URL"),
);

const describing = {
  action: storableText(z.string().trim().min(1).max(200)).optional(),
  selector: storableText(z.string().trim().min(1).max(500)).optional(),
};

/** JSON: a screenshot stored elsewhere (seed 004 screenshots entry). */
export const screenshotLinkBody = z.strictObject({
  url: screenshotUrl,
  thumbnail_url: screenshotUrl.optional(),
  ...describing,
  element_found: z.boolean().optional(),
  confidence: z.number().min(0).max(1).optional(),
  metadata: jsonObject.optional(),
});

/** multipart/form-data: the image in the `file` field plus these optional text fields. */
export const screenshotUploadFields = z.strictObject({
  ...describing,
  thumbnail_url: screenshotUrl.optional(),
  element_found: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  confidence: z
    .string()
    .regex(/^\d+(\.\d+)?$/, "must be a number between 0 and 1")
    .transform(Number)
    .pipe(z.number().min(0).max(1))
    .optional(),
  metadata: z
    .string()
    .max(16 * 1024)
    .transform((v, ctx) => {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON object" });
        return z.NEVER;
      }
    })
    .pipe(jsonObject)
    .optional(),
});

/** A screenshot's position in the step's list, in a path: 0, 1, … */
export const screenshotIndex = z
  .string()
  .regex(/^(0|[1-9]\d{0,3})$/, "must be a screenshot index (0, 1, …)")
  .transform(Number);
