// POST /api/inbound/email: raw MIME messages with base64 attachments (a PDF, a DOCX, a .txt and an
// image that must be ignored) become resumes and an intake run on channel `email`; refusals are 422
// and audited; the same Message-ID twice returns the first result and writes nothing.
import { createHash, randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/inbound/email/route";
import { auditLogs, organizations, resumes, workflowRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { buildDocx, buildPdf } from "@/lib/agents/matching/sample-files";
import { parseInboundEmail, sniffResume } from "@/lib/import/email";
import { intakeNeeds } from "@/lib/import/intake";
import { AI_RESUME_MATCHING_KEY, ensureBuiltinWorkflows } from "@/lib/workflows/builtin";
import { call, makeTenant, useTestDb } from "../../helpers/api";
import { describeDrivers } from "../../helpers/db";
import { makeWorkflow } from "../../helpers/engine";
import { makeJobDescription, makeResume } from "../../helpers/factories";
import { writeFingerprint } from "../../helpers/fuzz";

type Part = { name: string; type: string; bytes: Uint8Array; inline?: boolean };

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3,
]);
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** A raw RFC 822 message: multipart/mixed, a text body, each attachment base64 in 76-column lines. */
function mime(opts: {
  messageId?: string | null;
  from?: string;
  subject?: string;
  parts?: Part[];
  body?: string;
}): string {
  const boundary = `b-${randomUUID()}`;
  const headers = [
    `From: ${opts.from ?? "Jane Candidate <jane@example.test>"}`,
    "To: jobs@runledger.test",
    `Subject: ${opts.subject ?? "Application: backend engineer"}`,
    "Date: Tue, 12 Nov 2024 10:00:00 +0000",
    ...(opts.messageId === null
      ? []
      : [`Message-ID: <${opts.messageId ?? `${randomUUID()}@mail.example.test`}>`]),
    "MIME-Version: 1.0",
  ];
  if (!opts.parts?.length) {
    return [
      ...headers,
      "Content-Type: text/plain; charset=utf-8",
      "",
      opts.body ?? "Hello, my resume is attached.",
      "",
    ].join("\r\n");
  }
  const lines = [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, "", `--${boundary}`];
  lines.push(
    "Content-Type: text/plain; charset=utf-8",
    "",
    opts.body ?? "Hello, please find my resume attached.",
    "",
  );
  for (const p of opts.parts) {
    const b64 = Buffer.from(p.bytes).toString("base64").replace(/.{76}/g, "$&\r\n");
    lines.push(
      `--${boundary}`,
      `Content-Type: ${p.type}; name="${p.name}"`,
      `Content-Disposition: ${p.inline ? "inline" : "attachment"}; filename="${p.name}"`,
      "Content-Transfer-Encoding: base64",
      "",
      b64,
      "",
    );
  }
  lines.push(`--${boundary}--`, "");
  return lines.join("\r\n");
}

const RFC822 = { "content-type": "message/rfc822" };

describe("io: inbound e-mail parsing (pure)", () => {
  it("recognises resumes by their bytes, not by the declared type", () => {
    expect(sniffResume(buildPdf(["x"]), "cv.bin", "application/octet-stream")).toBe("pdf");
    expect(sniffResume(buildDocx(["x"]), "cv", "application/zip")).toBe("docx");
    expect(
      sniffResume(new TextEncoder().encode("Jane Doe\nEngineer"), "cv.txt", "application/octet-stream"),
    ).toBe("txt");
    expect(sniffResume(PNG, "cv.pdf", "application/pdf")).toMatch(/not a PDF/);
    expect(sniffResume(new Uint8Array(), "cv.txt", "text/plain")).toBe("empty attachment");
  });

  it("reads Message-ID, From and Subject; a message without Message-ID gets the hash of its bytes", async () => {
    const raw = mime({
      messageId: null,
      subject: "=?utf-8?q?Bewerbung_M=C3=BCller?=",
      parts: [{ name: "a.txt", type: "text/plain", bytes: new TextEncoder().encode("cv") }],
    });
    const email = await parseInboundEmail(new TextEncoder().encode(raw));
    expect(email).toMatchObject({
      from: "jane@example.test",
      subject: "Bewerbung Müller",
      messageIdSynthetic: true,
    });
    expect(email.messageId).toBe(`sha256:${sha(new TextEncoder().encode(raw))}`);
  });
});

