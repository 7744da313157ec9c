import { eq } from "drizzle-orm";
import { stepApprovals } from "@/db/schema";
import type { StepHandler } from "../types";

/** An approval step is a pure gate: the engine held it until enough approvers agreed. */
export const approvalHandler: StepHandler = async ({ step, tenant }) => {
  const decisions = await tenant((tx) =>
    tx
      .select({ userId: stepApprovals.userId, comment: stepApprovals.comment })
      .from(stepApprovals)
      .where(eq(stepApprovals.stepId, step.id)),
  );
  return {
    output: { approved: true, approvals: decisions.length, approved_by: decisions.map((d) => d.userId) },
  };
};

/** A manual step: the user's start is the work (a phone screen done, a document checked). */
export const manualHandler: StepHandler = async ({ step }) => {
  const started = [...step.events].reverse().find((e) => e.type === "step.manual_start");
  return { output: { started_by: started?.data?.by ?? null } };
};

/** A delay step: the engine already waited delay_in_seconds in `scheduled`. */
export const delayHandler: StepHandler = async ({ step }) => ({
  output: { waited_seconds: step.delayInSeconds ?? 0 },
});
