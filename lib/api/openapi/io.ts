import { z } from "zod";
import { inboundEmailBody, inboundEmailResponse } from "@/app/api/inbound/email/schema";
import { changePasswordBody } from "@/app/api/me/password/schema";
import { createTokenBody, listTokensQuery, tokenParams } from "@/app/api/tokens/schema";
import { exportCsv, exportQuery } from "@/app/api/workflow/executions/export/schema";
import { importBody, importReport } from "@/app/api/workflow/executions/import/schema";
import { runParams } from "@/app/api/workflow/executions/schema";
import type { RouteDoc } from "./registry";
import { agents } from "@/lib/steps/registry";

/*
 * Getting data in and out (legacy import, inbound e-mail, export, live updates) and the platform
 * routes (health, the caller, API tokens, this document). One entry per route file and method.
 */

const E = {
  400: { description: "Invalid path, query or body: details lists {path, message} per problem" },
  401: { description: "No session cookie or Bearer token, or a revoked/expired token" },
  403: {
    description: "The caller's role lacks the permission (or a cookie request came from another origin)",
  },
  404: { description: "Unknown id, or one of another organization (never 403)" },
  413: { description: "Body larger than the route accepts" },
  415: { description: "Body of a content type the route does not accept" },
  422: { description: "Well-formed but not processable" },
} as const;
const pick = (...codes: (keyof typeof E)[]) => Object.fromEntries(codes.map((c) => [c, E[c]]));

const IO = "Import and export";
const PLATFORM = "Platform";

const health = z.object({
  status: z.enum(["ok", "degraded", "down"]),
  mode: z.enum(["embedded", "postgres"]).optional(),
  database: z.object({
    reachable: z.boolean(),
    driver: z.string().optional(),
    latency_ms: z.number().optional(),
  }),
  migrations: z
    .object({
      applied: z.number(),
      pending: z.array(z.string()),
      modified: z.array(z.string()),
      latest: z.string().nullable(),
    })
    .nullable(),
});
const me = z.object({
  user_id: z.uuid(),
  org_id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(["admin", "manager", "recruiter", "analyst"]),
  auth: z.enum(["session", "token"]),
  permissions: z.array(z.string()),
});
const token = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  user_id: z.uuid(),
  scopes: z.array(z.string()),
  last_used_at: z.string().nullable(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  created_at: z.string(),
});

