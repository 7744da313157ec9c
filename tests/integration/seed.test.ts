import { type SQL, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Queryable } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { verifyPassword } from "@/lib/auth/password";
import { DEMO_ORG, DEMO_PASSWORD, demoAccounts } from "@/lib/demo/accounts";
import { type SeedResult, seedDemo } from "@/lib/demo/seed";
import { demoWorkflowDefinitions } from "@/lib/demo/workflows";
import { ioSchemaSchema } from "@/lib/engine/io-schema";
import {
  AI_RESUME_MATCHING_KEY,
  builtinWorkflowDefinitions,
  CANDIDATE_PIPELINE_KEY,
  ensureBuiltinWorkflows,
} from "@/lib/workflows/builtin";
import { definitionProblems } from "@/lib/workflows/definitions";
import { AdminCreateError, adminCreate, slugify } from "@/lib/workflows/provision";
import { createTestDb, describeDrivers, query } from "../helpers/db";

const NOW = new Date("2025-06-16T12:00:00.000Z");
const RUNS = 300;
const OPTIONS = { now: NOW, runs: RUNS, passwordCost: 4 } as const;

async function count(q: Queryable, statement: SQL): Promise<number> {
  const [row] = await query<{ n: number }>(q, statement);
  return Number(row?.n ?? -1);
}

/** Values a test asserts in groups: one row per key, as numbers. */
async function tally(q: Queryable, statement: SQL): Promise<Record<string, number>> {
  const found = await query<{ k: string; n: number }>(q, statement);
  return Object.fromEntries(found.map((r) => [r.k, Number(r.n)]));
}

describe("built-in and demo workflow definitions", () => {
  it("are sound and their IO schemas pass the engine's validator", () => {
    for (const definition of [...Object.values(builtinWorkflowDefinitions), ...demoWorkflowDefinitions]) {
      expect(definitionProblems(definition), definition.name).toEqual([]);
      for (const node of definition.nodes) {
        const parsed = ioSchemaSchema.safeParse(node.ioSchema);
        expect(parsed.success, `${definition.name} / ${node.stepName}: ${parsed.error?.message}`).toBe(true);
      }
    }
  });

  it("describe AI Resume Matching as the four agents in order and the candidate pipeline's gates", () => {
    const matching = builtinWorkflowDefinitions[AI_RESUME_MATCHING_KEY];
    expect(matching.nodes.map((n) => [n.stepType, n.stepName, n.config.agent])).toEqual([
      ["resume_extraction", "Resume Extractor", "resume-extractor"],
      ["jd_reading", "JD Reader", "jd-reader"],
      ["resume_reading", "Resume Reader", "resume-reader"],
      ["hr_comparison", "HR Comparator", "hr-comparator"],
    ]);
    const pipeline = builtinWorkflowDefinitions[CANDIDATE_PIPELINE_KEY];
    expect(
      pipeline.nodes.map((n) => [
        n.stepType,
        n.requiredHumanApproval,
        n.numberOfApprovalsNeeded,
        n.delayInSeconds,
        n.autoStart,
      ]),
    ).toEqual([
      ["hr_comparison", false, null, null, true],
      ["approval", true, 2, null, true],
      ["delay", false, null, 60, true],
      ["manual", false, null, null, false],
      ["interview_scheduling", false, null, null, true],
      ["todo", false, null, null, true],
    ]);
  });

  it("turn an organization name into a slug", () => {
    expect(slugify("Acme Talent, Inc.")).toBe("acme-talent-inc");
    expect(slugify("  Crème Brûlée Recruiting  ")).toBe("creme-brulee-recruiting");
    expect(slugify("!!!")).toBe("");
  });
});

