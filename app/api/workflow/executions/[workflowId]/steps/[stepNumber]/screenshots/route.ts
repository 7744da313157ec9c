import { withApi } from "@/lib/api/handler";
import { presentScreenshot } from "@/lib/api/presenters";
import { engineActor, visibleRun } from "@/lib/api/runs";
import { attachScreenshot } from "@/lib/engine/external";
import { stepParams } from "../../../../schema";
import { readScreenshot, screenshotEntry } from "./upload";

/**
 * Adds a screenshot to the step: JSON {url, thumbnail_url?, action?, selector?,
 * element_found?, confidence?, metadata?} for an image stored elsewhere, or
 * multipart/form-data with a PNG, JPEG or WebP `file` (≤ 5 MB) kept with the
 * step and served at the entry's url. 409 once the run has ended; 422 past 50
 * screenshots or 20 MB of uploaded images on the step.
 */
export const POST = withApi(
  { permission: "runs:report", params: stepParams },
  async ({ principal, params, tenant, req }) => {
    const input = await readScreenshot(req);
    const added = await tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId);
      const { entry, index } = await attachScreenshot(
        tx,
        engineActor(principal, req),
        run,
        params.stepNumber,
        (i) => screenshotEntry(input, { workflowId: run.publicId, stepNumber: params.stepNumber, index: i }),
      );
      return {
        workflow_id: run.publicId,
        step_number: params.stepNumber,
        index,
        screenshot: presentScreenshot(entry),
      };
    });
    return Response.json(added, { status: 201 });
  },
);