export const ioRouteDocs: RouteDoc[] = [
  {
    method: "POST",
    path: "/api/workflow/executions/import",
    summary: "Import legacy workflow history (localStorage or MongoDB export)",
    description:
      "Seed 001's history moved into the ledger. The body (≤ 20 MB) is the browser's localStorage `workflowHistory` " +
      "(an array, or {workflowHistory: […]}) or MongoDB `workflow_executions` documents in Extended JSON — a JSON array, " +
      "or NDJSON as mongoexport writes it (Content-Type application/x-ndjson; shell output with ObjectId(…)/ISODate(…) is read too). " +
      "All or nothing: any invalid item is a 400 whose details list {index, line?, legacy_id?, path, message} for every problem, " +
      "and nothing is written. Runs are keyed by their legacy id (localStorage id, Mongo _id): importing the same file again " +
      "creates nothing (200, skipped_existing). Imported runs have source `import`; an unfinished legacy run (In Progress, " +
      "pending, in_progress) is stored as `failed` with error_details.reason `imported_unfinished`, because the ledger cannot " +
      "execute it. Each agent becomes a step (" +
      agents.map((a) => `${a.id} → ${a.stepType}`).join(", ") +
      "); fields the record lacks get the fallbacks (Unknown Step, unknown, 0) " +
      "and are listed per run in `defaulted`. jd_id is matched to a job of the organization by public id; started_by is " +
      "the user the record names (uuid or e-mail of the organization), else the importer.",
    tag: IO,
    permission: "runs:import",
    body: importBody,
    bodyContentType: "application/json",
    responses: {
      201: { description: "Report: at least one run was created", schema: importReport },
      200: { description: "Report: every run already existed (nothing created)", schema: importReport },
      ...pick(400, 401, 403, 413, 415),
    },
  },
  {
    method: "GET",
    path: "/api/workflow/executions/export",
    summary: "Export the run history as CSV or NDJSON (streamed)",
    description:
      "The run list's filters and scope rules (scope=mine by default; org for roles that read the organization's runs), " +
      "newest first, streamed in constant memory as an attachment. format=csv (default; RFC 4180, formula-like cells " +
      "prefixed with an apostrophe) or ndjson (one run summary per line). Recorded in the audit log.",
    tag: IO,
    permission: "runs:export",
    query: exportQuery,
    responses: {
      200: {
        description: "The file (Content-Disposition: attachment)",
        schema: exportCsv,
        contentType: "text/csv",
      },
      ...pick(400, 401, 403),
    },
  },
  {
    method: "GET",
    path: "/api/workflow/executions/{workflowId}/stream",
    summary: "Live updates of a run (Server-Sent Events)",
    description:
      "text/event-stream. On connect `event: run` with the run document; then on every change `event: run` (the run " +
      "summary, when it changed) and `event: step` (each changed step), at most ~10 pushes a second; `: ping` comments " +
      "every 15 s; `retry: 3000`. A reconnect with Last-Event-ID gets a fresh snapshot. When the run ends the final state " +
      "is sent, then `event: end` ({status}), and the stream closes; reconnecting after that final event gets 204.",
    tag: "Executions",
    permission: "runs:read_own",
    params: runParams,
    responses: {
      200: {
        description: "The event stream",
        schema: z.string().describe("Server-Sent Events: run, step, end"),
        contentType: "text/event-stream",
      },
      204: { description: "The run has ended and the client already received its final event" },
      ...pick(400, 401, 403, 404),
    },
  },
  {
    method: "POST",
    path: "/api/inbound/email",
    summary: "Inbound e-mail: resumes from attachments, then the intake workflow",
    description:
      "For the mail gateway, with an API token (a session is 403) whose role may write resumes and start runs. The body " +
      "is the raw message (message/rfc822 or text/plain, ≤ 25 MB). Every PDF, DOCX and TXT attachment (recognised by its " +
      "bytes) is stored as a resume (source `email`; a file the organization already has is reused), then the " +
      "organization's intake workflow starts on channel `email` with inputs {resume_ids, from, subject, message_id} " +
      "(plus jd_id when the subject names a JD-… of the organization) and context {message_id, from, subject}. The same " +
      "Message-ID again returns the first delivery's run (200, idempotent-replayed) and stores nothing. A message the " +
      "workflow could not run is refused before anything is stored — 422 `unprocessable` with a sentence to reply with, " +
      "recorded in the audit log: no usable attachment; no intake workflow configured; no JD-… of the organization in " +
      "the subject when a step needs a job (a JD reader or HR comparator); inputs the workflow requires that no e-mail " +
      "carries.",
    tag: IO,
    permission: "resumes:write",
    body: inboundEmailBody,
    bodyContentType: "message/rfc822",
    responses: {
      202: { description: "Resumes stored and the intake run started", schema: inboundEmailResponse },
      200: { description: "This Message-ID was received before: its run", schema: inboundEmailResponse },
      ...pick(400, 401, 403, 413, 415, 422),
    },
  },
  {
    method: "GET",
    path: "/api/openapi.json",
    summary: "This OpenAPI 3.1 document",
    description: "Public, like the API page in the app: it documents the contract and holds no tenant data.",
    tag: PLATFORM,
    auth: false,
    responses: { 200: { description: "The OpenAPI document" } },
  },
  {
    method: "GET",
    path: "/api/health",
    summary: "Liveness: database reachability and migration state",
    tag: PLATFORM,
    auth: false,
    responses: {
      200: { description: "Healthy", schema: health },
      503: { description: "Degraded (pending or modified migrations) or down", schema: health },
    },
  },
  {
    method: "GET",
    path: "/api/me",
    summary: "The caller: user, organization, role and permissions",
    tag: PLATFORM,
    responses: { 200: { description: "The caller", schema: me }, ...pick(401) },
  },
  {
    method: "POST",
    path: "/api/me/password",
    summary: "Change your own password (session only); ends all of your sessions, this one included",
    tag: PLATFORM,
    body: changePasswordBody,
    responses: {
      200: { description: "Changed; sign in again", schema: z.object({ signed_out: z.literal(true) }) },
      ...pick(400, 401, 403),
    },
  },
  {
    method: "GET",
    path: "/api/tokens",
    summary: "API tokens (yours; admins: the organization's with all=true)",
    tag: PLATFORM,
    permission: "tokens:manage_own",
    query: listTokensQuery,
    responses: {
      200: { description: "{tokens}", schema: z.object({ tokens: z.array(token) }) },
      ...pick(400, 401, 403),
    },
  },
  {
    method: "POST",
    path: "/api/tokens",
    summary: "Create an API token (shown once)",
    tag: PLATFORM,
    permission: "tokens:manage_own",
    body: createTokenBody,
    responses: {
      201: {
        description: "The token; only its hash is stored",
        schema: z.object({
          id: z.uuid(),
          name: z.string(),
          prefix: z.string(),
          token: z.string(),
          created_at: z.string(),
          expires_at: z.string().nullable(),
        }),
      },
      ...pick(400, 401, 403, 415),
    },
  },
  {
    method: "DELETE",
    path: "/api/tokens/{tokenId}",
    summary: "Revoke an API token",
    tag: PLATFORM,
    permission: "tokens:manage_own",
    params: tokenParams,
    responses: { 204: { description: "Revoked" }, ...pick(400, 401, 403, 404) },
  },
];
