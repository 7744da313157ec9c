import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  jobDescriptions,
  organizations,
  workflowDataBindings,
  workflowNodes,
  type Resume,
  resumes,
  type WorkflowRun,
  workflowRuns,
  workflows,
} from "@/db/schema";
import { findResumeByHash, lockContentHash } from "@/db/queries/resumes";
import type { IoSchema } from "@/db/schema/definitions";
import { type StepType, stepTypesNeedingAJob } from "@/db/schema/enums";
import { ApiError } from "@/lib/api/errors";
import { type AuditActor, audit } from "@/lib/audit";
import { JD_PUBLIC_ID_IN_TEXT } from "@/lib/public-id";
import { type Actor, startRun } from "@/lib/engine/runs";
import type { InboundEmail } from "./email";

export type IntakeResult =
  | { kind: "started" | "replayed"; body: IntakeResponse }
  | { kind: "rejected"; error: ApiError };

export type IntakeResponse = {
  workflow_id: string;
  status: WorkflowRun["status"];
  channel: "email";
  message_id: string;
  from: string | null;
  subject: string | null;
  jd_id: string | null;
  resume_ids: string[];
  resumes: {
    id: string;
    file_name: string;
    mime_type: string;
    file_size: number;
    content_hash: string;
    /** Stored by this message (`email`) or an earlier upload with the same content. */
    source: Resume["source"];
  }[];
  ignored_attachments: InboundEmail["ignored"];
};

const fileColumns = {
  id: resumes.id,
  fileName: resumes.fileName,
  mimeType: resumes.mimeType,
  fileSize: resumes.fileSize,
  contentHash: resumes.contentHash,
  source: resumes.source,
};
type StoredFile = Pick<Resume, "id" | "fileName" | "mimeType" | "fileSize" | "contentHash" | "source"> & {
  duplicate?: boolean;
};

const idempotencyKeyOf = (messageId: string) => `email:${messageId}`;

function present(
  run: WorkflowRun,
  email: InboundEmail,
  files: StoredFile[],
  jdPublicId: string | null,
): IntakeResponse {
  const byId = new Map(files.map((f) => [f.id, f]));
  return {
    workflow_id: run.publicId,
    status: run.status,
    channel: "email",
    message_id: email.messageId,
    from: email.from,
    subject: email.subject,
    jd_id: jdPublicId,
    resume_ids: run.resumeIds,
    resumes: run.resumeIds
      .map((id) => byId.get(id))
      .filter((f) => f !== undefined)
      .map((f) => ({
        id: f.id,
        file_name: f.fileName,
        mime_type: f.mimeType,
        file_size: f.fileSize,
        content_hash: f.contentHash,
        source: f.source,
      })),
    ignored_attachments: email.ignored,
  };
}

/** The run inputs an intake run gets from the message itself (jd_id only when the subject names a job). */
const INPUTS_FROM_EMAIL = new Set(["resume_ids", "from", "subject", "message_id", "jd_id"]);

/**
 * What a message must carry for the intake workflow to run: a job when a step needs one (a JD
 * reader or an HR comparator, or any step that requires an unbound `jd_id`), and the names of
 * required inputs no binding, default or message can supply (the workflow cannot run from e-mail).
 */
export function intakeNeeds(
  nodes: { id: string; stepType: StepType; ioSchema: IoSchema | null }[],
  bindings: { targetNodeId: string; targetKey: string }[],
): { job: boolean; missingInputs: string[] } {
  const bound = new Set(bindings.map((b) => `${b.targetNodeId}:${b.targetKey}`));
  let job = nodes.some((n) => (stepTypesNeedingAJob as readonly string[]).includes(n.stepType));
  const missing = new Set<string>();
  for (const n of nodes) {
    for (const field of n.ioSchema?.inputs ?? []) {
      if (!field.required || field.default !== undefined || bound.has(`${n.id}:${field.name}`)) continue;
      if (field.name === "jd_id") job = true;
      else if (!INPUTS_FROM_EMAIL.has(field.name)) missing.add(field.name);
    }
  }
  return { job, missingInputs: [...missing].sort() };
}