describeDrivers("io: inbound e-mail", (ctx) => {
  let T: Awaited<ReturnType<typeof makeTenant>>;
  let intakeWorkflowId: string;

  beforeAll(async () => {
    useTestDb(ctx().handle);
    T = await makeTenant(ctx().handle);
    // an intake workflow that waits for a person, so nothing runs behind the test's back
    const wf = await makeWorkflow(ctx().db, T.org.id, [
      { stepType: "manual", stepName: "Screen the e-mail", autoStart: false },
    ]);
    intakeWorkflowId = wf.workflowId;
    await withTenant(ctx().db, T.org.id, (tx) =>
      tx.update(organizations).set({ intakeWorkflowId }).where(eq(organizations.id, T.org.id)),
    );
  });

  const pdf = buildPdf(["Jane Candidate", "Senior backend engineer", "TypeScript, PostgreSQL"]);
  const docx = buildDocx(["Jane Candidate", "Go, Kubernetes"]);
  const txt = new TextEncoder().encode("Jane Candidate\njane@example.test\nPython and SQL\n");

  it("stores each PDF/DOCX/TXT attachment as a resume and starts the intake workflow on channel email", async () => {
    const messageId = `${randomUUID()}@mail.example.test`;
    const raw = mime({
      messageId,
      parts: [
        { name: "jane.pdf", type: "application/octet-stream", bytes: pdf },
        {
          name: "jane.docx",
          type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          bytes: docx,
        },
        { name: "notes.txt", type: "text/plain", bytes: txt },
        { name: "signature.png", type: "image/png", bytes: PNG, inline: true },
      ],
    });
    const res = await call(inbound, "POST", { as: T.recruiter, rawBody: raw, headers: RFC822 });
    expect(res.status).toBe(202);
    const body = res.body as Record<string, unknown> & { resume_ids: string[]; workflow_id: string };
    expect(body).toMatchObject({
      workflow_id: expect.stringMatching(/^WF-[0-9A-HJKMNP-TV-Z]{12}$/),
      channel: "email",
      message_id: messageId,
      from: "jane@example.test",
      subject: "Application: backend engineer",
      jd_id: null,
      resumes: [
        {
          file_name: "jane.pdf",
          mime_type: "application/pdf",
          file_size: pdf.length,
          content_hash: sha(pdf),
          source: "email",
        },
        {
          file_name: "jane.docx",
          mime_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          file_size: docx.length,
          content_hash: sha(docx),
          source: "email",
        },
        {
          file_name: "notes.txt",
          mime_type: "text/plain",
          file_size: txt.length,
          content_hash: sha(txt),
          source: "email",
        },
      ],
      ignored_attachments: [
        {
          file_name: "signature.png",
          declared_type: "image/png",
          size: PNG.length,
          reason: expect.any(String),
        },
      ],
    });
    expect(body.resume_ids).toHaveLength(3);

    const stored = await withTenant(ctx().db, T.org.id, (tx) =>
      tx.select().from(resumes).where(inArray(resumes.id, body.resume_ids)),
    );
    const byName = new Map(stored.map((r) => [r.fileName, r]));
    expect(Buffer.from(byName.get("jane.pdf")!.fileData!).equals(Buffer.from(pdf))).toBe(true);
    expect(byName.get("jane.docx")).toMatchObject({
      source: "email",
      status: "uploaded",
      uploadedBy: T.recruiter.userId,
      fileSize: docx.length,
    });

    const [run] = await withTenant(ctx().db, T.org.id, (tx) =>
      tx.select().from(workflowRuns).where(eq(workflowRuns.publicId, body.workflow_id)),
    );
    expect(run).toMatchObject({
      workflowId: intakeWorkflowId,
      channel: "email",
      source: "engine",
      externalId: messageId,
      title: "Application: backend engineer",
      startedBy: T.recruiter.userId,
      resumeIds: body.resume_ids,
      totalResumes: 3,
      inputs: {
        resume_ids: body.resume_ids,
        from: "jane@example.test",
        subject: "Application: backend engineer",
        message_id: messageId,
      },
      context: { message_id: messageId, from: "jane@example.test", subject: "Application: backend engineer" },
    });
    const audit = await withTenant(ctx().db, T.org.id, (tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, "email.intake"), eq(auditLogs.resourceId, messageId))),
    );
    expect(audit).toMatchObject([
      {
        success: true,
        resourceType: "inbound_email",
        details: { workflow_id: body.workflow_id, resumes: 3 },
      },
    ]);
  });

  it("the same Message-ID again returns the first result and writes nothing", async () => {
    const raw = mime({
      parts: [{ name: "cv.txt", type: "text/plain", bytes: new TextEncoder().encode(`cv ${randomUUID()}`) }],
    });
    const first = await call(inbound, "POST", { as: T.recruiter, rawBody: raw, headers: RFC822 });
    expect(first.status).toBe(202);
    const before = await writeFingerprint(ctx().db);
    const again = await call(inbound, "POST", { as: T.recruiter, rawBody: raw, headers: RFC822 });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    // delivered again by another token of the organization: still the same message
    const third = await call(inbound, "POST", { as: T.admin, rawBody: raw, headers: RFC822 });
    expect(third.body).toEqual(first.body);
    expect(await writeFingerprint(ctx().db)).toBe(before);
  });

  it("two simultaneous deliveries of one message start one run", async () => {
    const raw = mime({
      parts: [{ name: "cv.txt", type: "text/plain", bytes: new TextEncoder().encode(`cv ${randomUUID()}`) }],
    });
    const [a, b] = await Promise.all([
      call(inbound, "POST", { as: T.recruiter, rawBody: raw, headers: RFC822 }),
      call(inbound, "POST", { as: T.manager, rawBody: raw, headers: RFC822 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 202]);
    expect(a.body.workflow_id).toBe(b.body.workflow_id);
  });

  it("a message without Message-ID is keyed by its bytes", async () => {
    const raw = mime({
      messageId: null,
      parts: [{ name: "cv.txt", type: "text/plain", bytes: new TextEncoder().encode(`cv ${randomUUID()}`) }],
    });
    const first = await call(inbound, "POST", {
      as: T.recruiter,
      rawBody: raw,
      headers: { "content-type": "text/plain" },
    });
    expect(first.status).toBe(202);
    expect(first.body.message_id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const again = await call(inbound, "POST", { as: T.recruiter, rawBody: raw, headers: RFC822 });
    expect(again.status).toBe(200);
    expect(again.body.workflow_id).toBe(first.body.workflow_id);
  });

  it("passes a job named in the subject to the workflow, and reuses a resume the organization already has", async () => {
    const jd = await withTenant(ctx().db, T.org.id, (tx) => makeJobDescription(tx, { orgId: T.org.id }));
    const bytes = new TextEncoder().encode(`uploaded before ${randomUUID()}`);
    const existing = await withTenant(ctx().db, T.org.id, (tx) =>
      makeResume(tx, {
        orgId: T.org.id,
        fileData: bytes,
        contentHash: sha(bytes),
        fileSize: bytes.length,
        source: "upload",
      }),
    );
    const res = await call(inbound, "POST", {
      as: T.recruiter,
      rawBody: mime({
        subject: `Re: ${jd.publicId} application`,
        parts: [{ name: "again.txt", type: "text/plain", bytes }],
      }),
      headers: RFC822,
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      jd_id: jd.publicId,
      resume_ids: [existing.id],
      resumes: [{ id: existing.id, source: "upload" }],
    });
    const [run] = await withTenant(ctx().db, T.org.id, (tx) =>
      tx
        .select()
        .from(workflowRuns)
        .where(eq(workflowRuns.publicId, String(res.body.workflow_id))),
    );
    expect(run).toMatchObject({ jdId: jd.id, jdTitle: jd.title, inputs: { jd_id: jd.id } });
  });

  it.each([
    [
      "no attachments",
      () => mime({}),
      "The message has no attachments: send the resume as a PDF, Word (.docx) or text file",
      [],
    ],
    [
      "only an image",
      () => mime({ parts: [{ name: "photo.png", type: "image/png", bytes: PNG }] }),
      "The message has no usable attachment: send the resume as a PDF, Word (.docx) or text file",
      [
        {
          file_name: "photo.png",
          declared_type: "image/png",
          size: PNG.length,
          reason: "not a PDF, Word (.docx) or text file",
        },
      ],
    ],
  ])("%s → 422, recorded in the audit log, nothing else written", async (_name, build, message, ignored) => {
    const messageId = `${randomUUID()}@mail.example.test`;
    const raw = build().replace(/Message-ID: <[^>]+>/, `Message-ID: <${messageId}>`);
    const before = await writeFingerprint(ctx().db);
    const res = await call(inbound, "POST", { as: T.recruiter, rawBody: raw, headers: RFC822 });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: {
        code: "unprocessable",
        message,
        details: { message_id: messageId, ignored_attachments: ignored },
      },
    });
    const audit = await withTenant(ctx().db, T.org.id, (tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, "email.intake"), eq(auditLogs.resourceId, messageId))),
    );
    expect(audit).toMatchObject([
      { success: false, userId: T.recruiter.userId, details: { reason: message, code: "unprocessable" } },
    ]);
    expect((await writeFingerprint(ctx().db)).replace(/audit_logs:\d+:[^|]*/, "")).toBe(
      before.replace(/audit_logs:\d+:[^|]*/, ""),
    );
  });

  it("an organization without an intake workflow → 422 with a clear message, recorded", async () => {
    const other = await makeTenant(ctx().handle);
    const messageId = `${randomUUID()}@mail.example.test`;
    const res = await call(inbound, "POST", {
      as: other.recruiter,
      rawBody: mime({ messageId, parts: [{ name: "cv.pdf", type: "application/pdf", bytes: pdf }] }),
      headers: RFC822,
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({
      code: "unprocessable",
      message:
        "No intake workflow is configured for this organization; an admin must choose one in Settings before e-mail can start runs",
      details: { message_id: messageId, intake_workflow_id: null },
    });
    const stored = await withTenant(ctx().db, other.org.id, (tx) =>
      tx.select().from(resumes).where(eq(resumes.orgId, other.org.id)),
    );
    expect(stored).toEqual([]);
    const audit = await withTenant(ctx().db, other.org.id, (tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, "email.intake"), eq(auditLogs.resourceId, messageId))),
    );
    expect(audit).toMatchObject([{ success: false }]);
  });

  it("an intake workflow that cannot start (deleted) → 422, recorded", async () => {
    const other = await makeTenant(ctx().handle);
    const wf = await makeWorkflow(ctx().db, other.org.id, [{ stepType: "manual", autoStart: false }]);
    await withTenant(ctx().db, other.org.id, async (tx) => {
      await tx
        .update(organizations)
        .set({ intakeWorkflowId: wf.workflowId })
        .where(eq(organizations.id, other.org.id));
      // soft-deleted since: the setting points at nothing usable
      await tx.execute(
        sql`update workflows set is_deleted = true, deleted_at = now() where id = ${wf.workflowId}`,
      );
    });
    const res = await call(inbound, "POST", {
      as: other.admin,
      rawBody: mime({ parts: [{ name: "cv.pdf", type: "application/pdf", bytes: pdf }] }),
      headers: RFC822,
    });
    expect(res.status).toBe(422);
    expect(res.body.error?.message).toBe(
      "The organization's intake workflow no longer exists; an admin must choose another one in Settings",
    );
  });

  it.each([
    [
      "a session cookie",
      { viaCookie: true },
      403,
      "Inbound e-mail is accepted from API tokens only (the mail gateway's token)",
    ],
    ["an analyst's token", { role: "analyst" as const }, 403, "Your role (analyst) may not do this"],
    [
      "JSON",
      { headers: { "content-type": "application/json" } },
      415,
      "Send the raw message as message/rfc822 (or text/plain)",
    ],
    [
      "a declared 26 MB body",
      { headers: { ...RFC822, "content-length": String(26 * 1024 * 1024) } },
      413,
      "Body exceeds 26214400 bytes",
    ],
    ["an empty body", { rawBody: "" }, 400, "The body is empty; send the raw RFC 822 message"],
  ])("%s → %s", async (_name, opts, status, message) => {
    const as = "role" in opts ? T[opts.role] : T.recruiter;
    const res = await call(inbound, "POST", {
      as,
      viaCookie: "viaCookie" in opts,
      rawBody:
        "rawBody" in opts
          ? opts.rawBody
          : mime({ parts: [{ name: "cv.pdf", type: "application/pdf", bytes: pdf }] }),
      headers: "headers" in opts ? opts.headers : RFC822,
    });
    expect(res.status).toBe(status);
    expect(res.body.error?.message).toBe(message);
  });
});

