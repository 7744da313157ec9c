import type { Metadata } from "next";
import { openApiDocument } from "@/lib/api/openapi/generate";
import { requireUser } from "@/lib/auth/session";
import { ApiReference } from "./reference";

export const metadata: Metadata = { title: "API" };

/**
 * The API reference, rendered from the same OpenAPI document as /api/openapi.json, grouped by tag.
 * Every signed-in user may read it; it holds no tenant data.
 */
export default async function ApiDocsPage() {
  await requireUser();
  return <ApiReference doc={openApiDocument()} />;
}
