import { withApi } from "@/lib/api/handler";
import { runBulk } from "@/lib/api/runs";
import { cancelRun } from "@/lib/engine/runs";
import { bulkBody } from "../schema";

/** Cancels many runs, each in its own transaction; one outcome per run (a run that already ended fails alone). */
export const POST = withApi({ permission: "runs:bulk", body: bulkBody }, async (ctx) =>
  runBulk(ctx, "cancel", async (tx, actor, run) => {
    await cancelRun(tx, actor, run.id, "bulk cancel");
    return {};
  }),
);