describe("io: what an intake workflow needs from a message (pure)", () => {
  const field = (name: string, extra: Record<string, unknown> = {}) => ({ name, type: "string", ...extra });
  it.each([
    ["a manual step", [{ id: "a", stepType: "manual" as const, ioSchema: null }], [], false, []],
    [
      "a JD reader",
      [{ id: "a", stepType: "jd_reading" as const, ioSchema: { inputs: [], outputs: [] } }],
      [],
      true,
      [],
    ],
    [
      "an HR comparator whose jd is bound",
      [{ id: "a", stepType: "hr_comparison" as const, ioSchema: { inputs: [], outputs: [] } }],
      [{ targetNodeId: "a", targetKey: "jd" }],
      true,
      [],
    ],
    [
      "a step requiring an unbound jd_id",
      [
        {
          id: "a",
          stepType: "todo" as const,
          ioSchema: { inputs: [field("jd_id", { required: true })], outputs: [] },
        },
      ],
      [],
      true,
      [],
    ],
    [
      "required inputs: bound, defaulted, from the message, or missing",
      [
        {
          id: "a",
          stepType: "todo" as const,
          ioSchema: {
            inputs: [
              field("bound", { required: true }),
              field("defaulted", { required: true, default: "x" }),
              field("resume_ids", { required: true }),
              field("subject", { required: true }),
              field("phone", { required: true }),
              field("optional"),
            ],
            outputs: [],
          },
        },
      ],
      [{ targetNodeId: "a", targetKey: "bound" }],
      false,
      ["phone"],
    ],
  ])("%s", (_name, nodes, bindings, job, missingInputs) => {
    expect(intakeNeeds(nodes, bindings)).toEqual({ job, missingInputs });
  });
});

