import "server-only";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { jobDescriptions, users, workflowRunSteps, workflowRuns } from "@/db/schema";
import { type AuditActor, audit } from "@/lib/audit";
import type { ImportRun, LegacyFormat } from "./legacy";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RUN_CHUNK = 500;
const STEP_CHUNK = 1000;
const LOOKUP_CHUNK = 1000;

export type ImportActor = AuditActor & { userId: string };

export type ImportedRunReport = {
  index: number;
  legacy_id: string;
  outcome: "created" | "skipped_existing";
  /** The run's public id: the new one, or the one an earlier import created. */
  workflow_id: string | null;
  status: string;
  steps: number;
  /** Fields the record did not carry and that got a fallback. */
  defaulted: string[];
};

export type ImportReport = {
  format: LegacyFormat | "mixed";
  total: number;
  created: number;
  skipped_existing: number;
  runs: ImportedRunReport[];
};

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Writes parsed legacy runs into the caller's tenant transaction: runs already imported (same
 * legacy id in the organization) are skipped, JDs are matched by public id, started_by is the
 * user the record names when that user belongs to the organization and the importer otherwise.
 * ON CONFLICT on (org_id, legacy_id) makes two concurrent imports of one file create each run once.
 */
export async function writeImport(
  tx: Tx,
  actor: ImportActor,
  format: LegacyFormat | "mixed",
  runs: ImportRun[],
): Promise<ImportReport> {
  const orgId = actor.orgId;
  const existing = new Map<string, string>();
  for (const ids of chunks(
    runs.map((r) => r.legacyId),
    LOOKUP_CHUNK,
  )) {
    const found = await tx
      .select({ legacyId: workflowRuns.legacyId, publicId: workflowRuns.publicId })
      .from(workflowRuns)
      .where(
        and(
          eq(workflowRuns.orgId, orgId),
          isNotNull(workflowRuns.legacyId),
          inArray(workflowRuns.legacyId, ids),
        ),
      );
    for (const f of found) if (f.legacyId) existing.set(f.legacyId, f.publicId);
  }
  const fresh = runs.filter((r) => !existing.has(r.legacyId));

  const jds = new Map<string, { id: string; title: string }>();
  const jdRefs = [...new Set(fresh.map((r) => r.jdRef).filter((x): x is string => !!x))];
  for (const refs of chunks(jdRefs, LOOKUP_CHUNK)) {
    const found = await tx
      .select({ id: jobDescriptions.id, publicId: jobDescriptions.publicId, title: jobDescriptions.title })
      .from(jobDescriptions)
      .where(and(eq(jobDescriptions.orgId, orgId), inArray(jobDescriptions.publicId, refs)));
    for (const j of found) jds.set(j.publicId, { id: j.id, title: j.title });
  }

  const people = new Map<string, string>();
  const userRefs = [...new Set(fresh.map((r) => r.startedByRef).filter((x): x is string => !!x))];
  const ids = userRefs.filter((r) => UUID.test(r));
  const emails = userRefs.filter((r) => r.includes("@")).map((e) => e.toLowerCase());
  for (const part of chunks(ids, LOOKUP_CHUNK)) {
    const found = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(users.id, part)));
    for (const u of found) people.set(u.id.toLowerCase(), u.id);
  }
  for (const part of chunks(emails, LOOKUP_CHUNK)) {
    const found = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(sql`lower(${users.email})`, part)));
    for (const u of found) people.set(u.email.toLowerCase(), u.id);
  }

  const created = new Map<string, { id: string; publicId: string }>();
  const defaultedOf = new Map<string, string[]>();
  for (const part of chunks(fresh, RUN_CHUNK)) {
    const values = part.map((r) => {
      const jd = r.jdRef ? jds.get(r.jdRef) : undefined;
      const named = r.startedByRef ? people.get(r.startedByRef.toLowerCase()) : undefined;
      const jdTitle = r.jdTitle ?? jd?.title ?? null;
      // a title taken from the matched JD is not a fallback
      const defaulted = r.defaulted.filter((f) => f !== "jd_title" || !jdTitle);
      if (!named) defaulted.push("started_by");
      defaultedOf.set(r.legacyId, defaulted);
      return {
        orgId,
        legacyId: r.legacyId,
        source: "import" as const,
        channel: "web" as const,
        externalId: r.externalId,
        status: r.status,
        title: jdTitle ?? `Imported run ${r.externalId}`,
        startedBy: named ?? actor.userId,
        jdId: jd?.id ?? null,
        jdTitle,
        totalResumes: r.totalResumes,
        processedResumes: r.processedResumes,
        progress: r.progress,
        metrics: r.metrics,
        results: r.results,
        context: r.context,
        errorMessage: r.errorMessage,
        errorDetails: r.errorDetails,
        startedAt: r.startedAt,
        completedAt: r.completedAt,
        durationMs: r.durationMs,
        createdAt: r.createdAt,
      };
    });
    const inserted = await tx
      .insert(workflowRuns)
      .values(values)
      .onConflictDoNothing({ target: [workflowRuns.orgId, workflowRuns.legacyId] })
      .returning({ id: workflowRuns.id, legacyId: workflowRuns.legacyId, publicId: workflowRuns.publicId });
    for (const row of inserted)
      if (row.legacyId) created.set(row.legacyId, { id: row.id, publicId: row.publicId });
    // a concurrent import won the race for the rest: they exist now
    const lost = part.filter((r) => !created.has(r.legacyId)).map((r) => r.legacyId);
    if (lost.length) {
      const found = await tx
        .select({ legacyId: workflowRuns.legacyId, publicId: workflowRuns.publicId })
        .from(workflowRuns)
        .where(and(eq(workflowRuns.orgId, orgId), inArray(workflowRuns.legacyId, lost)));
      for (const f of found) if (f.legacyId) existing.set(f.legacyId, f.publicId);
    }
  }

  const steps = fresh.flatMap((r) => {
    const run = created.get(r.legacyId);
    if (!run) return [];
    return r.steps.map((s) => ({
      orgId,
      runId: run.id,
      nodeId: null,
      stepNumber: s.stepNumber,
      orderNumber: s.orderNumber,
      stepName: s.stepName,
      stepType: s.stepType,
      stepDescription: s.stepDescription,
      status: s.status,
      startedAt: s.startedAt,
      completedAt: s.completedAt,
      durationMs: s.durationMs,
      processedItems: s.processedItems,
      totalItems: s.totalItems,
      errorMessage: s.errorMessage,
      metadata: s.metadata,
      events: [
        {
          type: "step.imported",
          timestamp: (s.completedAt ?? s.startedAt ?? r.createdAt).toISOString(),
          data: { legacy_id: r.legacyId },
        },
      ],
    }));
  });
  for (const part of chunks(steps, STEP_CHUNK)) await tx.insert(workflowRunSteps).values(part);

  const report: ImportReport = {
    format,
    total: runs.length,
    created: 0,
    skipped_existing: 0,
    runs: runs.map((r) => {
      const run = created.get(r.legacyId);
      if (run) {
        return {
          index: r.index,
          legacy_id: r.legacyId,
          outcome: "created",
          workflow_id: run.publicId,
          status: r.status,
          steps: r.steps.length,
          defaulted: defaultedOf.get(r.legacyId) ?? r.defaulted,
        };
      }
      return {
        index: r.index,
        legacy_id: r.legacyId,
        outcome: "skipped_existing",
        workflow_id: existing.get(r.legacyId) ?? null,
        status: r.status,
        steps: r.steps.length,
        defaulted: [],
      };
    }),
  };
  report.created = report.runs.filter((r) => r.outcome === "created").length;
  report.skipped_existing = report.total - report.created;
  await audit(tx, actor, {
    action: "runs.import",
    resourceType: "workflow_run",
    details: {
      format,
      total: report.total,
      created: report.created,
      skipped_existing: report.skipped_existing,
    },
  });
  return report;
}