describeDrivers("demo seed", (ctx) => {
  let result: SeedResult;
  let orgId: string;

  beforeAll(async () => {
    result = await seedDemo(ctx().db, OPTIONS);
    if (!result.created) throw new Error(`seed did not run: ${result.reason}`);
    orgId = result.summary.orgId;
  });

  it("creates one organization with one user per role whose password verifies", async () => {
    const { db } = ctx();
    expect(result.created).toBe(true);
    const orgs = await query<{ id: string; name: string; slug: string }>(
      db,
      sql`select id, name, slug from organizations`,
    );
    expect(orgs).toEqual([{ id: orgId, name: DEMO_ORG.name, slug: DEMO_ORG.slug }]);
    const people = await query<{
      email: string;
      role: string;
      name: string;
      password_hash: string;
      org_id: string;
    }>(db, sql`select email, role, name, password_hash, org_id from users order by email`);
    expect(people.map((u) => [u.email, u.role, u.name, u.org_id])).toEqual(
      [...demoAccounts]
        .sort((a, b) => a.email.localeCompare(b.email))
        .map((a) => [a.email, a.role, a.name, orgId]),
    );
    for (const u of people) expect(await verifyPassword(DEMO_PASSWORD, u.password_hash)).toBe(true);
    expect(await verifyPassword("wrong-password", people[0]!.password_hash)).toBe(false);
  });

  it("creates the workflows with nodes, bindings, version snapshots and channel settings", async () => {
    const { db } = ctx();
    const workflows = await query<{
      name: string;
      builtin_key: string | null;
      nodes: number;
      bindings: number;
    }>(
      db,
      sql`select w.name, w.builtin_key,
            (select count(*)::int from workflow_nodes n where n.workflow_id = w.id) as nodes,
            (select count(*)::int from workflow_data_bindings b where b.workflow_id = w.id) as bindings
          from workflows w order by w.name`,
    );
    expect(workflows).toEqual([
      { name: "AI Resume Matching", builtin_key: "ai_resume_matching", nodes: 4, bindings: 3 },
      { name: "Candidate Pipeline", builtin_key: "candidate_pipeline", nodes: 6, bindings: 1 },
      { name: "Voice screening call", builtin_key: null, nodes: 4, bindings: 4 },
      { name: "eFax document intake", builtin_key: null, nodes: 4, bindings: 2 },
    ]);
    expect(await count(db, sql`select count(*)::int as n from workflow_versions where version = 1`)).toBe(4);
    const channels = await query<{ name: string; channel: string; enabled: boolean; priority: number }>(
      db,
      sql`select w.name, c.channel, c.enabled, c.priority from workflow_channel_configs c
          join workflows w on w.id = c.workflow_id where w.builtin_key = 'ai_resume_matching' order by c.priority desc`,
    );
    expect(channels).toEqual([
      { name: "AI Resume Matching", channel: "web", enabled: true, priority: 10 },
      { name: "AI Resume Matching", channel: "api", enabled: true, priority: 5 },
    ]);
  });

  it("creates versioned configs with one active version per scope, and every channel's settings", async () => {
    const { db } = ctx();
    expect(
      await tally(
        db,
        sql`select scope || ':' || coalesce(channel, '-') || ':' || is_active::text as k, count(*)::int as n
            from workflow_configs group by 1`,
      ),
    ).toEqual({
      "global:-:true": 1,
      "global:-:false": 2,
      "channel:voice:true": 1,
      "channel:voice:false": 1,
      "channel:efax:true": 1,
      "channel:web:true": 1,
      "workflow:-:true": 1,
      "workflow:-:false": 1,
    });
    expect(
      await tally(
        db,
        sql`select channel as k, (case when is_active then 1 else 0 end) as n from channel_configs`,
      ),
    ).toEqual({ web: 1, voice: 1, efax: 1, api: 1, email: 0 });
  });

  it("stores 8 job descriptions and 40 text resumes with their bytes, hash and text", async () => {
    const { db } = ctx();
    const jds = await query<{ public_id: string; description: string }>(
      db,
      sql`select public_id, description from job_descriptions order by public_id`,
    );
    expect(jds).toHaveLength(8);
    for (const jd of jds) {
      expect(jd.public_id).toMatch(/^JD-[0-9A-HJKMNP-TV-Z]{12}$/);
      expect(jd.description).toContain("\nRequirements\n");
      expect(jd.description).toContain("\nNice to have\n");
    }
    const resumes = await query<{
      n: number;
      ok_hash: number;
      ok_text: number;
      extracted: number;
      plain: number;
    }>(
      db,
      sql`select count(*)::int as n,
            count(*) filter (where content_hash = encode(sha256(file_data), 'hex'))::int as ok_hash,
            count(*) filter (where extracted_text = convert_from(file_data, 'UTF8'))::int as ok_text,
            count(*) filter (where status = 'extracted')::int as extracted,
            count(*) filter (where mime_type = 'text/plain' and file_size = octet_length(file_data))::int as plain
          from resumes`,
    );
    expect(resumes).toEqual([{ n: 40, ok_hash: 40, ok_text: 40, extracted: 40, plain: 40 }]);
    expect(await count(db, sql`select count(distinct candidate_name)::int as n from resumes`)).toBe(40);
  });

  it("creates 300 runs over 60 days with every terminal status, live runs and all four channels", async () => {
    const { db } = ctx();
    expect(await count(db, sql`select count(*)::int as n from workflow_runs`)).toBe(RUNS);
    const byStatus = await tally(
      db,
      sql`select status as k, count(*)::int as n from workflow_runs group by 1`,
    );
    for (const status of ["completed", "failed", "cancelled", "timeout"])
      expect(byStatus[status]).toBeGreaterThan(0);
    expect(byStatus.active).toBe(4);
    expect(byStatus.waiting).toBe(4);
    expect(byStatus.completed).toBeGreaterThan(RUNS / 2);
    const byChannel = await tally(
      db,
      sql`select channel as k, count(*)::int as n from workflow_runs group by 1`,
    );
    expect(Object.keys(byChannel).sort()).toEqual(["api", "efax", "voice", "web"]);
    const window = await query<{ oldest: string; newest: string; bad_ids: number; no_starter: number }>(
      db,
      sql`select min(started_at)::text as oldest, max(started_at)::text as newest,
            count(*) filter (where public_id !~ '^WF-[0-9A-HJKMNP-TV-Z]{12}$')::int as bad_ids,
            count(*) filter (where started_by is null)::int as no_starter
          from workflow_runs`,
    );
    expect(new Date(window[0]!.oldest).getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 61 * 86_400_000);
    expect(new Date(window[0]!.newest).getTime()).toBeLessThan(NOW.getTime());
    expect(window[0]!.bad_ids).toBe(0);
    expect(window[0]!.no_starter).toBe(0);
    // runs are started by the recruiter and the manager only
    expect(
      await tally(
        db,
        sql`select u.role as k, count(*)::int as n from workflow_runs r join users u on u.id = r.started_by group by 1`,
      ),
    ).toEqual({ recruiter: expect.any(Number), manager: expect.any(Number) });
    // terminal runs have an end, a duration and ended before now; live ones have neither
    expect(
      await count(
        db,
        sql`select count(*)::int as n from workflow_runs
            where (status in ('completed','failed','cancelled','timeout')) <> (completed_at is not null and duration_ms is not null)
               or completed_at > ${NOW.toISOString()}::timestamptz
               or duration_ms <> (extract(epoch from completed_at - started_at) * 1000)::int`,
      ),
    ).toBe(0);
  });

  it("copies every node's configuration onto its run steps, one step per node", async () => {
    const { db } = ctx();
    expect(
      await count(
        db,
        sql`select count(*)::int as n from workflow_runs r
            where (select count(*) from workflow_run_steps s where s.run_id = r.id)
               <> (select count(*) from workflow_nodes n where n.workflow_id = r.workflow_id)`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        sql`select count(*)::int as n from workflow_run_steps s join workflow_nodes n on n.id = s.node_id
            where s.step_number <> n.order_number or s.order_number <> n.order_number
               or s.step_name <> n.step_name or s.step_type <> n.step_type
               or s.step_description is distinct from n.step_description or s.auto_start <> n.auto_start
               or s.required_human_approval <> n.required_human_approval
               or s.number_of_approvals_needed is distinct from n.number_of_approvals_needed
               or s.approvers <> n.approvers or s.delay_in_seconds is distinct from n.delay_in_seconds
               or s.max_retries <> n.max_retries or s.timeout_seconds is distinct from n.timeout_seconds`,
      ),
    ).toBe(0);
    expect(
      await count(db, sql`select count(*)::int as n from workflow_run_steps where node_id is null`),
    ).toBe(0);
    const stepStatuses = await tally(
      db,
      sql`select status as k, count(*)::int as n from workflow_run_steps group by 1`,
    );
    for (const status of [
      "completed",
      "failed",
      "timeout",
      "cancelled",
      "running",
      "scheduled",
      "waiting_approval",
      "waiting_manual",
      "pending",
    ]) {
      expect(stepStatuses[status], status).toBeGreaterThan(0);
    }
    // retries happened, and every step that ran has a timestamped event per transition
    expect(
      await count(db, sql`select count(*)::int as n from workflow_run_steps where retry_count > 0`),
    ).toBeGreaterThan(0);
    expect(
      await count(
        db,
        sql`select count(*)::int as n from workflow_run_steps
            where status <> 'pending' and (jsonb_array_length(events) = 0
               or events -> -1 ->> 'type' not like '%.%' or (events -> -1 ->> 'timestamp') is null)`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        sql`select count(*)::int as n from workflow_run_steps where jsonb_array_length(screenshots) > 0`,
      ),
    ).toBeGreaterThan(0);
  });

  it("records results per band equal to the match_results rows of every completed matching run", async () => {
    const { db } = ctx();
    const matching = sql`select r.* from workflow_runs r join workflows w on w.id = r.workflow_id
                         where w.builtin_key = 'ai_resume_matching' and r.status = 'completed'`;
    const completedMatching = await count(db, sql`select count(*)::int as n from (${matching}) m`);
    expect(completedMatching).toBeGreaterThan(50);
    expect(
      await count(
        db,
        sql`select count(*)::int as n from (${matching}) r
            where (r.results ->> 'excellent_matches')::int <> (select count(*) from match_results m where m.run_id = r.id and m.band = 'excellent')
               or (r.results ->> 'good_matches')::int <> (select count(*) from match_results m where m.run_id = r.id and m.band = 'good')
               or (r.results ->> 'average_matches')::int <> (select count(*) from match_results m where m.run_id = r.id and m.band = 'average')
               or (r.results ->> 'poor_matches')::int <> (select count(*) from match_results m where m.run_id = r.id and m.band = 'poor')
               or (r.metrics ->> 'total_candidates')::int <> (select count(*) from match_results m where m.run_id = r.id)
               or (r.metrics ->> 'total_candidates')::int = 0
               or (r.metrics ->> 'top_matches')::int <> (r.results ->> 'excellent_matches')::int + (r.results ->> 'good_matches')::int
               or abs((r.metrics ->> 'match_rate')::numeric - (select avg(m.score) from match_results m where m.run_id = r.id)) > 0.051
               or (r.metrics ->> 'compared')::int <> (select count(*) from match_results m where m.run_id = r.id)
               or r.processed_resumes <> r.total_resumes
               or (r.progress ->> 'percentage')::int <> 100`,
      ),
    ).toBe(0);
    // match results exist for completed matching runs only, with bands consistent with scores
    expect(
      await count(
        db,
        sql`select count(*)::int as n from match_results m join workflow_runs r on r.id = m.run_id
            join workflows w on w.id = r.workflow_id where r.status <> 'completed' or w.builtin_key <> 'ai_resume_matching'`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        sql`select count(*)::int as n from match_results where band <> case
              when score >= 85 then 'excellent' when score >= 70 then 'good' when score >= 50 then 'average' else 'poor' end`,
      ),
    ).toBe(0);
    const bands = await tally(db, sql`select band as k, count(*)::int as n from match_results group by 1`);
    expect(Object.keys(bands).sort()).toEqual(["average", "excellent", "good", "poor"]);
  });

  it("leaves approvals for the inbox: runs waiting on two approvals with one given", async () => {
    const { db } = ctx();
    const waiting = await query<{ needed: number; given: number; run_status: string }>(
      db,
      sql`select s.number_of_approvals_needed as needed, r.status as run_status,
            (select count(*)::int from step_approvals a where a.step_id = s.id and a.decision = 'approved') as given
          from workflow_run_steps s join workflow_runs r on r.id = s.run_id where s.status = 'waiting_approval'`,
    );
    expect(waiting).toEqual([
      { needed: 2, given: 1, run_status: "waiting" },
      { needed: 2, given: 1, run_status: "waiting" },
      { needed: 2, given: 1, run_status: "waiting" },
    ]);
    // completed sign-offs have two distinct approvers, each a manager or admin
    expect(
      await count(
        db,
        sql`select count(*)::int as n from workflow_run_steps s where s.step_type = 'approval' and s.status = 'completed'
            and (select count(distinct a.user_id) from step_approvals a join users u on u.id = a.user_id
                 where a.step_id = s.id and a.decision = 'approved' and u.role in ('manager', 'admin')) <> 2`,
      ),
    ).toBe(0);
  });

  it("links interviews and todos to the candidate pipeline, some to its runs, one of each deleted on its own", async () => {
    const { db } = ctx();
    const linked = await query<{ kind: string; total: number; with_run: number; self_deleted: number }>(
      db,
      sql`select 'interviews' as kind, count(*)::int as total, count(i.run_id)::int as with_run,
            count(*) filter (where i.is_deleted and i.deleted_via = 'self')::int as self_deleted
          from interviews i join workflows w on w.id = i.workflow_id where w.builtin_key = 'candidate_pipeline'
          union all
          select 'todos', count(*)::int, count(t.run_id)::int,
            count(*) filter (where t.is_deleted and t.deleted_via = 'self')::int
          from todos t join workflows w on w.id = t.workflow_id where w.builtin_key = 'candidate_pipeline'`,
    );
    const completedPipelineRuns = await count(
      db,
      sql`select count(*)::int as n from workflow_runs r join workflows w on w.id = r.workflow_id
          where w.builtin_key = 'candidate_pipeline' and r.status = 'completed'`,
    );
    expect(completedPipelineRuns).toBeGreaterThan(0);
    expect(linked).toEqual([
      {
        kind: "interviews",
        total: completedPipelineRuns + 5,
        with_run: completedPipelineRuns,
        self_deleted: 1,
      },
      { kind: "todos", total: completedPipelineRuns + 4, with_run: completedPipelineRuns, self_deleted: 1 },
    ]);
  });

  it("fills the execution context, LLM, tier and error fields realistically", async () => {
    const { db } = ctx();
    const stats = await query<{
      no_correlation: number;
      no_snapshot: number;
      models: string[];
      tiers: number[];
      failed_without_error: number;
    }>(
      db,
      sql`select count(*) filter (where context ->> 'correlation_id' is null or context ->> 'user_session' is null)::int as no_correlation,
            count(*) filter (where config_snapshot -> 'global' is null or jsonb_array_length(endpoints_used) = 0)::int as no_snapshot,
            array_agg(distinct llm_model order by llm_model) filter (where llm_model is not null) as models,
            array_agg(distinct tier order by tier) filter (where tier is not null) as tiers,
            count(*) filter (where status in ('failed', 'timeout') and error_message is null)::int as failed_without_error
          from workflow_runs`,
    );
    expect(stats).toEqual([
      {
        no_correlation: 0,
        no_snapshot: 0,
        models: ["claude-3-5-haiku", "gpt-4o-mini"],
        tiers: [1, 2, 3],
        failed_without_error: 0,
      },
    ]);
  });

  it("feeds the analysis views through row-level security", async () => {
    const { db } = ctx();
    const seen = await withTenant(db, orgId, async (tx) => ({
      nodes: await query<{ step_type: string; avg_duration_ms: number }>(
        tx,
        sql`select step_type, avg_duration_ms from v_node_execution_stats s join workflows w on w.id = s.workflow_id
            where w.builtin_key = 'ai_resume_matching' order by avg_duration_ms desc`,
      ),
      failed: await count(tx, sql`select count(*)::int as n from v_failed_steps_analysis`),
      causes: await count(
        tx,
        sql`select count(distinct normalized_error)::int as n from v_failed_steps_analysis`,
      ),
      channels: await count(
        tx,
        sql`select count(distinct channel)::int as n from v_workflow_channel_performance`,
      ),
      timeline: await count(tx, sql`select count(*)::int as n from v_workflow_execution_timeline`),
      active: await count(tx, sql`select count(*)::int as n from v_active_workflow_configs`),
    }));
    // the AI agents' bottleneck: the comparator and the reader are the slowest steps
    expect(seen.nodes.map((n) => n.step_type)).toEqual([
      "hr_comparison",
      "resume_reading",
      "resume_extraction",
      "jd_reading",
    ]);
    expect(seen.failed).toBeGreaterThan(0);
    // errors fold into a handful of causes rather than one group per message
    expect(seen.causes).toBeGreaterThan(5);
    expect(seen.causes).toBeLessThan(seen.failed);
    expect(seen.channels).toBe(4);
    expect(seen.timeline).toBeGreaterThan(RUNS * 4);
    expect(seen.active).toBe(5);
  });

  it("writes an audit trail", async () => {
    const { db } = ctx();
    const actions = await tally(db, sql`select action as k, count(*)::int as n from audit_logs group by 1`);
    expect(actions).toMatchObject({
      "organization.create": 1,
      "user.create": 4,
      "workflow.create": 4,
      "config.activate": 9,
      "run.start": 12,
      "demo.seed": 1,
    });
    expect(actions["step.approve"]).toBeGreaterThan(0);
    expect(await count(db, sql`select count(*)::int as n from audit_logs where resource_id is null`)).toBe(0);
  });

  it("does nothing the second time, and says so", async () => {
    const { db } = ctx();
    const before = await count(db, sql`select count(*)::int as n from workflow_runs`);
    const again = await seedDemo(db, OPTIONS);
    expect(again).toEqual({
      created: false,
      reason: "the database already has 1 organization; the demo is only seeded into an empty database",
    });
    expect(await count(db, sql`select count(*)::int as n from workflow_runs`)).toBe(before);
    expect(await count(db, sql`select count(*)::int as n from organizations`)).toBe(1);
  });

  it("keeps the built-in workflows unique when ensured again", async () => {
    const { db } = ctx();
    const again = await withTenant(db, orgId, (tx) => ensureBuiltinWorkflows(tx, orgId));
    expect(again.created).toEqual([]);
    expect(await count(db, sql`select count(*)::int as n from workflows where builtin_key is not null`)).toBe(
      2,
    );
    expect(await count(db, sql`select count(*)::int as n from workflow_nodes`)).toBe(18);
  });

  it("admin-create makes an organization with built-ins and an admin, and refuses a taken e-mail", async () => {
    const { db } = ctx();
    const created = await adminCreate(db, {
      email: "nia.owner@newco.example",
      name: "Nia Owner",
      orgName: "NewCo Recruiting",
      passwordCost: 4,
    });
    expect(created).toMatchObject({
      orgSlug: "newco-recruiting",
      orgCreated: true,
      email: "nia.owner@newco.example",
      passwordGenerated: true,
    });
    expect(created.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const [admin] = await query<{ role: string; org_id: string; password_hash: string; name: string }>(
      db,
      sql`select role, org_id, password_hash, name from users where email = 'nia.owner@newco.example'`,
    );
    expect(admin).toMatchObject({ role: "admin", org_id: created.orgId, name: "Nia Owner" });
    expect(await verifyPassword(created.password, admin!.password_hash)).toBe(true);
    const builtins = await query<{ builtin_key: string; id: string; nodes: number }>(
      db,
      sql`select builtin_key, id, (select count(*)::int from workflow_nodes n where n.workflow_id = w.id) as nodes
          from workflows w where org_id = ${created.orgId} order by builtin_key`,
    );
    expect(builtins).toEqual([
      { builtin_key: "ai_resume_matching", id: created.workflows.ai_resume_matching, nodes: 4 },
      { builtin_key: "candidate_pipeline", id: created.workflows.candidate_pipeline, nodes: 6 },
    ]);
    expect(
      await tally(
        db,
        sql`select action as k, count(*)::int as n from audit_logs where org_id = ${created.orgId} group by 1`,
      ),
    ).toEqual({ "organization.create": 1, "user.create": 1, "workflow.create": 2 });

    // the same e-mail in any case, in this or any organization, is refused
    for (const email of ["NIA.OWNER@newco.example", demoAccounts[0]!.email]) {
      const refused = await adminCreate(db, {
        email,
        name: "Someone",
        orgName: "Other Org",
        passwordCost: 4,
      }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AdminCreateError);
      expect((refused as AdminCreateError).code).toBe("email_exists");
    }
    expect(await count(db, sql`select count(*)::int as n from organizations`)).toBe(2);

    // an existing slug gets a second admin, not a second organization or second built-ins
    const second = await adminCreate(db, {
      email: "sam.second@newco.example",
      name: "Sam Second",
      orgName: "NewCo Recruiting",
      password: "correct horse battery staple",
      passwordCost: 4,
    });
    expect(second).toMatchObject({
      orgId: created.orgId,
      orgCreated: false,
      passwordGenerated: false,
      password: "correct horse battery staple",
      workflows: created.workflows,
    });
    expect(
      await count(db, sql`select count(*)::int as n from workflows where org_id = ${created.orgId}`),
    ).toBe(2);

    const invalid = await adminCreate(db, {
      email: "short@newco.example",
      name: "Short",
      orgName: "NewCo Recruiting",
      password: "short",
    }).catch((e: unknown) => e);
    expect((invalid as AdminCreateError).code).toBe("invalid_input");
    expect(
      await count(db, sql`select count(*)::int as n from users where email = 'short@newco.example'`),
    ).toBe(0);
  });
});

describe("demo seed determinism", () => {
  it("produces the same data set for the same seed and time", async () => {
    const fingerprint = async () => {
      const t = await createTestDb("pglite");
      try {
        const seeded = await seedDemo(t.db, { now: NOW, runs: 60, passwordCost: 4 });
        expect(seeded.created).toBe(true);
        return await query(
          t.db,
          sql`select r.public_id, r.status, r.channel, r.title, r.duration_ms, r.started_at::text,
                (select string_agg(s.status || ':' || coalesce(s.duration_ms, -1), ',' order by s.step_number)
                   from workflow_run_steps s where s.run_id = r.id) as steps,
                (select string_agg(m.score::text, ',' order by m.score) from match_results m where m.run_id = r.id) as scores
              from workflow_runs r order by r.public_id`,
        );
      } finally {
        await t.close();
      }
    };
    const first = await fingerprint();
    expect(first).toHaveLength(60);
    expect(await fingerprint()).toEqual(first);
  });
});