describeDrivers("io: inbound e-mail refuses what its workflow cannot run", (ctx) => {
  let T: Awaited<ReturnType<typeof makeTenant>>;
  let other: Awaited<ReturnType<typeof makeTenant>>;
  const pdf = buildPdf(["Jane Candidate", "Senior backend engineer", "TypeScript, PostgreSQL"]);

  beforeAll(async () => {
    useTestDb(ctx().handle);
    T = await makeTenant(ctx().handle);
    other = await makeTenant(ctx().handle);
    // the intake workflow is AI Resume Matching: its JD reader and HR comparator need a job
    await withTenant(ctx().db, T.org.id, async (tx) => {
      const builtins = await ensureBuiltinWorkflows(tx, T.org.id, T.admin.userId);
      await tx
        .update(organizations)
        .set({ intakeWorkflowId: builtins[AI_RESUME_MATCHING_KEY] })
        .where(eq(organizations.id, T.org.id));
    });
  });

  /** Posts the message and checks the exact 422, its audit entry, and that nothing else was written. */
  async function refused(
    as: typeof T.recruiter,
    orgId: string,
    subject: string,
    message: string,
    details: object,
  ) {
    const messageId = `${randomUUID()}@mail.example.test`;
    const before = await writeFingerprint(ctx().db);
    const res = await call(inbound, "POST", {
      as,
      rawBody: mime({ messageId, subject, parts: [{ name: "cv.pdf", type: "application/pdf", bytes: pdf }] }),
      headers: RFC822,
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: { code: "unprocessable", message, details: { message_id: messageId, ...details } },
    });
    const strip = (f: string) => f.replace(/audit_logs:\d+:[^|]*/, "");
    expect(strip(await writeFingerprint(ctx().db))).toBe(strip(before));
    const audit = await withTenant(ctx().db, orgId, (tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, "email.intake"), eq(auditLogs.resourceId, messageId))),
    );
    expect(audit).toMatchObject([{ success: false, details: { reason: message, code: "unprocessable" } }]);
  }

  it("no JD-… in the subject → 422 asking for one; no run, no resume", async () => {
    await refused(
      T.recruiter,
      T.org.id,
      "Application: backend engineer",
      "Put the job id (JD-…) in the subject and send the message again",
      { jd_id: null },
    );
  });

  it("a JD-… that is not a job of the organization (unknown, or another organization's) → 422", async () => {
    await refused(
      T.recruiter,
      T.org.id,
      "Application for JD-000999999",
      "No job JD-000999999 exists in this organization: put the id of one of its jobs (JD-…) in the subject and send the message again",
      { jd_id: "JD-000999999" },
    );
    const foreign = await withTenant(ctx().db, other.org.id, (tx) =>
      makeJobDescription(tx, { orgId: other.org.id }),
    );
    await refused(
      T.recruiter,
      T.org.id,
      `Application for ${foreign.publicId}`,
      `No job ${foreign.publicId} exists in this organization: put the id of one of its jobs (JD-…) in the subject and send the message again`,
      { jd_id: foreign.publicId },
    );
  });

  it("an intake workflow needing inputs no e-mail carries → 422 naming them", async () => {
    const wf = await makeWorkflow(ctx().db, other.org.id, [
      {
        stepType: "manual",
        autoStart: false,
        ioSchema: { inputs: [{ name: "phone", type: "string", required: true }], outputs: [] },
      },
    ]);
    await withTenant(ctx().db, other.org.id, (tx) =>
      tx
        .update(organizations)
        .set({ intakeWorkflowId: wf.workflowId })
        .where(eq(organizations.id, other.org.id)),
    );
    await refused(
      other.recruiter,
      other.org.id,
      "Application",
      "The intake workflow needs inputs an e-mail cannot provide (phone); an admin must change it or choose another one in Settings",
      { missing_inputs: ["phone"] },
    );
  });

  it("a job of the organization in the subject and a resume attached → 202, the run has its jd_id", async () => {
    const jd = await withTenant(ctx().db, T.org.id, (tx) => makeJobDescription(tx, { orgId: T.org.id }));
    const res = await call(inbound, "POST", {
      as: T.recruiter,
      rawBody: mime({
        subject: `Application for ${jd.publicId}`,
        parts: [{ name: "cv.pdf", type: "application/pdf", bytes: pdf }],
      }),
      headers: RFC822,
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ jd_id: jd.publicId, status: "pending" });
  });
});
