import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as jobs from "@/app/api/jobs/route";
import * as job from "@/app/api/jobs/[jobId]/route";
import * as jobRestore from "@/app/api/jobs/[jobId]/restore/route";
import { auditLogs, jobDescriptions } from "@/db/schema";
import { describeDrivers } from "../../helpers/db";
import {
  call,
  crossSite,
  expectError,
  expectValidation,
  orgFingerprint,
  UNKNOWN_ID,
  resTenants,
} from "../../helpers/res-api";

type Job = { id: string; jd_id: string; title: string; is_deleted: boolean; parsed: unknown };

describeDrivers("resource API: jobs", (ctx) => {
  const s = resTenants(ctx);
  const create = async (body: Record<string, unknown> = {}, as = s.A.recruiter) => {
    const res = await call(jobs.POST, "POST", {
      as,
      body: { title: "Backend Engineer", description: "Go, PostgreSQL and Kubernetes.", ...body },
    });
    expect(res.status, res.text).toBe(201);
    return res.body as unknown as Job;
  };

  describe("POST /api/jobs", () => {
    it("creates a job with a JD- public id, audited in its transaction", async () => {
      const res = await call(jobs.POST, "POST", {
        as: s.A.recruiter,
        body: {
          title: "  Data Engineer ",
          description: "Spark and SQL",
          department: "Data",
          location: "",
          employment_type: "full_time",
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        title: "Data Engineer",
        description: "Spark and SQL",
        department: "Data",
        location: null,
        employment_type: "full_time",
        created_by: s.A.recruiter.userId,
        is_deleted: false,
        deleted_at: null,
        parsed: null,
      });
      expect(res.body.jd_id).toMatch(/^JD-[0-9A-HJKMNP-TV-Z]{12}$/);
      const entries = await s.db
        .select()
        .from(auditLogs)
        .where(
          and(
            eq(auditLogs.action, "job_description.create"),
            eq(auditLogs.resourceId, String(res.body.jd_id)),
          ),
        );
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ orgId: s.A.org.id, userId: s.A.recruiter.userId, success: true });
      expect(entries[0]!.apiTokenId).not.toBeNull();
    });

    it.each([
      ["missing fields", {}, ["body.title", "body.description"]],
      ["blank title", { title: "   ", description: "x" }, ["body.title"]],
      ["wrong type", { title: 5, description: "x" }, ["body.title"]],
      ["unknown field", { title: "t", description: "d", salary: 1 }, ["body"]],
      ["mass assignment: org_id", { title: "t", description: "d", org_id: UNKNOWN_ID }, ["body"]],
      ["mass assignment: created_by", { title: "t", description: "d", created_by: UNKNOWN_ID }, ["body"]],
      ["mass assignment: public id", { title: "t", description: "d", jd_id: "JD-000001" }, ["body"]],
      ["too long", { title: "x".repeat(301), description: "d" }, ["body.title"]],
      [
        "NUL character (PostgreSQL text cannot hold it)",
        { title: "a\u0000b", description: "d" },
        ["body.title"],
      ],
    ])("400 on %s with the field paths", async (_name, body, paths) => {
      const before = await orgFingerprint(s.db, s.A.org.id);
      const res = await call(jobs.POST, "POST", { as: s.A.recruiter, body });
      expectValidation(res, paths);
      expect(res.body.error?.message).toBe("Invalid body");
      expect(await orgFingerprint(s.db, s.A.org.id)).toBe(before);
    });

    it("400 on malformed JSON, 415 on another content type, 413 on an oversized body", async () => {
      const bad = await call(jobs.POST, "POST", {
        as: s.A.recruiter,
        rawBody: "{not json",
        headers: { "content-type": "application/json" },
      });
      expectError(bad, 400, "bad_request", { message: "Body is not valid JSON" });
      const form = await call(jobs.POST, "POST", {
        as: s.A.recruiter,
        rawBody: "title=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expectError(form, 415, "unsupported_media_type", { message: "Send the body as application/json" });
      const big = await call(jobs.POST, "POST", {
        as: s.A.recruiter,
        rawBody: JSON.stringify({ title: "t", description: "x".repeat(1024 * 1024) }),
        headers: { "content-type": "application/json" },
      });
      expectError(big, 413, "payload_too_large");
    });

    it("401 without credentials or with a bad token; 403 for analysts and cross-site cookies", async () => {
      expectError(
        await call(jobs.POST, "POST", { body: { title: "t", description: "d" } }),
        401,
        "unauthorized",
        {
          message: "Authentication required",
        },
      );
      const badToken = await call(jobs.POST, "POST", {
        body: { title: "t", description: "d" },
        headers: { authorization: "Bearer rl_nope", "x-runledger-client-address": "203.0.113.77" },
      });
      expectError(badToken, 401, "unauthorized", { message: "Invalid or revoked API token" });
      expectError(
        await call(jobs.POST, "POST", { as: s.A.analyst, body: { title: "t", description: "d" } }),
        403,
        "forbidden",
        { message: "Your role (analyst) may not do this" },
      );
      expectError(
        await call(
          jobs.POST,
          "POST",
          crossSite({ as: s.A.recruiter, body: { title: "t", description: "d" } }),
        ),
        403,
        "forbidden",
        { message: "Cross-origin request refused" },
      );
      // the same request from our own pages works
      const ok = await call(jobs.POST, "POST", {
        as: s.A.recruiter,
        viaCookie: true,
        body: { title: "t", description: "d" },
      });
      expect(ok.status).toBe(201);
    });

    it("Idempotency-Key: the same key and body replay; another body is 422; nothing is created twice", async () => {
      const key = `jobs-${Date.now()}`;
      const body = { title: "Idempotent job", description: "once" };
      const first = await call(jobs.POST, "POST", {
        as: s.A.manager,
        body,
        headers: { "idempotency-key": key },
      });
      expect(first.status).toBe(201);
      const again = await call(jobs.POST, "POST", {
        as: s.A.manager,
        body,
        headers: { "idempotency-key": key },
      });
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.body).toEqual(first.body);
      const other = await call(jobs.POST, "POST", {
        as: s.A.manager,
        body: { ...body, title: "Different" },
        headers: { "idempotency-key": key },
      });
      expectError(other, 422, "unprocessable", {
        message: "This Idempotency-Key was used with a different request",
      });
      const made = await s.db
        .select()
        .from(jobDescriptions)
        .where(eq(jobDescriptions.title, "Idempotent job"));
      expect(made).toHaveLength(1);
      // keys are per caller: another user's identical key is a new request
      const mine = await call(jobs.POST, "POST", {
        as: s.A.admin,
        body,
        headers: { "idempotency-key": key },
      });
      expect(mine.status).toBe(201);
      expect(mine.body.id).not.toBe(first.body.id);
    });
  });

  describe("GET /api/jobs", () => {
    it("searches, pages by keyset cursor without gaps or repeats, and by skip/limit", async () => {
      const tag = `kc${Date.now()}`;
      const made: string[] = [];
      for (let i = 0; i < 7; i++) made.push((await create({ title: `${tag} job ${i}` })).id);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const res = await call(jobs.GET, "GET", {
          as: s.A.analyst,
          query: { q: tag, limit: "3", ...(cursor ? { cursor } : {}) },
        });
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(7);
        seen.push(...(res.body.jobs as Job[]).map((j) => j.id));
        cursor = (res.body.next_cursor as string | null) ?? undefined;
        if (!cursor) break;
      }
      expect(seen).toEqual([...made].reverse());
      const skipped = await call(jobs.GET, "GET", {
        as: s.A.analyst,
        query: { q: tag, skip: "5", limit: "3" },
      });
      expect((skipped.body.jobs as Job[]).map((j) => j.id)).toEqual([made[1], made[0]]);
      expect(skipped.body.next_cursor).toBeNull();
      // LIKE wildcards in q are literal
      const wild = await call(jobs.GET, "GET", { as: s.A.analyst, query: { q: "%_%" } });
      expect(wild.body.total).toBe(0);
    });

    it("400 on limit > 100, a forged cursor or unknown parameters; 403 for include_deleted unless admin", async () => {
      expectValidation(await call(jobs.GET, "GET", { as: s.A.admin, query: { limit: "101" } }), [
        "query.limit",
      ]);
      expectValidation(await call(jobs.GET, "GET", { as: s.A.admin, query: { cursor: "abc" } }), [
        "query.cursor",
      ]);
      expectValidation(await call(jobs.GET, "GET", { as: s.A.admin, query: { org_id: s.B.org.id } }), [
        "query",
      ]);
      expectValidation(await call(jobs.GET, "GET", { as: s.A.admin, query: { q: "a\u0000" } }), ["query.q"]);
      expectError(
        await call(jobs.GET, "GET", { as: s.A.manager, query: { include_deleted: "true" } }),
        403,
        "forbidden",
        {
          message: "Only admins may list deleted job descriptions",
        },
      );
    });

    it("never lists another organization's jobs", async () => {
      const theirs = await create({ title: "B only job" }, s.B.recruiter);
      const res = await call(jobs.GET, "GET", {
        as: s.A.admin,
        query: { q: "B only job", include_deleted: "true" },
      });
      expect(res.body.total).toBe(0);
      expect(JSON.stringify(res.body)).not.toContain(theirs.id);
    });
  });

  describe("GET/PATCH/DELETE /api/jobs/{jobId} and restore", () => {
    it("reads by JD- id or uuid; PATCH edits and clears parsed when the text changes", async () => {
      const created = await create();
      await s.db
        .update(jobDescriptions)
        .set({ parsed: { skills: ["go"] } })
        .where(eq(jobDescriptions.id, created.id));
      const byPublic = await call(job.GET, "GET", { as: s.A.analyst, params: { jobId: created.jd_id } });
      expect(byPublic.status).toBe(200);
      expect(byPublic.body.parsed).toEqual({ skills: ["go"] });
      const byUuid = await call(job.GET, "GET", { as: s.A.analyst, params: { jobId: created.id } });
      expect(byUuid.body.jd_id).toBe(created.jd_id);

      const located = await call(job.PATCH, "PATCH", {
        as: s.A.recruiter,
        params: { jobId: created.jd_id },
        body: { location: "Remote" },
      });
      expect(located.status).toBe(200);
      expect(located.body).toMatchObject({ location: "Remote", parsed: { skills: ["go"] } });
      const retitled = await call(job.PATCH, "PATCH", {
        as: s.A.recruiter,
        params: { jobId: created.id },
        body: { description: "Rust now", department: null },
      });
      expect(retitled.body).toMatchObject({ description: "Rust now", department: null, parsed: null });
      const audits = await s.db.select().from(auditLogs).where(eq(auditLogs.resourceId, created.jd_id));
      expect(audits.map((a) => a.action).filter((a) => a === "job_description.update")).toHaveLength(2);
    });

    it("PATCH errors: 400 empty or unknown fields, status not settable; 404 unknown or foreign; 409 deleted", async () => {
      const created = await create();
      expectValidation(
        await call(job.PATCH, "PATCH", { as: s.A.recruiter, params: { jobId: created.id }, body: {} }),
        ["body"],
      );
      expectValidation(
        await call(job.PATCH, "PATCH", {
          as: s.A.recruiter,
          params: { jobId: created.id },
          body: { is_deleted: false },
        }),
        ["body"],
      );
      expectValidation(
        await call(job.PATCH, "PATCH", {
          as: s.A.recruiter,
          params: { jobId: "JD-x" },
          body: { title: "x" },
        }),
        ["params.jobId"],
      );
      expectError(
        await call(job.PATCH, "PATCH", {
          as: s.A.recruiter,
          params: { jobId: UNKNOWN_ID },
          body: { title: "x" },
        }),
        404,
        "not_found",
        { message: "Job description not found" },
      );
      const theirs = await create({}, s.B.manager);
      const before = await orgFingerprint(s.db, s.B.org.id);
      expectError(
        await call(job.PATCH, "PATCH", {
          as: s.A.admin,
          params: { jobId: theirs.jd_id },
          body: { title: "x" },
        }),
        404,
        "not_found",
      );
      expect(await orgFingerprint(s.db, s.B.org.id)).toBe(before);
      await call(job.DELETE, "DELETE", { as: s.A.recruiter, params: { jobId: created.id } });
      expectError(
        await call(job.PATCH, "PATCH", {
          as: s.A.recruiter,
          params: { jobId: created.id },
          body: { title: "x" },
        }),
        409,
        "conflict",
        { message: "Job description is deleted; restore it first" },
      );
    });

    it("DELETE soft-deletes (idempotent), hides the job, and restore brings it back exactly", async () => {
      const created = await create();
      const [before] = await s.db.select().from(jobDescriptions).where(eq(jobDescriptions.id, created.id));
      const del = await call(job.DELETE, "DELETE", { as: s.A.recruiter, params: { jobId: created.jd_id } });
      expect(del.status).toBe(200);
      expect(del.body).toMatchObject({ id: created.id, is_deleted: true });
      expect(del.body.deleted_at).toEqual(expect.any(String));
      const again = await call(job.DELETE, "DELETE", { as: s.A.recruiter, params: { jobId: created.jd_id } });
      expect(again.status).toBe(200);
      const deletes = await s.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.resourceId, created.jd_id), eq(auditLogs.action, "job_description.delete")));
      expect(deletes).toHaveLength(1);

      expectError(
        await call(job.GET, "GET", { as: s.A.manager, params: { jobId: created.id } }),
        404,
        "not_found",
      );
      const list = await call(jobs.GET, "GET", { as: s.A.manager, query: { q: created.jd_id } });
      expect(list.body.total).toBe(0);
      const asAdmin = await call(job.GET, "GET", {
        as: s.A.admin,
        params: { jobId: created.id },
        query: { include_deleted: "true" },
      });
      expect(asAdmin.body.is_deleted).toBe(true);
      const trash = await call(jobs.GET, "GET", {
        as: s.A.admin,
        query: { q: created.jd_id, include_deleted: "true" },
      });
      expect(trash.body.total).toBe(1);

      const restored = await call(jobRestore.POST, "POST", {
        as: s.A.manager,
        params: { jobId: created.id },
      });
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ is_deleted: false, deleted_at: null });
      const [after] = await s.db.select().from(jobDescriptions).where(eq(jobDescriptions.id, created.id));
      expect({ ...after, updatedAt: null }).toEqual({ ...before, updatedAt: null });
    });

    it("DELETE and restore: 404 for unknown and foreign ids, 403 for analysts", async () => {
      const theirs = await create({}, s.B.recruiter);
      const before = await orgFingerprint(s.db, s.B.org.id);
      for (const handler of [job.DELETE, jobRestore.POST]) {
        const method = handler === job.DELETE ? "DELETE" : "POST";
        expectError(
          await call(handler, method, { as: s.A.admin, params: { jobId: theirs.id } }),
          404,
          "not_found",
        );
        expectError(
          await call(handler, method, { as: s.A.admin, params: { jobId: "JD-999999999" } }),
          404,
          "not_found",
        );
        expectError(
          await call(handler, method, { as: s.A.analyst, params: { jobId: theirs.id } }),
          403,
          "forbidden",
        );
      }
      expect(await orgFingerprint(s.db, s.B.org.id)).toBe(before);
    });
  });
});
