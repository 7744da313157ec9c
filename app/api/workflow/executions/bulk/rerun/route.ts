import { withApi } from "@/lib/api/handler";
import { runBulk } from "@/lib/api/runs";
import { rerunRun } from "@/lib/engine/runs";
import { bulkBody } from "../schema";

/** Starts a new run of each selected run (same workflow, channel and inputs); one outcome per run. */
export const POST = withApi({ permission: "runs:bulk", body: bulkBody, idempotent: true }, async (ctx) =>
  runBulk(ctx, "rerun", async (tx, actor, run) => {
    const fresh = await rerunRun(tx, actor, run.id);
    return { new_workflow_id: fresh.publicId };
  }),
);
