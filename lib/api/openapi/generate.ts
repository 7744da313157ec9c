import { z } from "zod";
import { ioRouteDocs } from "./io";
import type { RouteDoc } from "./registry";
import { resourceRouteDocs } from "./resources";
import { runRouteDocs } from "./runs";

/**
 * The OpenAPI 3.1 document, generated from the RouteDoc entries of every area and the zod schemas
 * they point at (zod v4's z.toJSONSchema; OpenAPI 3.1 schemas are JSON Schema 2020-12). Schemas are
 * converted in `input` mode — what a client sends, before transforms and defaults — and parts
 * that JSON Schema cannot express (transforms' outputs, dates, custom checks) become `{}` rather
 * than failing the document.
 */

export type JsonSchema = { [key: string]: unknown };

export type OpenApiParameter = {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
  style?: string;
  explode?: boolean;
};

export type OpenApiOperation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  "x-permission"?: string;
  "x-idempotent"?: boolean;
  parameters: OpenApiParameter[];
  requestBody?: { required: true; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string }[];
  paths: Record<string, Partial<Record<"get" | "post" | "put" | "patch" | "delete", OpenApiOperation>>>;
  components: {
    securitySchemes: Record<string, Record<string, string>>;
    schemas: Record<string, JsonSchema>;
  };
};

export const allRouteDocs = (): RouteDoc[] => [...runRouteDocs, ...resourceRouteDocs, ...ioRouteDocs];

const ERROR_REF = { $ref: "#/components/schemas/Error" };

const errorSchema: JsonSchema = {
  type: "object",
  required: ["error"],
  additionalProperties: false,
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: {
          type: "string",
          enum: [
            "validation_error",
            "bad_request",
            "unauthorized",
            "forbidden",
            "not_found",
            "conflict",
            "illegal_transition",
            "payload_too_large",
            "unsupported_media_type",
            "unprocessable",
            "rate_limited",
            "internal",
            "unavailable",
          ],
        },
        message: { type: "string" },
        details: { description: "validation_error: [{path, message}, …]; other codes: code-specific" },
      },
    },
  },
};

/** A zod schema as a JSON Schema fragment; $defs are hoisted into components.schemas. */
function toSchema(schema: z.ZodType, defs: Record<string, JsonSchema>, hint: string): JsonSchema {
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema, {
      io: "input",
      unrepresentable: "any",
      target: "draft-2020-12",
    }) as JsonSchema;
  } catch (error) {
    return {
      description: `(not representable as JSON Schema: ${error instanceof Error ? error.message : "unknown"})`,
    };
  }
  const { $schema: _schema, $defs, ...rest } = json;
  if (!$defs || typeof $defs !== "object") return rest;
  const renames = new Map<string, string>();
  for (const name of Object.keys($defs as object))
    renames.set(name, `${hint}_${name}`.replace(/[^\w.-]/g, "_"));
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== "object") return value;
    const out: JsonSchema = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")) {
        out[k] = `#/components/schemas/${renames.get(v.slice("#/$defs/".length)) ?? v}`;
      } else out[k] = rewrite(v);
    }
    return out;
  };
  for (const [name, def] of Object.entries($defs as Record<string, unknown>)) {
    defs[renames.get(name)!] = rewrite(def) as JsonSchema;
  }
  return rewrite(rest) as JsonSchema;
}

function objectProperties(json: JsonSchema): {
  properties: Record<string, JsonSchema>;
  required: Set<string>;
} {
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(json.required) ? (json.required as string[]) : []);
  return { properties, required };
}

function operationId(doc: RouteDoc): string {
  const parts = doc.path
    .replace(/^\/api\//, "")
    .split("/")
    .filter(Boolean)
    .map((p) => (p.startsWith("{") ? `by_${p.slice(1, -1)}` : p.replace(/[^\w]+/g, "_")));
  return `${doc.method.toLowerCase()}_${parts.join("_")}`;
}

function operation(doc: RouteDoc, defs: Record<string, JsonSchema>): OpenApiOperation {
  const id = operationId(doc);
  const parameters: OpenApiParameter[] = [];
  const declared = [...doc.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const params = doc.params ? objectProperties(toSchema(doc.params, defs, `${id}_params`)) : null;
  for (const name of declared) {
    const schema = params?.properties[name] ?? { type: "string" };
    parameters.push({ name, in: "path", required: true, schema });
  }
  if (doc.query) {
    const q = objectProperties(toSchema(doc.query, defs, `${id}_query`));
    for (const [name, schema] of Object.entries(q.properties)) {
      const { description, ...rest } = schema;
      parameters.push({
        name,
        in: "query",
        required: q.required.has(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: rest,
        style: "form",
        explode: true,
      });
    }
  }
  if (doc.idempotent) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Same key and body within 24 h replay the stored response (header idempotent-replayed: true)",
      schema: { type: "string", pattern: "^[\\w.:-]{1,200}$" },
    });
  }
  const responses: OpenApiOperation["responses"] = {};
  for (const [code, r] of Object.entries(doc.responses)) {
    const status = Number(code);
    const contentType = r.contentType ?? "application/json";
    const schema = r.schema ? toSchema(r.schema, defs, `${id}_${code}`) : status >= 400 ? ERROR_REF : null;
    responses[code] = {
      description: r.description,
      ...(schema && status !== 204 ? { content: { [contentType]: { schema } } } : {}),
    };
  }
  const description = [
    doc.description,
    doc.permission
      ? `Permission: \`${doc.permission}\`.`
      : doc.auth === false
        ? "Public: no authentication."
        : null,
  ]
    .filter(Boolean)
    .join("\n\n");
  return {
    operationId: id,
    summary: doc.summary,
    ...(description ? { description } : {}),
    tags: [doc.tag],
    security: doc.auth === false ? [] : [{ bearerAuth: [] }, { cookieAuth: [] }],
    ...(doc.permission ? { "x-permission": doc.permission } : {}),
    ...(doc.idempotent ? { "x-idempotent": true } : {}),
    parameters,
    ...(doc.body
      ? {
          requestBody: {
            required: true as const,
            content: {
              [doc.bodyContentType ?? "application/json"]: { schema: toSchema(doc.body, defs, `${id}_body`) },
            },
          },
        }
      : {}),
    responses,
  };
}

export function generateOpenApi(docs: RouteDoc[] = allRouteDocs()): OpenApiDocument {
  const defs: Record<string, JsonSchema> = { Error: errorSchema };
  const paths: OpenApiDocument["paths"] = {};
  const tags: string[] = [];
  for (const doc of docs) {
    if (!tags.includes(doc.tag)) tags.push(doc.tag);
    const item = paths[doc.path] ?? {};
    paths[doc.path] = item;
    item[doc.method.toLowerCase() as Lowercase<RouteDoc["method"]>] = operation(doc, defs);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Runledger API",
      version: "1.0.0",
      description:
        "The system of record for AI recruiting workflow executions. JSON in snake_case; every error is " +
        '{"error": {"code", "message", "details"?}}. Authenticate with a session cookie (browser) or ' +
        "`Authorization: Bearer <token>` (API tokens from /api/tokens). Unknown fields are rejected.",
    },
    servers: [{ url: "/" }],
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An API token (rl_…) created at /api/tokens",
        },
        cookieAuth: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The browser session (__Secure-next-auth.session-token over HTTPS)",
        },
      },
      schemas: defs,
    },
  };
}

let cached: OpenApiDocument | null = null;

/** The document, generated once per process (the route docs are static). */
export function openApiDocument(): OpenApiDocument {
  cached ??= generateOpenApi();
  return cached;
}
