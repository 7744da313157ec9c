import { screenshotAt } from "@/db/queries/runs";
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { visibleRun } from "@/lib/api/runs";
import { screenshotParams } from "./schema";

/** The bytes of an uploaded screenshot, with its content type. 404 for links (their url is elsewhere). */
export const GET = withApi(
  { permission: "runs:read_own", params: screenshotParams },
  async ({ principal, params, tenant }) => {
    const shot = await tenant(async (tx) => {
      const run = await visibleRun(tx, principal, params.workflowId, { approver: true });
      const found = await screenshotAt(tx, run.id, params.stepNumber, params.index);
      if (!found) throw new ApiError("not_found", `Run ${run.publicId} has no step ${params.stepNumber}`);
      return found.shot;
    });
    if (!shot) throw new ApiError("not_found", "Screenshot not found");
    if (typeof shot.data_base64 !== "string" || typeof shot.content_type !== "string") {
      throw new ApiError("not_found", "This screenshot is a link; its image is stored elsewhere", {
        url: shot.url,
      });
    }
    const bytes = Buffer.from(shot.data_base64, "base64");
    return new Response(bytes, {
      headers: {
        "content-type": shot.content_type,
        "content-length": String(bytes.byteLength),
        "cache-control": "private, max-age=86400",
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'",
        ...(typeof shot.sha256 === "string" ? { etag: `"${shot.sha256}"` } : {}),
      },
    });
  },
);
