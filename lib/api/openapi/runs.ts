import { z } from "zod";
import { approvalsQuery } from "@/app/api/approvals/schema";
import { retentionPreviewQuery } from "@/app/api/admin/retention/schema";
import { batchBody } from "@/app/api/matching/batch/schema";
import { cancelBody } from "@/app/api/workflow/executions/[workflowId]/cancel/schema";
import { completeRunBody } from "@/app/api/workflow/executions/[workflowId]/complete/schema";
import {
  contextKeyParams,
  contextPatchBody,
  contextValueBody,
} from "@/app/api/workflow/executions/[workflowId]/context/schema";
import { endpointBody } from "@/app/api/workflow/executions/[workflowId]/endpoints/schema";
import { rerunFromBody } from "@/app/api/workflow/executions/[workflowId]/rerun-from/schema";
import { approveBody } from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/approve/schema";
import { completeStepBody } from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/complete/schema";
import { eventBody } from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/events/schema";
import { screenshotParams } from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/screenshots/[index]/schema";
import {
  screenshotLinkBody,
  screenshotUploadFields,
} from "@/app/api/workflow/executions/[workflowId]/steps/[stepNumber]/screenshots/schema";
import { bulkBody } from "@/app/api/workflow/executions/bulk/schema";
import {
  runListQuery,
  runParams,
  startExecutionBody,
  statusUpdateBody,
  stepParams,
} from "@/app/api/workflow/executions/schema";
import type { RouteDoc } from "./registry";

/*
 * The execution API: seed 001's contract (matching batch, run history, run
 * document, status update, dashboard status) and every execution operation
 * (run and step lifecycle, context, endpoints, events, screenshots, approvals,
 * bulk actions, retention). One entry per route file and method.
 */

const E = {
  400: { description: "Invalid path, query or body: details lists {path, message} per problem" },
  401: { description: "No session cookie or Bearer token, or a revoked/expired token" },
  403: {
    description: "The caller's role lacks the permission (or a cookie request came from another origin)",
  },
  404: { description: "Unknown id, or one of another organization (never 403)" },
  409: { description: "Illegal in the run's or step's current state (illegal_transition), or a conflict" },
  413: { description: "Body larger than the route accepts" },
  415: { description: "Body is not application/json (or not one of the accepted types)" },
  422: {
    description:
      "Well-formed but not processable (a limit reached, Idempotency-Key reused with another body)",
  },
} as const;

const pick = (...codes: (keyof typeof E)[]) => Object.fromEntries(codes.map((c) => [c, E[c]]));
const readErrors = () => pick(400, 401, 403, 404);
const writeErrors = () => pick(400, 401, 403, 404, 409, 415);

const runDocument = "The run as the seed-001 workflow_executions document, with steps and matches";
const stepDocument = "{workflow_id, run_status, run_progress, step}: the step after the change";
const TAG = "Executions";
const STEPS = "Execution steps";

const limitsNote =
  "Records stay bounded: context ≤ 256 KB, endpoints_used ≤ 1000 entries, ≤ 200 reported events per step " +
  "(each request body ≤ 16 KB), ≤ 50 screenshots per step (uploads ≤ 5 MB each and 20 MB per step, " +
  "PNG/JPEG/WebP by magic bytes). " +
  "Reaching a limit is 422; writes to a run that has ended are 409.";

