import { z } from "zod";
import { jsonObject, storableText } from "../../schema";

export const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

/** One endpoint an executor called while running the workflow (seed 004 endpoints_used). */
export const endpointBody = z.strictObject({
  endpoint: storableText(z.string().trim().min(1).max(500)),
  method: z.enum(httpMethods).optional(),
  status: z.number().int().min(100).max(599).optional(),
  duration_ms: z.number().int().min(0).max(86_400_000).optional(),
  metadata: jsonObject.optional(),
});

export const ENDPOINT_BODY_LIMIT = 32 * 1024;
