import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as resumes from "@/app/api/resumes/route";
import * as resume from "@/app/api/resumes/[resumeId]/route";
import * as resumeFile from "@/app/api/resumes/[resumeId]/file/route";
import { auditLogs, resumes as resumesTable } from "@/db/schema";
import { buildDocx, buildGarbageBytes, buildPdf } from "@/lib/agents/matching/sample-files";
import { describeDrivers } from "../../helpers/db";
import { writeFingerprint } from "../../helpers/fuzz";
import {
  call,
  expectError,
  expectValidation,
  multipart,
  orgFingerprint,
  UNKNOWN_ID,
  type UploadFile,
  resTenants,
} from "../../helpers/res-api";

type Result = {
  file_name: string;
  ok: boolean;
  resume_id?: string;
  duplicate?: boolean;
  mime_type?: string;
  file_size?: number;
  error?: { code: string; message: string };
};

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
let n = 0;
/** A PDF no other test uploads (content decides duplicates). */
const freshPdf = (label = "") =>
  buildPdf([`Jane Doe ${label} ${Date.now()} ${n++}`, "Senior Go engineer", "PostgreSQL, Kubernetes"]);

describeDrivers("resource API: resumes", (ctx) => {
  const s = resTenants(ctx);
  const upload = (
    files: UploadFile[],
    options: { as?: typeof s.A.recruiter; headers?: Record<string, string> } = {},
  ) =>
    call(resumes.POST, "POST", {
      as: options.as ?? s.A.recruiter,
      rawBody: multipart(files),
      headers: options.headers,
    });
  const results = (res: Awaited<ReturnType<typeof upload>>) => res.body.results as Result[];

  describe("POST /api/resumes (multipart)", () => {
    it("stores PDF, DOCX, TXT, Markdown and HTML with bytes, type, size and content hash; no extraction", async () => {
      const files = {
        "cv.pdf": freshPdf("pdf"),
        "cv.docx": buildDocx([`Word resume ${Date.now()}`, "TypeScript"]),
        "cv.txt": new TextEncoder().encode(`Plain text resume ${Date.now()}`),
        "cv.md": new TextEncoder().encode(`# Markdown resume ${Date.now()}\n\n- Rust`),
        "cv.html": new TextEncoder().encode(
          `<!doctype html><html><body>HTML resume ${Date.now()}</body></html>`,
        ),
        noextension: new TextEncoder().encode(`<html><body>Sniffed ${Date.now()}</body></html>`),
      };
      const res = await upload(Object.entries(files).map(([name, bytes]) => ({ name, bytes })));
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ created: 6, duplicates: 0, failed: 0 });
      const expected: Record<string, string> = {
        "cv.pdf": "application/pdf",
        "cv.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "cv.txt": "text/plain",
        "cv.md": "text/markdown",
        "cv.html": "text/html",
        noextension: "text/html",
      };
      for (const r of results(res)) {
        const bytes = files[r.file_name as keyof typeof files];
        expect(r).toEqual({
          file_name: r.file_name,
          ok: true,
          resume_id: expect.any(String),
          duplicate: false,
          mime_type: expected[r.file_name],
          file_size: bytes.byteLength,
        });
        const [row] = await s.db.select().from(resumesTable).where(eq(resumesTable.id, r.resume_id!));
        expect(row).toMatchObject({
          orgId: s.A.org.id,
          fileName: r.file_name,
          mimeType: expected[r.file_name],
          fileSize: bytes.byteLength,
          contentHash: sha(bytes),
          status: "uploaded",
          source: "upload",
          uploadedBy: s.A.recruiter.userId,
          extractedText: null,
          parsed: null,
        });
        expect(Buffer.from(row!.fileData!).equals(Buffer.from(bytes))).toBe(true);
        const audit = await s.db
          .select()
          .from(auditLogs)
          .where(and(eq(auditLogs.resourceId, r.resume_id!), eq(auditLogs.action, "resume.upload")));
        expect(audit).toHaveLength(1);
      }
    });

    it("returns the existing resume for content the organization already has (also within one request)", async () => {
      const pdf = freshPdf("dup");
      const first = await upload([{ name: "a.pdf", bytes: pdf }]);
      const id = results(first)[0]!.resume_id;
      const again = await upload([
        { name: "renamed.pdf", bytes: pdf },
        { name: "twin.txt", bytes: "twin text resume" },
        { name: "twin-copy.txt", bytes: "twin text resume" },
      ]);
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ created: 1, duplicates: 2, failed: 0 });
      const [dup, twin, twinCopy] = results(again);
      expect(dup).toEqual({ file_name: "renamed.pdf", ok: true, resume_id: id, duplicate: true });
      expect(twinCopy).toEqual({
        file_name: "twin-copy.txt",
        ok: true,
        resume_id: twin!.resume_id,
        duplicate: true,
      });
      const rows = await s.db
        .select()
        .from(resumesTable)
        .where(eq(resumesTable.contentHash, sha(pdf)));
      expect(rows).toHaveLength(1);
      // another organization's identical file is not a duplicate across tenants
      const other = await upload([{ name: "a.pdf", bytes: pdf }], { as: s.B.recruiter });
      expect(results(other)[0]).toMatchObject({ ok: true, duplicate: false });
      expect(results(other)[0]!.resume_id).not.toBe(id);
    });

    it("207 for a mix, with each refused file's reason; oversized files are refused one by one", async () => {
      const big = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x61);
      const res = await upload([
        { name: "good.pdf", bytes: freshPdf("mix") },
        { name: "garbage.pdf", bytes: buildGarbageBytes(4096) },
        { name: "big.txt", bytes: big },
        { name: "virus.exe", bytes: "MZ not really" },
        { name: "liar.docx", bytes: freshPdf("liar") },
        { name: "text.pdf", bytes: "just text pretending" },
        { name: "empty.txt", bytes: "" },
        { name: "C:\\fakepath\\windows.txt", bytes: `from windows ${Date.now()}` },
      ]);
      expect(res.status).toBe(207);
      expect(res.body).toMatchObject({ created: 2, duplicates: 0, failed: 6 });
      const byName = Object.fromEntries(results(res).map((r) => [r.file_name, r]));
      expect(byName["good.pdf"]?.ok).toBe(true);
      expect(byName["windows.txt"]?.ok).toBe(true);
      expect(byName["garbage.pdf"]?.error?.code).toBe("unsupported_media_type");
      expect(byName["big.txt"]?.error).toEqual({
        code: "payload_too_large",
        message: "The file exceeds 10 MB",
      });
      expect(byName["virus.exe"]?.error?.message).toMatch(/\.exe are not supported/);
      expect(byName["liar.docx"]?.error?.message).toBe("The file is named .docx but its content is a PDF");
      expect(byName["text.pdf"]?.error?.message).toBe("The file is named .pdf but its content is text");
      expect(byName["empty.txt"]?.error).toEqual({ code: "unprocessable", message: "The file is empty" });
      for (const r of results(res).filter((x) => !x.ok))
        expect(Object.keys(r).sort()).toEqual(["error", "file_name", "ok"]);
    });

    it("422 when no file is accepted, and nothing is written", async () => {
      const before = await writeFingerprint(s.db);
      const res = await upload([
        { name: "noise.bin", bytes: buildGarbageBytes(2048) },
        { name: "noise", bytes: buildGarbageBytes(2048, 7) },
      ]);
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: "unprocessable", message: "No file could be stored" });
      expect((res.body.error?.details as { results: Result[] } | undefined)?.results).toHaveLength(2);
      expect(res.body).toMatchObject({ created: 0, duplicates: 0, failed: 2 });
      expect(await writeFingerprint(s.db)).toBe(before);
    });

    it("413 for more than 50 files and for bodies over 60 MB; 415, 400 for malformed requests", async () => {
      const many = Array.from({ length: 51 }, (_, i) => ({ name: `f${i}.txt`, bytes: `resume ${i}` }));
      expectError(await upload(many), 413, "payload_too_large", {
        message: "At most 50 files per request (got 51)",
      });
      const chunk = new Uint8Array(9 * 1024 * 1024).fill(0x62);
      const huge = Array.from({ length: 7 }, (_, i) => ({ name: `h${i}.txt`, bytes: chunk }));
      expectError(await upload(huge), 413, "payload_too_large", {
        message: `Body exceeds ${60 * 1024 * 1024} bytes`,
      });
      expectError(
        await call(resumes.POST, "POST", {
          as: s.A.recruiter,
          rawBody: "x",
          headers: {
            "content-type": "multipart/form-data; boundary=abc",
            "content-length": String(61 * 1024 * 1024),
          },
        }),
        413,
        "payload_too_large",
      );
      expectError(
        await call(resumes.POST, "POST", { as: s.A.recruiter, body: { files: [] } }),
        415,
        "unsupported_media_type",
        {
          message: "Send the files as multipart/form-data in the field 'files'",
        },
      );
      expectError(
        await call(resumes.POST, "POST", {
          as: s.A.recruiter,
          rawBody: "--abc\r\nbroken",
          headers: { "content-type": "multipart/form-data; boundary=abc" },
        }),
        400,
        "bad_request",
        { message: "The multipart body could not be parsed" },
      );
      const form = multipart([{ name: "a.txt", bytes: "x" }], { note: "hello" });
      expectValidation(await call(resumes.POST, "POST", { as: s.A.recruiter, rawBody: form }), ["body.note"]);
      const textFile = new FormData();
      textFile.append("files", "not a file");
      expectValidation(await call(resumes.POST, "POST", { as: s.A.recruiter, rawBody: textFile }), [
        "body.files.0",
      ]);
      const none = new FormData();
      none.append("other", "x");
      expectValidation(await call(resumes.POST, "POST", { as: s.A.recruiter, rawBody: none }), [
        "body.other",
        "body.files",
      ]);
    });

    it("401/403 before reading anything", async () => {
      expectError(
        await call(resumes.POST, "POST", { rawBody: multipart([{ name: "a.txt", bytes: "x" }]) }),
        401,
        "unauthorized",
      );
      expectError(
        await call(resumes.POST, "POST", {
          as: s.A.analyst,
          rawBody: multipart([{ name: "a.txt", bytes: "x" }]),
        }),
        403,
        "forbidden",
      );
    });

    it("Idempotency-Key: same files replay the stored response; other files with the key are 422", async () => {
      const key = `upload-${Date.now()}`;
      const pdf = freshPdf("idem");
      const first = await upload([{ name: "idem.pdf", bytes: pdf }], { headers: { "idempotency-key": key } });
      expect(first.status).toBe(201);
      const replay = await upload([{ name: "idem.pdf", bytes: pdf }], {
        headers: { "idempotency-key": key },
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.body).toEqual(first.body);
      expectError(
        await upload([{ name: "idem.pdf", bytes: freshPdf("other") }], {
          headers: { "idempotency-key": key },
        }),
        422,
        "unprocessable",
      );
    });
  });

  describe("GET /api/resumes, GET/DELETE /api/resumes/{id}, GET …/file", () => {
    it("lists without bytes or text, searches names, pages by cursor", async () => {
      const tag = `list${Date.now()}`;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await upload([{ name: `${tag}-${i}.txt`, bytes: `${tag} resume ${i}` }]);
        ids.push(results(res)[0]!.resume_id!);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await call(resumes.GET, "GET", {
          as: s.A.manager,
          query: { q: tag, limit: "2", ...(cursor ? { cursor } : {}) },
        });
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(5);
        for (const r of res.body.resumes as Record<string, unknown>[]) {
          expect(r).not.toHaveProperty("file_data");
          expect(r).not.toHaveProperty("extracted_text");
          expect(r.has_file).toBe(true);
          seen.push(String(r.id));
        }
        cursor = (res.body.next_cursor as string | null) ?? undefined;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
      expectValidation(await call(resumes.GET, "GET", { as: s.A.manager, query: { status: "bogus" } }), [
        "query.status.0",
      ]);
      expectError(await call(resumes.GET, "GET", { as: s.A.analyst }), 403, "forbidden");
    });

    it("detail has the extracted text; DELETE soft-deletes (idempotent, audited once) and hides it and its file", async () => {
      const res = await upload([{ name: "del.txt", bytes: `to delete ${Date.now()}` }]);
      const id = results(res)[0]!.resume_id!;
      await s.db.update(resumesTable).set({ extractedText: "extracted!" }).where(eq(resumesTable.id, id));
      const detail = await call(resume.GET, "GET", { as: s.A.recruiter, params: { resumeId: id } });
      expect(detail.body).toMatchObject({
        id,
        extracted_text: "extracted!",
        status: "uploaded",
        is_deleted: false,
      });
      const del = await call(resume.DELETE, "DELETE", { as: s.A.recruiter, params: { resumeId: id } });
      expect(del.status).toBe(200);
      expect(del.body.is_deleted).toBe(true);
      expect(
        (await call(resume.DELETE, "DELETE", { as: s.A.recruiter, params: { resumeId: id } })).status,
      ).toBe(200);
      const audits = await s.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.resourceId, id), eq(auditLogs.action, "resume.delete")));
      expect(audits).toHaveLength(1);
      expectError(
        await call(resume.GET, "GET", { as: s.A.recruiter, params: { resumeId: id } }),
        404,
        "not_found",
        {
          message: "Resume not found",
        },
      );
      expectError(
        await call(resumeFile.GET, "GET", { as: s.A.recruiter, params: { resumeId: id } }),
        404,
        "not_found",
      );
      const admin = await call(resume.GET, "GET", {
        as: s.A.admin,
        params: { resumeId: id },
        query: { include_deleted: "true" },
      });
      expect(admin.body.is_deleted).toBe(true);
      // a deleted file uploaded again is a new resume, not a duplicate of the deleted one
      const again = await upload([
        {
          name: "del.txt",
          bytes: (await s.db.select().from(resumesTable).where(eq(resumesTable.id, id)))[0]!.fileData!,
        },
      ]);
      expect(results(again)[0]).toMatchObject({ ok: true, duplicate: false });
    });

    it("downloads with type and disposition: PDF inline, HTML and DOCX only as attachments", async () => {
      const pdf = freshPdf("download");
      const html = new TextEncoder().encode(
        `<html><body><script>alert(1)</script>${Date.now()}</body></html>`,
      );
      const docx = buildDocx([`download ${Date.now()}`]);
      const res = await upload([
        { name: "Zoë's résumé (final).pdf", bytes: pdf },
        { name: "page.html", bytes: html },
        { name: "cv.docx", bytes: docx },
      ]);
      const [p, h, d] = results(res).map((r) => r.resume_id!);
      const getFile = (id: string) =>
        call(resumeFile.GET, "GET", { as: s.A.manager, params: { resumeId: id } });
      const pf = await getFile(p!);
      expect(pf.status).toBe(200);
      expect(pf.headers.get("content-type")).toBe("application/pdf");
      expect(pf.headers.get("content-disposition")).toBe(
        `inline; filename="Zo_'s r_sum_ (final).pdf"; filename*=UTF-8''Zo%C3%AB%27s%20r%C3%A9sum%C3%A9%20%28final%29.pdf`,
      );
      expect(pf.headers.get("x-content-type-options")).toBe("nosniff");
      expect(pf.headers.get("content-length")).toBe(String(pdf.byteLength));
      expect(Buffer.from(pf.text, "latin1").length).toBeGreaterThan(0);
      const hf = await getFile(h!);
      expect(hf.headers.get("content-type")).toBe("text/html");
      expect(hf.headers.get("content-disposition")).toMatch(/^attachment; filename="page\.html"/);
      expect(hf.headers.get("content-security-policy")).toContain("sandbox");
      expect(hf.text).toContain("<script>");
      const df = await getFile(d!);
      expect(df.headers.get("content-disposition")).toMatch(/^attachment;/);
      // the exact bytes come back
      const raw = await resumeFile.GET(
        new Request("http://runledger.test/api/x", {
          headers: { authorization: `Bearer ${s.A.manager.token}` },
        }),
        { params: Promise.resolve({ resumeId: d! }) },
      );
      expect(Buffer.from(await raw.arrayBuffer()).equals(Buffer.from(docx))).toBe(true);
    });

    it("404 for unknown and foreign resumes on every resume route; 400 for malformed ids", async () => {
      const theirs = results(
        await upload([{ name: "b.txt", bytes: `B's resume ${Date.now()}` }], { as: s.B.recruiter }),
      )[0]!.resume_id!;
      const before = await orgFingerprint(s.db, s.B.org.id);
      for (const id of [theirs, UNKNOWN_ID]) {
        expectError(
          await call(resume.GET, "GET", { as: s.A.admin, params: { resumeId: id } }),
          404,
          "not_found",
        );
        expectError(
          await call(resume.DELETE, "DELETE", { as: s.A.admin, params: { resumeId: id } }),
          404,
          "not_found",
        );
        expectError(
          await call(resumeFile.GET, "GET", { as: s.A.admin, params: { resumeId: id } }),
          404,
          "not_found",
        );
      }
      expect(await orgFingerprint(s.db, s.B.org.id)).toBe(before);
      expectValidation(await call(resume.GET, "GET", { as: s.A.admin, params: { resumeId: "nope" } }), [
        "params.resumeId",
      ]);
    });
  });
});
