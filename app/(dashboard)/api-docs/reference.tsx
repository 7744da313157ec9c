import { PageHeader } from "@/components/ui/page-header";
import type { JsonSchema, OpenApiDocument, OpenApiOperation } from "@/lib/api/openapi/generate";

type Method = "get" | "post" | "put" | "patch" | "delete";
const METHODS: Method[] = ["get", "post", "put", "patch", "delete"];

const methodColours: Record<Method, string> = {
  get: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  post: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  put: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
  patch: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200",
  delete: "bg-rose-100 text-rose-800 dark:bg-rose-950 dark:text-rose-200",
};

/** A short, readable type for a JSON Schema: `string (uuid)`, `"a" | "b"`, `array of integer` … */
function typeOf(schema: JsonSchema | undefined): string {
  if (!schema) return "any";
  if (typeof schema.$ref === "string") return schema.$ref.split("/").pop() ?? "object";
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union)) return [...new Set(union.map(typeOf))].join(" or ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type;
  if (type === "array") return `array of ${typeOf(schema.items as JsonSchema | undefined)}`;
  if (typeof type === "string")
    return typeof schema.format === "string" ? `${type} (${schema.format})` : type;
  return "any";
}

/** The fields of an object body, or of each variant of a union of bodies. */
function bodyVariants(
  schema: JsonSchema,
): { label: string | null; fields: [string, JsonSchema, boolean][] }[] {
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union))
    return union.flatMap((s, i) => bodyVariants(s).map((v) => ({ ...v, label: `Variant ${i + 1}` })));
  if (schema.type === "array" && schema.items) {
    return bodyVariants(schema.items as JsonSchema).map((v) => ({
      ...v,
      label: `${v.label ?? ""} array of objects`.trim(),
    }));
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const fields = Object.entries(properties).map(
    ([name, s]) => [name, s, required.has(name)] as [string, JsonSchema, boolean],
  );
  return fields.length ? [{ label: null, fields }] : [];
}

function Operation({ method, path, op }: { method: Method; path: string; op: OpenApiOperation }) {
  const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
  return (
    <article
      id={op.operationId}
      className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="flex flex-wrap items-baseline gap-2">
        <span
          className={`rounded px-2 py-0.5 font-mono text-xs font-semibold uppercase ${methodColours[method]}`}
        >
          {method}
        </span>
        <code className="font-mono text-sm break-all">{path}</code>
      </header>
      <p className="mt-2 font-medium">{op.summary}</p>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {op["x-permission"] ? (
          <>
            Permission <code className="font-mono">{op["x-permission"]}</code>
          </>
        ) : op.security.length ? (
          "Any signed-in caller"
        ) : (
          "Public"
        )}
        {op["x-idempotent"] ? " · accepts Idempotency-Key" : null}
      </p>
      {op.description ? (
        <p className="mt-2 max-w-prose whitespace-pre-line text-sm text-slate-700 dark:text-slate-300">
          {op.description.replace(/\n\nPermission: `[^`]+`\.$/, "")}
        </p>
      ) : null}

      {op.parameters.length ? (
        <section className="mt-3">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Parameters</h4>
          <table className="mt-1 w-full text-left text-sm">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Name</th>
                <th className="py-1 pr-3 font-medium">In</th>
                <th className="py-1 pr-3 font-medium">Type</th>
                <th className="py-1 font-medium">Required</th>
              </tr>
            </thead>
            <tbody>
              {op.parameters.map((p) => (
                <tr key={`${p.in}:${p.name}`} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1 pr-3 font-mono">{p.name}</td>
                  <td className="py-1 pr-3">{p.in}</td>
                  <td className="py-1 pr-3 font-mono text-xs">{typeOf(p.schema)}</td>
                  <td className="py-1">{p.required ? "yes" : "no"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {body ? (
        <section className="mt-3">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            Request body <span className="font-mono normal-case">{body[0]}</span>
          </h4>
          {bodyVariants(body[1].schema).length === 0 ? (
            <p className="mt-1 text-sm">
              <span className="font-mono text-xs">{typeOf(body[1].schema)}</span>
              {typeof body[1].schema.description === "string" ? ` — ${body[1].schema.description}` : null}
            </p>
          ) : (
            bodyVariants(body[1].schema).map((v, i) => (
              <div key={v.label ?? i} className="mt-1">
                {v.label ? <p className="text-xs text-slate-500">{v.label}</p> : null}
                <ul className="text-sm">
                  {v.fields.map(([name, s, required]) => (
                    <li key={name}>
                      <code className="font-mono">{name}</code>
                      {required ? <span className="text-rose-700 dark:text-rose-300"> *</span> : null}{" "}
                      <span className="font-mono text-xs text-slate-600 dark:text-slate-400">
                        {typeOf(s)}
                      </span>
                      {typeof s.description === "string" ? (
                        <span className="text-slate-600 dark:text-slate-400"> — {s.description}</span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </div>
            ))
          )}
        </section>
      ) : null}

      <section className="mt-3">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Responses</h4>
        <ul className="mt-1 text-sm">
          {Object.entries(op.responses).map(([code, r]) => (
            <li key={code}>
              <span className="font-mono">{code}</span> {r.description}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

/** The generated OpenAPI document as a readable page: operations grouped by tag. */
export function ApiReference({ doc }: { doc: OpenApiDocument }) {
  const groups = doc.tags.map((tag) => ({
    tag: tag.name,
    operations: Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.flatMap((method) => {
        const op = item[method];
        return op?.tags.includes(tag.name) ? [{ method, path, op }] : [];
      }),
    ),
  }));
  return (
    <>
      <PageHeader
        title="API"
        description="Every route of the HTTP API. Authenticate with your session or an API token (Authorization: Bearer …); errors are always {error: {code, message, details?}}."
      />
      <p className="mb-6 text-sm">
        Machine-readable:{" "}
        <a className="text-brand-700 underline dark:text-brand-100" href="/api/openapi.json">
          /api/openapi.json
        </a>{" "}
        (OpenAPI {doc.openapi}).
      </p>
      <nav aria-label="API sections" className="mb-8 flex flex-wrap gap-2 text-sm">
        {groups.map((g) => (
          <a
            key={g.tag}
            href={`#tag-${g.tag.replace(/\W+/g, "-")}`}
            className="rounded-full border border-slate-300 px-3 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {g.tag} <span className="text-slate-500">({g.operations.length})</span>
          </a>
        ))}
      </nav>
      {groups.map((g) => (
        <section key={g.tag} id={`tag-${g.tag.replace(/\W+/g, "-")}`} className="mb-10">
          <h2 className="mb-3 text-lg font-semibold">{g.tag}</h2>
          <div className="grid gap-3">
            {g.operations.map((o) => (
              <Operation key={`${o.method} ${o.path}`} method={o.method} path={o.path} op={o.op} />
            ))}
          </div>
        </section>
      ))}
    </>
  );
}