/** The audit entry of a refused message: who sent what, and why nothing was started. */
export async function auditRejection(
  tx: Tx,
  actor: AuditActor,
  email: InboundEmail,
  error: ApiError,
): Promise<void> {
  await audit(tx, actor, {
    action: "email.intake",
    resourceType: "inbound_email",
    resourceId: email.messageId,
    success: false,
    details: {
      reason: error.message,
      code: error.code,
      from: email.from,
      subject: email.subject,
      attachments: email.resumes.length + email.ignored.length,
      ignored_attachments: email.ignored,
    },
  });
}

/**
 * One inbound message, in the caller's tenant transaction: the same Message-ID again returns the
 * run the first delivery started and writes nothing (a transaction-scoped advisory lock on the id
 * makes two simultaneous deliveries queue, and the run's idempotency key is unique per organization).
 * Otherwise every PDF/DOCX/TXT attachment is stored as a resume (source `email`) and the
 * organization's intake workflow is started on channel `email`. Refusals (no usable attachment, no
 * intake workflow, no job in the subject when a step needs one, inputs no e-mail can give) are
 * checked before anything is written, and returned, not thrown, so the caller can commit their
 * audit entry.
 */
export async function intakeEmail(
  tx: Tx,
  actor: Actor & { userId: string },
  email: InboundEmail,
): Promise<IntakeResult> {
  const orgId = actor.orgId;
  const key = idempotencyKeyOf(email.messageId);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${orgId}:${key}`}, 0))`);
  const [previous] = await tx
    .select()
    .from(workflowRuns)
    .where(and(eq(workflowRuns.orgId, orgId), eq(workflowRuns.idempotencyKey, key)));
  if (previous) {
    const files = previous.resumeIds.length
      ? await tx
          .select(fileColumns)
          .from(resumes)
          .where(and(eq(resumes.orgId, orgId), inArray(resumes.id, previous.resumeIds)))
      : [];
    const [jd] = previous.jdId
      ? await tx
          .select({ publicId: jobDescriptions.publicId })
          .from(jobDescriptions)
          .where(eq(jobDescriptions.id, previous.jdId))
      : [];
    return { kind: "replayed", body: present(previous, email, files, jd?.publicId ?? null) };
  }

  if (!email.resumes.length) {
    return {
      kind: "rejected",
      error: new ApiError(
        "unprocessable",
        email.ignored.length
          ? "The message has no usable attachment: send the resume as a PDF, Word (.docx) or text file"
          : "The message has no attachments: send the resume as a PDF, Word (.docx) or text file",
        { message_id: email.messageId, ignored_attachments: email.ignored },
      ),
    };
  }
  const [org] = await tx
    .select({ intakeWorkflowId: organizations.intakeWorkflowId })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  const workflowId = org?.intakeWorkflowId ?? null;
  const [workflow] = workflowId
    ? await tx
        .select({ id: workflows.id, name: workflows.name })
        .from(workflows)
        .where(and(eq(workflows.id, workflowId), eq(workflows.orgId, orgId), eq(workflows.isDeleted, false)))
    : [];
  if (!workflow) {
    return {
      kind: "rejected",
      error: new ApiError(
        "unprocessable",
        workflowId
          ? "The organization's intake workflow no longer exists; an admin must choose another one in Settings"
          : "No intake workflow is configured for this organization; an admin must choose one in Settings before e-mail can start runs",
        { message_id: email.messageId, intake_workflow_id: workflowId },
      ),
    };
  }

  // refuse here what the workflow could not run, so the sender hears why now rather than a run failing later
  const needs = intakeNeeds(
    await tx
      .select({ id: workflowNodes.id, stepType: workflowNodes.stepType, ioSchema: workflowNodes.ioSchema })
      .from(workflowNodes)
      .where(and(eq(workflowNodes.orgId, orgId), eq(workflowNodes.workflowId, workflow.id))),
    await tx
      .select({ targetNodeId: workflowDataBindings.targetNodeId, targetKey: workflowDataBindings.targetKey })
      .from(workflowDataBindings)
      .where(and(eq(workflowDataBindings.orgId, orgId), eq(workflowDataBindings.workflowId, workflow.id))),
  );
  if (needs.missingInputs.length) {
    return {
      kind: "rejected",
      error: new ApiError(
        "unprocessable",
        `The intake workflow needs inputs an e-mail cannot provide (${needs.missingInputs.join(", ")}); an admin must change it or choose another one in Settings`,
        { message_id: email.messageId, missing_inputs: needs.missingInputs },
      ),
    };
  }

  // a job named in the subject ("Application for JD-000012") gives matching workflows their jd_id
  const jdRef = email.subject?.match(JD_PUBLIC_ID_IN_TEXT)?.[0] ?? null;
  const [jd] = jdRef
    ? await tx
        .select({ id: jobDescriptions.id, publicId: jobDescriptions.publicId, title: jobDescriptions.title })
        .from(jobDescriptions)
        .where(
          and(
            eq(jobDescriptions.orgId, orgId),
            eq(jobDescriptions.publicId, jdRef),
            eq(jobDescriptions.isDeleted, false),
          ),
        )
    : [];

  if (needs.job && !jd) {
    return {
      kind: "rejected",
      error: new ApiError(
        "unprocessable",
        jdRef
          ? `No job ${jdRef} exists in this organization: put the id of one of its jobs (JD-…) in the subject and send the message again`
          : "Put the job id (JD-…) in the subject and send the message again",
        { message_id: email.messageId, jd_id: jdRef },
      ),
    };
  }

  // stored like uploads: a file the organization already has (same SHA-256) is not stored twice
  const stored: StoredFile[] = [];
  for (const a of email.resumes) {
    await lockContentHash(tx, orgId, a.contentHash);
    const existing = await findResumeByHash(tx, orgId, a.contentHash);
    if (existing) {
      const [row] = await tx.select(fileColumns).from(resumes).where(eq(resumes.id, existing.id));
      if (row) {
        stored.push({ ...row, duplicate: true });
        continue;
      }
    }
    const [row] = await tx
      .insert(resumes)
      .values({
        orgId,
        fileName: a.fileName,
        mimeType: a.mimeType,
        fileSize: a.bytes.length,
        contentHash: a.contentHash,
        fileData: a.bytes,
        source: "email",
        uploadedBy: actor.userId,
      })
      .returning(fileColumns);
    stored.push({ ...row!, duplicate: false });
  }
  const resumeIds = [...new Set(stored.map((r) => r.id))];
  const run = await startRun(tx, actor, {
    workflowId: workflow.id,
    channel: "email",
    externalId: email.messageId,
    title: email.subject ?? (email.from ? `E-mail from ${email.from}` : null),
    inputs: {
      resume_ids: resumeIds,
      from: email.from,
      subject: email.subject,
      message_id: email.messageId,
      ...(jd ? { jd_id: jd.id } : {}),
    },
    context: { message_id: email.messageId, from: email.from, subject: email.subject },
    resumeIds,
    jdId: jd?.id ?? null,
    jdTitle: jd?.title ?? null,
    idempotencyKey: key,
  });
  await audit(tx, actor, {
    action: "email.intake",
    resourceType: "inbound_email",
    resourceId: email.messageId,
    details: {
      workflow_id: run.publicId,
      from: email.from,
      subject: email.subject,
      resumes: resumeIds.length,
      duplicates: stored.filter((r) => r.duplicate).length,
      ignored_attachments: email.ignored,
    },
  });
  return { kind: "started", body: present(run, email, stored, jd?.publicId ?? null) };
}
