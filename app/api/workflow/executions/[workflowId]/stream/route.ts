import { withApi } from "@/lib/api/handler";
import { visibleRun } from "@/lib/api/runs";
import { liveHub } from "@/lib/live/hub";
import { FINAL_EVENT_SUFFIX, runEventStream } from "@/lib/live/run-stream";
import { terminalRunStatuses } from "@/db/schema/enums";
import { runParams } from "../../schema";

export const dynamic = "force-dynamic";

/**
 * Live updates of one run as Server-Sent Events (see lib/live/run-stream.ts for the events). One
 * LISTEN per process serves every open stream. A reconnect (Last-Event-ID) gets a fresh snapshot;
 * a reconnect after the final event of a finished run gets 204, which tells EventSource to stop.
 */
export const GET = withApi(
  { permission: "runs:read_own", params: runParams },
  async ({ principal, params, tenant, req }) => {
    const run = await tenant((tx) => visibleRun(tx, principal, params.workflowId, { approver: true }));
    const lastEventId = req.headers.get("last-event-id");
    if (
      lastEventId?.endsWith(FINAL_EVENT_SUFFIX) &&
      (terminalRunStatuses as readonly string[]).includes(run.status)
    ) {
      return new Response(null, { status: 204 });
    }
    const stream = runEventStream({
      runId: run.id,
      orgId: principal.orgId,
      hub: liveHub(),
      tenant,
      signal: req.signal,
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  },
);
