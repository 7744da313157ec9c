// The OpenAPI 3.1 document (lib/api/openapi/generate.ts): structurally valid, every operation with
// responses and declared path parameters, security schemes, resolvable $refs — and every route file
// under app/api (auth excepted) documented, method by method.
import fs from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiReference } from "@/app/(dashboard)/api-docs/reference";
import { GET as openApiRoute } from "@/app/api/openapi.json/route";
import { allRouteDocs, generateOpenApi, type OpenApiDocument } from "@/lib/api/openapi/generate";

const ROOT = path.join(import.meta.dirname, "../../..");
const API = path.join(ROOT, "app/api");

/** Every `METHOD /api/path` exported by a route file (auth excepted), [param] → {param}. */
function routeFiles(): string[] {
  const out: string[] = [];
  for (const rel of fs.readdirSync(API, { recursive: true }) as string[]) {
    if (path.basename(rel) !== "route.ts") continue;
    const dir = path.dirname(rel).split(path.sep);
    if (dir[0] === "auth") continue;
    const urlPath = `/api/${dir
      .filter((seg) => !/^\(.*\)$/.test(seg)) // route groups are not in the URL
      .map((seg) => seg.replace(/^\[(\w+)\]$/, "{$1}"))
      .join("/")}`;
    const source = fs.readFileSync(path.join(API, rel), "utf8");
    for (const m of source.matchAll(
      /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g,
    )) {
      out.push(`${m[1]} ${urlPath}`);
    }
  }
  return out.sort();
}

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, found);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

describe("io: OpenAPI document", () => {
  const doc: OpenApiDocument = generateOpenApi();

  it("is OpenAPI 3.1 with security schemes, tags and paths", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("Runledger API");
    expect(doc.components.securitySchemes).toMatchObject({
      bearerAuth: { type: "http", scheme: "bearer" },
      cookieAuth: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
    });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
    expect(doc.tags.map((t) => t.name)).toEqual(
      expect.arrayContaining(["Import and export", "Platform", "Executions"]),
    );
  });

  it("gives every operation responses, a unique operationId, its path parameters and security", () => {
    const ids = new Set<string>();
    const problems: string[] = [];
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${p}`;
        if (!op) continue;
        if (!Object.keys(op.responses).length) problems.push(`${where}: no responses`);
        for (const [code, r] of Object.entries(op.responses)) {
          if (!/^[1-5]\d\d$/.test(code)) problems.push(`${where}: response code ${code}`);
          if (!r.description) problems.push(`${where}: response ${code} has no description`);
        }
        if (ids.has(op.operationId)) problems.push(`${where}: duplicate operationId ${op.operationId}`);
        ids.add(op.operationId);
        for (const name of [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
          if (!op.parameters.some((x) => x.in === "path" && x.name === name && x.required)) {
            problems.push(`${where}: path parameter ${name} not declared`);
          }
        }
        for (const x of op.parameters.filter((x) => x.in === "path")) {
          if (!p.includes(`{${x.name}}`)) problems.push(`${where}: parameter ${x.name} is not in the path`);
        }
        if (op.security.length === 0 && !["/api/health", "/api/openapi.json"].includes(p)) {
          problems.push(`${where}: public`);
        }
        if (op.requestBody && !Object.keys(op.requestBody.content).length)
          problems.push(`${where}: empty request body`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("resolves every $ref inside the document and is plain JSON", () => {
    const text = JSON.stringify(doc);
    const parsed = JSON.parse(text) as OpenApiDocument;
    expect(parsed).toEqual(doc);
    for (const ref of refs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\/[\w.-]+$/);
      expect(doc.components.schemas).toHaveProperty(ref.split("/").pop()!);
    }
    // no JSON Schema meta left inside operations
    expect(text).not.toContain('"$schema"');
  });

  it("documents bodies, queries and responses from the zod schemas (input side)", () => {
    const exportOp = doc.paths["/api/workflow/executions/export"]?.get;
    expect(exportOp?.parameters.find((p) => p.name === "format")).toMatchObject({
      in: "query",
      required: false,
      schema: { enum: ["csv", "ndjson"], default: "csv" },
    });
    expect(exportOp?.responses["200"]?.content).toHaveProperty("text/csv");
    const email = doc.paths["/api/inbound/email"]?.post;
    expect(email?.requestBody?.content).toHaveProperty("message/rfc822");
    expect(email?.["x-permission"]).toBe("resumes:write");
    expect(email?.responses["422"]?.content?.["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/Error",
    });
    const stream = doc.paths["/api/workflow/executions/{workflowId}/stream"]?.get;
    expect(stream?.responses["200"]?.content).toHaveProperty("text/event-stream");
    const importOp = doc.paths["/api/workflow/executions/import"]?.post;
    expect(importOp?.responses["201"]?.content?.["application/json"]?.schema).toMatchObject({
      type: "object",
      properties: { created: { type: "integer" }, skipped_existing: { type: "integer" } },
    });
  });

  it("is served publicly at /api/openapi.json", async () => {
    const res = await openApiRoute();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as OpenApiDocument;
    expect(body.openapi).toBe("3.1.0");
    expect(Object.keys(body.paths)).toEqual(Object.keys(doc.paths));
  });

  it("renders as the API page: every operation under its tag, with permission, parameters and responses", () => {
    const html = renderToStaticMarkup(createElement(ApiReference, { doc }));
    for (const tag of doc.tags) expect(html).toContain(`id="tag-${tag.name.replace(/\W+/g, "-")}"`);
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const op of Object.values(item)) expect(html).toContain(`id="${op?.operationId}"`);
      expect(html).toContain(p.replaceAll("&", "&amp;"));
    }
    expect(html).toContain("runs:import");
    expect(html).toContain("Idempotency-Key");
    expect(html).toContain("message/rfc822");
  });

  it("has a RouteDoc for every route file and exported method under app/api (auth excepted)", () => {
    const documented = new Set(allRouteDocs().map((d) => `${d.method} ${d.path}`));
    const missing = routeFiles().filter((r) => !documented.has(r));
    expect(
      missing,
      `routes without a RouteDoc (add them to lib/api/openapi/runs.ts, resources.ts or io.ts):\n  ${missing.join("\n  ")}`,
    ).toEqual([]);
  });

  it("documents no route that does not exist", () => {
    const files = new Set(routeFiles());
    const stale = allRouteDocs()
      .map((d) => `${d.method} ${d.path}`)
      .filter((r) => !files.has(r));
    expect(stale, `RouteDocs without a route file:\n  ${stale.join("\n  ")}`).toEqual([]);
    const dupes = allRouteDocs()
      .map((d) => `${d.method} ${d.path}`)
      .filter((r, i, all) => all.indexOf(r) !== i);
    expect(dupes, "documented twice").toEqual([]);
  });
});