export const runRouteDocs: RouteDoc[] = [
  // ── seed 001 ──────────────────────────────────────────────────────────────────────────────────
  {
    method: "POST",
    path: "/api/matching/batch",
    summary: "Start AI Workflow: match resumes against a job description",
    description:
      "Seed 001 POST /matching/batch. Persists the run and its steps and queues the first agent; the worker does the rest. " +
      "Without resume_ids every live resume of the organization is matched (at most 1000). Unknown or foreign jd_id or resume ids are 404.",
    tag: "Matching",
    permission: "runs:start",
    body: batchBody,
    idempotent: true,
    responses: {
      202: { description: "{success, message, data: {workflow_id, jd_id, total_resumes, status}}" },
      ...pick(400, 401, 403, 404, 409, 415, 422),
    },
  },
  {
    method: "GET",
    path: "/api/workflow/executions",
    summary: "Run history",
    description:
      "Seed 001 GET /workflow/executions: {workflows, total, total_exact, next_cursor}; total counts matching runs up to 10000 " +
      "(total_exact false: total is a lower bound — beyond 10000, or for q text whose page came from the newest 1000 runs or " +
      "from spans of time, counting the matches there). scope=mine (default) or org (admin, manager, analyst). Filters: status, channel, workflow, " +
      "jd_id, started_by, from, to, q (a WF-… id is an exact lookup), context (JSON containment). Pages: limit 1–50 (default 10) " +
      "with skip (at most 10000), or the keyset cursor next_cursor in every sort (a cursor pages only the sort it was made for).",
    tag: TAG,
    permission: "runs:read_own",
    query: runListQuery,
    responses: {
      200: { description: "{workflows: [...], total, total_exact, next_cursor}" },
      ...readErrors(),
    },
  },
  {
    method: "POST",
    path: "/api/workflow/executions",
    summary: "Start an execution of any workflow on any channel",
    description: "Seed 002 start_workflow_execution. External executors then drive its `external` steps.",
    tag: TAG,
    permission: "runs:report",
    body: startExecutionBody,
    idempotent: true,
    responses: { 201: { description: runDocument }, ...pick(400, 401, 403, 404, 409, 415, 422) },
  },
  {
    method: "GET",
    path: "/api/workflow/executions/{workflowId}",
    summary: "One run (seed-001 document)",
    description:
      "Reruns are linked both ways: `rerun_of` is the public id (WF-…) of the run this one reruns (null when it is not a rerun), `reruns` the public ids of the runs that rerun this one, oldest first (at most 100).",
    tag: TAG,
    permission: "runs:read_own",
    params: runParams,
    responses: { 200: { description: runDocument }, ...readErrors() },
  },
  {
    method: "PUT",
    path: "/api/workflow/executions/{workflowId}/status",
    summary: "End a run (completed, failed or cancelled)",
    description:
      "Seed 001 PUT …/status. Only lifecycle-legal changes; a run with steps still working cannot be completed.",
    tag: TAG,
    permission: "runs:operate",
    params: runParams,
    body: statusUpdateBody,
    responses: {
      200: { description: `{success, message, data}: data is the ${runDocument}` },
      ...writeErrors(),
    },
  },
  {
    method: "GET",
    path: "/api/workflow/status",
    summary: "Dashboard status: agents and progress of the caller's latest run",
    description: "Seed 001 GET /workflow/status, now from the caller's latest real run.",
    tag: TAG,
    permission: "runs:read_own",
    responses: {
      200: {
        description: "{success, workflow_id, status, agents, progress, metrics, results, jdId, jdTitle}",
      },
      ...pick(401, 403),
    },
  },
  // ── run operations ────────────────────────────────────────────────────────────────────────────
  {
    method: "POST",
    path: "/api/workflow/executions/{workflowId}/cancel",
    summary: "Cancel a run",
    tag: TAG,
    permission: "runs:operate",
    params: runParams,
    body: cancelBody,
    responses: { 200: { description: runDocument }, ...writeErrors() },
  },
  {
    method: "POST",
    path: "/api/workflow/executions/{workflowId}/rerun",
    summary: "Rerun: a new run with the same workflow, channel and inputs",
    tag: TAG,
    permission: "runs:operate",
    params: runParams,
    idempotent: true,
    responses: {
      201: { description: `The new run (rerun_of names the old one): ${runDocument}` },
      ...writeErrors(),
    },
  },
  {
    method: "POST",
    path: "/api/workflow/executions/{workflowId}/rerun-from",
    summary: "Rerun an ended run from one of its steps: a new run linked to the original",
    description:
      "Starts a new run (rerun_of names the original) from the original's own steps and configuration snapshot: steps before step_number are carried over with their outputs (a step.carried event names the original step; no timing, they did not run in the new run), that step and the later ones run afresh. The original run is never changed. 409 while the run is open, when an earlier step did not complete, or when an approval gate at or after step_number was decided (decisions are final: POST …/rerun starts a new round); 404 when the run has no such step.",
    tag: TAG,
    permission: "runs:operate",
    params: runParams,
    body: rerunFromBody,
    idempotent: true,
    responses: {
      201: { description: `The new run (rerun_of names the old one): ${runDocument}` },
      ...writeErrors(),
    },
  },
  {
    method: "POST",
    path: "/api/workflow/executions/{workflowId}/complete",
    summary: "An executor ends its run (seed 002 complete_workflow_execution)",
    tag: TAG,
    permission: "runs:report",
    params: runParams,
    body: completeRunBody,
    responses: { 200: { description: runDocument }, ...writeErrors() },
  },
  {
    method: "GET",
    path: "/api/workflow/executions/{workflowId}/context",
    summary: "The run's context (seed 002 get_workflow_context)",
    tag: TAG,
    permission: "runs:read_own",
    params: runParams,
    responses: { 200: { description: "{workflow_id, context}" }, ...readErrors() },
  },
  {
    method: "PATCH",
    path: "/api/workflow/executions/{workflowId}/context",
    summary: "Merge keys into the run's context (seed 002 set_workflow_context)",
    description: limitsNote,
    tag: TAG,
    permission: "runs:report",
    params: runParams,
    body: contextPatchBody,
    responses: { 200: { description: "{workflow_id, context}" }, ...writeErrors(), ...pick(413, 422) },
  },
  {
    method: "GET",
    path: "/api/workflow/executions/{workflowId}/context/{key}",
    summary: "One context value",
    tag: TAG,
    permission: "runs:read_own",
    params: contextKeyParams,
    responses: { 200: { description: "{workflow_id, key, value}" }, ...readErrors() },
  },
  {
    method: "PUT",
    path: "/api/workflow/executions/{workflowId}/context/{key}",
    summary: "Set one context value",
    description: limitsNote,
    tag: TAG,
    permission: "runs:report",
    params: contextKeyParams,
    body: contextValueBody,
    responses: { 200: { description: "{workflow_id, key, value}" }, ...writeErrors(), ...pick(413, 422) },
  },
  {
    method: "DELETE",
    path: "/api/workflow/executions/{workflowId}/context/{key}",
    summary: "Remove one context key",
    tag: TAG,
    permission: "runs:report",
    params: contextKeyParams,
    responses: { 204: { description: "Removed" }, ...pick(400, 401, 403, 404, 409) },
  },
  {
    method: "POST",
    path: "/api/workflow/executions/{workflowId}/endpoints",
    summary: "Record an endpoint the executor used (endpoints_used)",
    description: limitsNote,
    tag: TAG,
    permission: "runs:report",
    params: runParams,
    body: endpointBody,
    responses: {
      201: { description: "{workflow_id, index, endpoint}" },
      ...writeErrors(),
      ...pick(413, 422),
    },
  },
  // ── steps ─────────────────────────────────────────────────────────────────────────────────────
  {
    method: "GET",
    path: "/api/workflow/executions/{workflowId}/steps/{stepNumber}",
    summary: "One step of a run, by number",
    tag: STEPS,
    permission: "runs:read_own",
    params: stepParams,
    responses: { 200: { description: stepDocument }, ...readErrors() },
  },
  {
    method: "POST",
    path: "/api/workflow/executions/{workflowId}/steps/{stepNumber}/start",
    summary: "An executor starts a queued `external` step (seed 002 start_workflow_step)",
    tag: STEPS,
    permission: "runs:report",
    params: stepParams,
    responses: { 200: { description: stepDocument }, ...pick(400, 401, 403, 404, 409) },
  },
  {
    method: "POST",
    path: "/api/workflow/executions/{workflowId}/steps/{stepNumber}/complete",
    summary: "An executor reports a step's outcome (seed 002 complete_workflow_step)",
    tag: STEPS,
    permission: "runs:report",
    params: stepParams,
    body: completeStepBody,
    responses: { 200: { description: stepDocument }, ...writeErrors() },
  },
  {
    method: "POST",
    path: "/api/workflow/executions/{workflowId}/steps/{stepNumber}/retry",
    summary: "Retry a failed, timed-out or cancelled step (seed 002 retry_workflow_step)",
    tag: STEPS,
    permission: "runs:operate",
    params: stepParams,
    responses: { 200: { description: stepDocument }, ...pick(400, 401, 403, 404, 409) },
  },
  {
    method: "POST",
    path: "/api/workflow/executions/{workflowId}/steps/{stepNumber}/events",
    summary: "Append an event to the step's timeline",
    description: `One event per request; types step.* and run.* are reserved for the engine. ${limitsNote}`,
    tag: STEPS,
    permission: "runs:report",
    params: stepParams,
    body: eventBody,
    responses: {
      201: { description: "{workflow_id, step_number, event, reported_events}" },
      ...writeErrors(),
      ...pick(413, 422),
    },
  },
  {
    method: "POST",
    path: "/api/workflow/executions/{workflowId}/steps/{stepNumber}/screenshots",
    summary: "Attach a screenshot: a link (JSON) or an uploaded image (multipart/form-data, field `file`)",
    description: `multipart fields: file (required), ${Object.keys(screenshotUploadFields.shape).join(", ")}. ${limitsNote}`,
    tag: STEPS,
    permission: "runs:report",
    params: stepParams,
    body: screenshotLinkBody,
    bodyContentType: "application/json | multipart/form-data",
    responses: {
      201: { description: "{workflow_id, step_number, index, screenshot} (never the image bytes)" },
      ...writeErrors(),
      ...pick(413, 422),
    },
  },
  {
    method: "GET",
    path: "/api/workflow/executions/{workflowId}/steps/{stepNumber}/screenshots/{index}",
    summary: "The image of an uploaded screenshot",
    tag: STEPS,
    permission: "runs:read_own",
    params: screenshotParams,
    responses: {
      200: { description: "The image bytes", contentType: "image/png | image/jpeg | image/webp" },
      ...readErrors(),
    },
  },
  {
    method: "POST",
    path: "/api/workflow/executions/{workflowId}/steps/{stepNumber}/approve",
    summary: "Approve or reject a step waiting for approval",
    description:
      "403 for callers who are not approvers of the step; 409 for a second decision or a step not waiting.",
    tag: STEPS,
    permission: "runs:approve",
    params: stepParams,
    body: approveBody,
    responses: {
      200: { description: `{decision, approvals: {approved, needed}, ...${stepDocument}}` },
      ...writeErrors(),
    },
  },
  {
    method: "POST",
    path: "/api/workflow/executions/{workflowId}/steps/{stepNumber}/manual-start",
    summary: "Start a step waiting for a manual start",
    tag: STEPS,
    permission: "runs:operate",
    params: stepParams,
    responses: { 200: { description: stepDocument }, ...pick(400, 401, 403, 404, 409) },
  },
  // ── bulk, approvals, retention ──────────────────────────────────────────────────────────────
  {
    method: "POST",
    path: "/api/workflow/executions/bulk/cancel",
    summary: "Cancel many runs: {ids} (≤ 500) or {filter} (first 500 matches)",
    tag: TAG,
    permission: "runs:bulk",
    body: bulkBody,
    responses: {
      200: {
        description:
          "{action, matched, processed, succeeded, failed, limit, capped, results: [{workflow_id, ok, error?}]}",
      },
      ...pick(400, 401, 403, 415),
    },
  },
  {
    method: "POST",
    path: "/api/workflow/executions/bulk/rerun",
    summary: "Rerun many runs: {ids} (≤ 500) or {filter} (first 500 matches)",
    tag: TAG,
    permission: "runs:bulk",
    body: bulkBody,
    idempotent: true,
    responses: {
      200: {
        description:
          "{action, matched, processed, succeeded, failed, limit, capped, results: [{workflow_id, ok, new_workflow_id?, error?}]}",
      },
      ...pick(400, 401, 403, 409, 415, 422),
    },
  },
  {
    method: "GET",
    path: "/api/approvals",
    summary: "Steps waiting for the caller's decision",
    tag: "Approvals",
    permission: "runs:approve",
    query: approvalsQuery,
    responses: {
      200: {
        description:
          "{approvals: [{step_id, step_number, workflow_id, run_title, approvals: {approved, needed, progress}, …}], total}",
      },
      ...pick(400, 401, 403),
    },
  },
  {
    method: "GET",
    path: "/api/admin/retention",
    summary: "Preview how many runs a retention would delete",
    tag: "Administration",
    permission: "retention:run",
    query: retentionPreviewQuery,
    responses: {
      200: {
        description:
          "{days, runs, recently_recorded_days}: finished runs older than `days` days that were not recorded in the last recently_recorded_days days",
        schema: z.object({
          days: z.number().int(),
          runs: z.number().int(),
          recently_recorded_days: z.number().int(),
        }),
      },
      ...pick(400, 401, 403),
    },
  },
  {
    method: "POST",
    path: "/api/admin/retention",
    summary: "Apply the organization's retention now (nothing is deleted while history is kept forever)",
    tag: "Administration",
    permission: "retention:run",
    responses: {
      200: {
        description: "{success, org_id, retention_days, runs, steps, cache_entries, idempotency_keys}",
        schema: z.object({
          success: z.literal(true),
          org_id: z.uuid(),
          retention_days: z.number().int().nullable(),
          runs: z.number().int(),
          steps: z.number().int(),
          cache_entries: z.number().int(),
          idempotency_keys: z.number().int(),
        }),
      },
      ...pick(401, 403),
    },
  },
];
