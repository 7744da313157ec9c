import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";

/**
 * One entry per route and method, written beside the area that owns the
 * routes (runs.ts, resources.ts, io.ts). The OpenAPI document is generated
 * from these and the zod schemas they point at; a test checks that every
 * route file has an entry.
 */
export type RouteDoc = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI path, e.g. /api/workflow/executions/{workflowId} */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  permission?: Permission;
  /** false for the few public routes (health). */
  auth?: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Content type of a non-JSON body (multipart/form-data, message/rfc822). */
  bodyContentType?: string;
  idempotent?: boolean;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
};
