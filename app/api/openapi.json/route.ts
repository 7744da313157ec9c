import { openApiDocument } from "@/lib/api/openapi/generate";

/** The OpenAPI 3.1 document of the whole API. Public: it describes the contract, not any tenant's data. */
export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
