import { ApiError, errorResponse, toApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { requestMeta } from "@/lib/audit";
import { allows } from "@/lib/auth/permissions";
import {
  EMAIL_BODY_LIMIT,
  EMAIL_CONTENT_TYPES,
  EmailParseError,
  type InboundEmail,
  parseInboundEmail,
} from "@/lib/import/email";
import { auditRejection, intakeEmail } from "@/lib/import/intake";
import { readBytesLimited } from "@/lib/api/body";

/**
 * Inbound e-mail (the mail gateway posts each raw message here with its API token): the PDF, DOCX
 * and TXT attachments become resumes and the organization's intake workflow starts on channel
 * `email` with inputs {resume_ids, from, subject, message_id}. 202 with the run; the same
 * Message-ID again → 200 with the first delivery's run and nothing new. What the workflow could not
 * run (no usable attachment, no intake workflow, no job in the subject when a step needs one) → 422
 * before anything is stored, recorded in the audit log.
 */
export const POST = withApi({ permission: "resumes:write" }, async ({ principal, req, tenant }) => {
  if (principal.kind !== "token") {
    throw new ApiError(
      "forbidden",
      "Inbound e-mail is accepted from API tokens only (the mail gateway's token)",
    );
  }
  if (!allows(principal, "runs:start")) {
    throw new ApiError("forbidden", `Your role (${principal.role}) may not start runs`);
  }
  const type = req.headers.get("content-type") ?? "";
  if (!EMAIL_CONTENT_TYPES.test(type)) {
    throw new ApiError("unsupported_media_type", "Send the raw message as message/rfc822 (or text/plain)");
  }
  const raw = await readBytesLimited(req, EMAIL_BODY_LIMIT);
  let email: InboundEmail;
  try {
    email = await parseInboundEmail(raw);
  } catch (error) {
    if (error instanceof EmailParseError) throw new ApiError("bad_request", error.message);
    throw error;
  }
  const actor = {
    orgId: principal.orgId,
    userId: principal.userId,
    apiTokenId: principal.tokenId,
    role: principal.role,
    ...requestMeta(req.headers),
  };
  let result: Awaited<ReturnType<typeof intakeEmail>>;
  try {
    result = await tenant(async (tx) => {
      const r = await intakeEmail(tx, actor, email);
      if (r.kind === "rejected") await auditRejection(tx, actor, email, r.error);
      return r;
    });
  } catch (error) {
    // the intake workflow could not start (no steps, …): nothing was stored, but the refusal is recorded
    const api = toApiError(error);
    if (api.status === 404 || api.status === 422) {
      const refusal = new ApiError(
        "unprocessable",
        `The intake workflow could not start: ${api.message}`,
        api.details,
      );
      await tenant((tx) => auditRejection(tx, actor, email, refusal));
      return errorResponse(refusal);
    }
    throw error;
  }
  if (result.kind === "rejected") return errorResponse(result.error);
  return Response.json(result.body, {
    status: result.kind === "started" ? 202 : 200,
    headers: result.kind === "replayed" ? { "idempotent-replayed": "true" } : {},
  });
});
