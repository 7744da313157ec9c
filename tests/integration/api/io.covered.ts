// Routes whose behaviour the io-*.test.ts files exercise through their handlers ("METHOD /api/path",
// path parameters as in the OpenAPI document).
export const coveredRoutes: string[] = [
  "POST /api/workflow/executions/import",
  "GET /api/workflow/executions/export",
  "GET /api/workflow/executions/{workflowId}/stream",
  "POST /api/inbound/email",
  "GET /api/openapi.json",
  // read back in io-import.test.ts (the imported run documents)
  "GET /api/workflow/executions/{workflowId}",
];
