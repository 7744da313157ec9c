import { z } from "zod";
import { runOutcomeFields } from "../../schema";

/** Seed 002 complete_workflow_execution: an executor ends the run it drove. */
export const completeRunBody = z.strictObject({
  status: z.enum(["completed", "failed"]),
  ...runOutcomeFields,
});
