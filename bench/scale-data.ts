// Data generator of the scale benchmark (bench/scale.ts): two organizations of realistic run history,
// written with set-based SQL (generate_series, INSERT … SELECT) as the table owner.
//
// Shape, at scale 1:
// - organization A with 1,000,000 runs, organization B with 100,000 runs, over the 12 months before an
//   anchor instant (recorded, so later reruns measure the same windows); more recent months hold more
//   runs (density grows linearly with time);
// - six workflows per organization (3–6 nodes each, version 1–3 over the year), five channels, a few
//   heavy and many light users, external executors (voice, efax, part of api) with their own ids;
// - statuses: ~6 % failed, ~2 % timed out, ~3 % cancelled (a third of those before starting), the
//   rest completed, plus pending/active/waiting runs in the last hours; ~30 error messages, several
//   with variable parts (numbers, uuids, e-mails), each met by the step types it belongs to and
//   skewed so a few dominate;
// - log-normal durations per workflow, NULL for runs and steps that never started;
// - one step per node per run whose status follows the run: steps before the stopping step completed,
//   the stopping step failed/timed out/cancelled/running/waiting, the later ones skipped (run ended) or
//   pending (run open), as the engine leaves them.
//
// Public ids are drawn from workflow_run_public_seq in blocks, in created_at order across both
// organizations (as an installation that shared the sequence would have them), written as `WF-`
// plus at least six digits. Generation runs in time slices, each in one transaction that also
// advances the marker row in bench_scale_meta, so an interrupted run resumes where it stopped and a
// finished one is reused as is.
import { sql } from "drizzle-orm";
import { type Database, rows } from "@/db/client";

export const GENERATOR_VERSION = 2;
export const FULL_RUNS_A = 1_000_000;
export const FULL_RUNS_B = 100_000;
const SLICES = 24;
const DAY_MS = 86_400_000;
const SPAN_DAYS = 365;
/** Runs created this close to the anchor may still be open (pending, active, waiting). */
const OPEN_WINDOW_HOURS = 6;

type NodeDef = {
  name: string;
  type: string;
  /** auto_start false (waits for a person to start it). */
  manual?: boolean;
  approval?: boolean;
  delaySeconds?: number;
};
type WorkflowDef = {
  name: string;
  description: string;
  /** Share of the runs. */
  weight: number;
  /** ln of the median run duration in ms, and the spread of the log-normal. */
  mu: number;
  sigma: number;
  nodes: NodeDef[];
};

export const WORKFLOWS: WorkflowDef[] = [
  {
    name: "Resume screening",
    description: "Extract, read and rank resumes against a job description",
    weight: 0.35,
    mu: Math.log(45_000),
    sigma: 0.8,
    nodes: [
      { name: "Extract resumes", type: "resume_extraction" },
      { name: "Read job description", type: "jd_reading" },
      { name: "Read resumes", type: "resume_reading" },
      { name: "Compare with hiring criteria", type: "hr_comparison" },
    ],
  },
  {
    name: "Screening with approval",
    description: "Ranked shortlist approved by a hiring manager before interviews",
    weight: 0.2,
    mu: Math.log(3_600_000),
    sigma: 1.1,
    nodes: [
      { name: "Extract resumes", type: "resume_extraction" },
      { name: "Read job description", type: "jd_reading" },
      { name: "Compare with hiring criteria", type: "hr_comparison" },
      { name: "Hiring manager approval", type: "approval", approval: true },
      { name: "Schedule interviews", type: "interview_scheduling" },
    ],
  },
  {
    name: "Voice intake",
    description: "Phone screening reported by the voice executor",
    weight: 0.15,
    mu: Math.log(240_000),
    sigma: 0.6,
    nodes: [
      { name: "Phone screen", type: "external" },
      { name: "Read transcript", type: "resume_reading" },
      { name: "Compare with hiring criteria", type: "hr_comparison" },
      { name: "Notify ATS", type: "webhook_call" },
    ],
  },
  {
    name: "Efax intake",
    description: "Faxed applications digitised and filed",
    weight: 0.1,
    mu: Math.log(90_000),
    sigma: 0.7,
    nodes: [
      { name: "Receive fax", type: "external" },
      { name: "Extract resume", type: "resume_extraction" },
      { name: "File for recruiter", type: "todo" },
    ],
  },
  {
    name: "Interview loop",
    description: "Coordinate an interview loop and collect the decision",
    weight: 0.1,
    mu: Math.log(86_400_000),
    sigma: 0.9,
    nodes: [
      { name: "Recruiter review", type: "manual", manual: true },
      { name: "Cool-off", type: "delay", delaySeconds: 3600 },
      { name: "Schedule interviews", type: "interview_scheduling" },
      { name: "Collect feedback", type: "todo" },
      { name: "Send feedback to ATS", type: "webhook_call" },
      { name: "Hiring decision", type: "approval", approval: true },
    ],
  },
  {
    name: "Referral fast-track",
    description: "Referred candidates compared and approved the same day",
    weight: 0.1,
    mu: Math.log(1_800_000),
    sigma: 1.0,
    nodes: [
      { name: "Read job description", type: "jd_reading" },
      { name: "Compare with hiring criteria", type: "hr_comparison" },
      { name: "Referral approval", type: "approval", approval: true },
    ],
  },
];

const AI_TYPES = ["resume_extraction", "jd_reading", "resume_reading", "hr_comparison"];

/** Failed steps draw from the first 26 (skewed to the first ones), timed-out steps from the last 4. */
export const ERROR_MESSAGES = [
  "LLM provider rate limit exceeded (HTTP 429); retry after {n} ms",
  "Resume {id} could not be parsed: unsupported file type",
  "OpenAI request failed: 502 Bad Gateway",
  "Candidate e-mail bounced: {email}",
  "Job description is empty or too short to analyse",
  "Resume text extraction returned no content (0 of {n} pages)",
  "Connection reset by peer while calling the scoring service",
  "Invalid JSON in model response at position {n}",
  "Webhook https://hooks.example.com/ats/{n} returned 500",
  "Approval rejected by reviewer",
  "Calendar API quota exceeded for project recruiting-{n}",
  "No interview slots available in the next {n} days",
  "Token limit exceeded: {n} tokens requested, 16384 allowed",
  "PDF is password protected",
  "DOCX archive is corrupt: missing word/document.xml",
  "Voice transcript unavailable for call CALL-{n}",
  "Fax page {n} unreadable (OCR confidence below threshold)",
  "ATS responded 404 for requisition REQ-{n}",
  "Duplicate candidate detected: {email}",
  "Model returned an empty completion",
  "Scoring service unavailable (503)",
  "TLS handshake failed with api.partner.example",
  "Missing required input: job_description",
  "Resume language not supported: {n}",
  "Candidate consent missing for data processing",
  "Upstream executor reported failure code E{n}",
  "Step timed out after {n} seconds",
  "Deadline exceeded waiting for approval",
  "LLM call timed out after {n} ms",
  "External executor did not report back within {n} minutes",
] as const;

/** The failures each step type meets, most frequent first, as indices into ERROR_MESSAGES. */
export const FAILURES_BY_STEP_TYPE: Record<string, number[]> = {
  resume_extraction: [1, 0, 5, 13, 14, 2, 23, 7, 19],
  jd_reading: [0, 4, 2, 22, 7, 12, 19],
  resume_reading: [0, 2, 7, 12, 23, 19, 1],
  hr_comparison: [0, 20, 6, 2, 7, 12, 24, 19],
  approval: [9],
  interview_scheduling: [11, 10, 3],
  webhook_call: [8, 21, 17],
  external: [25, 15, 16, 18],
  todo: [3, 18],
  manual: [24, 18],
  delay: [25],
};
/** The message of a step timing out, by step type (others: "Step timed out after … seconds"). */
export const TIMEOUT_BY_STEP_TYPE: Record<string, number> = {
  resume_extraction: 28,
  jd_reading: 28,
  resume_reading: 28,
  hr_comparison: 28,
  approval: 27,
  manual: 27,
  external: 29,
};

const JOB_TITLES = [
  "Senior Backend Engineer",
  "Frontend Engineer",
  "Data Scientist",
  "Product Manager",
  "UX Designer",
  "DevOps Engineer",
  "Site Reliability Engineer",
  "Machine Learning Engineer",
  "Engineering Manager",
  "QA Analyst",
  "Technical Writer",
  "Sales Development Representative",
  "Account Executive",
  "Customer Success Manager",
  "Recruiter",
  "HR Business Partner",
  "Financial Analyst",
  "Registered Nurse",
  "Warehouse Associate",
  "Truck Driver",
  "Call Center Agent",
  "Marketing Manager",
  "Data Engineer",
  "Security Engineer",
  "Mobile Developer",
];
const FIRST_NAMES = [
  "ana",
  "ben",
  "chen",
  "dana",
  "eli",
  "fatima",
  "gus",
  "hana",
  "ivan",
  "jules",
  "kofi",
  "lena",
];
const LAST_NAMES = [
  "silva",
  "novak",
  "okafor",
  "tanaka",
  "berg",
  "moreau",
  "khan",
  "rossi",
  "weber",
  "lopez",
];
const DOMAINS = ["mail.example", "inbox.example", "post.example", "candidates.example"];
const CONTEXT_SOURCES = ["career-site", "ats", "referral", "job-board", "agency", "voice-line"];
const REGIONS = ["emea", "amer", "apac"];
const LLM_MODELS = ["gpt-4o-mini", "gpt-4o", "claude-3-5-sonnet", "claude-3-haiku", "llama-3-70b"];
const TIER_REASONS = [
  ["high match score", "priority requisition"],
  ["standard screening", "average match score"],
  ["low match score", "incomplete resume"],
];

export type ScaleOrg = { key: "a" | "b"; id: string; runs: number };
export type ScaleDataset = {
  scale: number;
  /** The instant the history ends at; scenario windows are relative to it. */
  anchor: Date;
  orgA: ScaleOrg;
  orgB: ScaleOrg;
  runs: number;
  steps: number;
  /** True when this call generated (some of) the data, false when it was all there already. */
  generated: boolean;
};

type MetaRow = {
  scale: number;
  anchor: string;
  org_a: string;
  org_b: string;
  runs_a: number;
  runs_b: number;
  slices: number;
  slices_done: number;
  runs_generated: number;
  steps_generated: number;
  generator_version: number;
  finished: boolean;
};

/** Runs of an organization in slice k (oldest first): density grows linearly towards the anchor. */
export function sliceCount(total: number, k: number, slices = SLICES): number {
  const cum = (j: number) => Math.round(total * (j / slices) ** 2);
  return cum(k + 1) - cum(k);
}

export function targetRuns(scale: number) {
  return { a: Math.max(1, Math.round(FULL_RUNS_A * scale)), b: Math.max(1, Math.round(FULL_RUNS_B * scale)) };
}

async function readMeta(db: Database): Promise<MetaRow | null> {
  const [exists] = await rows<{ ok: boolean }>(
    db,
    sql`select to_regclass('bench_scale_meta') is not null as ok`,
  );
  if (!exists?.ok) return null;
  const [meta] = await rows<MetaRow>(
    db,
    sql`select scale::float8 as scale, to_char(anchor at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as anchor,
               org_a::text, org_b::text, runs_a, runs_b, slices, slices_done,
               runs_generated, steps_generated::float8 as steps_generated, generator_version,
               finished_at is not null as finished
        from bench_scale_meta where id = 1`,
  );
  return meta ?? null;
}

function datasetOf(meta: MetaRow, generated: boolean): ScaleDataset {
  return {
    scale: meta.scale,
    anchor: new Date(meta.anchor),
    orgA: { key: "a", id: meta.org_a, runs: meta.runs_a },
    orgB: { key: "b", id: meta.org_b, runs: meta.runs_b },
    runs: meta.runs_generated,
    steps: Number(meta.steps_generated),
    generated,
  };
}

/** Organizations, users, workflows with nodes and versions, and the marker row: one transaction. */
async function createDefinitions(db: Database, scale: number): Promise<void> {
  const { a, b } = targetRuns(scale);
  const defs = WORKFLOWS.map((w) => ({
    name: w.name,
    description: w.description,
    nodes: w.nodes.map((n, i) => ({
      order_number: i + 1,
      step_name: n.name,
      step_type: n.type,
      auto_start: !n.manual,
      approval: Boolean(n.approval),
      delay: n.delaySeconds ?? null,
      max_retries: AI_TYPES.includes(n.type) ? 3 : n.type === "webhook_call" ? 5 : 0,
      timeout: AI_TYPES.includes(n.type) ? 300 : n.type === "external" ? 3600 : null,
    })),
  }));
  await db.transaction(async (tx) => {
    await tx.execute(sql`create table bench_scale_meta (
      id int primary key default 1 check (id = 1),
      scale numeric not null,
      anchor timestamptz not null,
      org_a uuid not null references organizations(id),
      org_b uuid not null references organizations(id),
      runs_a int not null,
      runs_b int not null,
      slices int not null,
      slices_done int not null default 0,
      runs_generated int not null default 0,
      steps_generated bigint not null default 0,
      generator_version int not null,
      started_at timestamptz not null default now(),
      finished_at timestamptz
    )`);
    await tx.execute(sql`comment on table bench_scale_meta is
      'Created by npm run bench:scale: what it generated in this database (reused by later runs)'`);
    const orgs = await rows<{ id: string; slug: string }>(
      tx,
      sql`insert into organizations (name, slug) values
            ('Scale bench A (1M runs)', 'bench-scale-a'), ('Scale bench B (100k runs)', 'bench-scale-b')
          returning id::text, slug`,
    );
    const orgA = orgs.find((o) => o.slug === "bench-scale-a")!.id;
    const orgB = orgs.find((o) => o.slug === "bench-scale-b")!.id;
    // 40 people in A, 12 in B: one admin, a few managers (approvers) and analysts, recruiters otherwise
    await tx.execute(sql`
      insert into users (org_id, email, name, role, password_hash)
      select o.id, format('bench.%s.user%s@scale.example', o.k, g), format('Bench %s User %s', upper(o.k), g),
             case when g = 1 then 'admin' when g <= 4 then 'manager' when g % 10 = 0 then 'analyst' else 'recruiter' end,
             '!no-login'
      from (values (${orgA}::uuid, 'a', 40), (${orgB}::uuid, 'b', 12)) o(id, k, n)
      cross join lateral generate_series(1, o.n) g`);
    await tx.execute(sql`
      insert into workflows (org_id, name, description, status, version, created_by)
      select o.id, d.name, d.description, 'active', 3,
             (select u.id from users u where u.org_id = o.id and u.role = 'admin' limit 1)
      from (values (${orgA}::uuid), (${orgB}::uuid)) o(id)
      cross join jsonb_to_recordset(${JSON.stringify(defs)}::jsonb) d(name text, description text)`);
    await tx.execute(sql`
      insert into workflow_nodes (org_id, workflow_id, order_number, step_name, step_type, auto_start,
                                  required_human_approval, number_of_approvals_needed, approvers,
                                  delay_in_seconds, max_retries, timeout_seconds)
      select w.org_id, w.id, n.order_number, n.step_name, n.step_type, n.auto_start, n.approval,
             case when n.approval then 1 end,
             case when n.approval then (select coalesce(jsonb_agg(u.id order by u.email), '[]') from users u
                                        where u.org_id = w.org_id and u.role = 'manager')
                  else '[]'::jsonb end,
             n.delay, n.max_retries, n.timeout
      from workflows w
      join jsonb_to_recordset(${JSON.stringify(defs)}::jsonb) d(name text, nodes jsonb) on d.name = w.name
      cross join jsonb_to_recordset(d.nodes) n(order_number int, step_name text, step_type text,
                                               auto_start boolean, approval boolean, delay int,
                                               max_retries int, timeout int)
      where w.org_id in (${orgA}::uuid, ${orgB}::uuid)`);
    await tx.execute(sql`
      insert into workflow_versions (org_id, workflow_id, version, definition, created_by)
      select w.org_id, w.id, v, jsonb_build_object('name', w.name, 'version', v,
               'nodes', (select jsonb_agg(jsonb_build_object('order_number', n.order_number,
                           'step_name', n.step_name, 'step_type', n.step_type) order by n.order_number)
                         from workflow_nodes n where n.workflow_id = w.id)),
             w.created_by
      from workflows w cross join generate_series(1, 3) v
      where w.org_id in (${orgA}::uuid, ${orgB}::uuid)`);
    // the anchor is a whole hour so the scenario windows are easy to read
    await tx.execute(sql`
      insert into bench_scale_meta (scale, anchor, org_a, org_b, runs_a, runs_b, slices, generator_version)
      values (${scale}, date_trunc('hour', now()), ${orgA}::uuid, ${orgB}::uuid, ${a}, ${b}, ${SLICES},
              ${GENERATOR_VERSION})`);
  });
}

const sqlList = (values: readonly string[]) => JSON.stringify(values);

/** One time slice of both organizations: runs, then their steps, then the marker. One transaction. */
async function generateSlice(
  db: Database,
  meta: MetaRow,
  k: number,
): Promise<{ runs: number; steps: number }> {
  const anchor = Date.parse(meta.anchor);
  const spanStart = anchor - SPAN_DAYS * DAY_MS;
  const from = new Date(spanStart + (k * SPAN_DAYS * DAY_MS) / meta.slices).toISOString();
  const to = new Date(spanStart + ((k + 1) * SPAN_DAYS * DAY_MS) / meta.slices).toISOString();
  const nA = sliceCount(meta.runs_a, k, meta.slices);
  const nB = sliceCount(meta.runs_b, k, meta.slices);
  const n = nA + nB;
  const weights: { name: string; lo: number; hi: number; mu: number; sigma: number }[] = [];
  let lo = 0;
  for (const w of WORKFLOWS) {
    weights.push({ name: w.name, lo, hi: lo + w.weight, mu: w.mu, sigma: w.sigma });
    lo += w.weight;
  }
  weights.at(-1)!.hi = 1.000001; // random() < 1, but keep the last bucket closed against rounding
  const orgs = sql`(${meta.org_a}::uuid, ${meta.org_b}::uuid)`;
  return db.transaction(async (tx) => {
    if (n === 0) {
      await tx.execute(sql`update bench_scale_meta set slices_done = ${k + 1} where id = 1`);
      return { runs: 0, steps: 0 };
    }
    // a block of public numbers, in created_at order across both organizations
    const [block] = await rows<{ first: number }>(
      tx,
      sql`select nextval('workflow_run_public_seq')::int as first`,
    );
    const first = block!.first;
    await tx.execute(sql`select setval('workflow_run_public_seq', ${first + n - 1})`);
    await tx.execute(sql`
      create temp table bench_nodes on commit drop as
      select n.*, x.weight,
             row_number() over (partition by n.workflow_id order by n.order_number)::int as step_number,
             sum(x.weight) over (partition by n.workflow_id order by n.order_number) - x.weight as cum_before,
             sum(x.weight) over (partition by n.workflow_id) as total_w
      from workflow_nodes n
      cross join lateral (select case n.step_type
          when 'resume_extraction' then 3 when 'jd_reading' then 1 when 'resume_reading' then 3
          when 'hr_comparison' then 4 when 'approval' then 20 when 'manual' then 10 when 'delay' then 15
          when 'interview_scheduling' then 2 when 'external' then 6 else 1 end::float8 as weight) x
      where n.org_id in ${orgs}`);
    await tx.execute(sql`
      create temp table bench_wf on commit drop as
      select w.id, w.org_id, d.lo, d.hi, d.mu, d.sigma,
             (select count(*) from bench_nodes b where b.workflow_id = w.id)::int as n_nodes,
             (select max(b.total_w) from bench_nodes b where b.workflow_id = w.id) as total_w,
             (select jsonb_agg(b.cum_before + b.weight order by b.step_number) from bench_nodes b
              where b.workflow_id = w.id) as cum,
             exists (select 1 from bench_nodes b where b.workflow_id = w.id
                     and b.step_type in ('resume_extraction', 'jd_reading', 'resume_reading', 'hr_comparison')) as ai,
             -- where a run of this workflow can wait: its first approval, manual or delay node
             (select min(b.step_number) from bench_nodes b where b.workflow_id = w.id
              and b.step_type in ('approval', 'manual', 'delay')) as wait_step
      from workflows w
      join jsonb_to_recordset(${JSON.stringify(weights)}::jsonb)
           d(name text, lo float8, hi float8, mu float8, sigma float8) on d.name = w.name
      where w.org_id in ${orgs}`);
    // One row per run with every random draw and derived fact the run and its steps need.
    await tx.execute(sql`
      create temp table bench_chunk on commit drop as
      with spec(org_id, n) as (values (${meta.org_a}::uuid, ${nA}::int), (${meta.org_b}::uuid, ${nB}::int)),
      people as (
        select s.org_id, s.n,
               (select array_agg(u.id order by u.email) from users u
                where u.org_id = s.org_id and u.role <> 'analyst') as user_ids
        from spec s
      ),
      raw as (
        select p.org_id, p.user_ids,
               ${from}::timestamptz + random() * (${to}::timestamptz - ${from}::timestamptz) as created_at,
               random() as u_channel, random() as u_wf, random() as u_open, random() as u_status,
               random() as u_step, random() as u_err, random() as u_n, 1 - random() as u_d1, random() as u_d2,
               1 - random() as u_t1, random() as u_t2, random() as u_user, random() as u_misc,
               random() as u_tier, random() as u_model, random() as u_title, random() as u_name
        from people p cross join lateral generate_series(1, p.n) g
      ),
      numbered as (
        select gen_random_uuid() as id, (${first - 1} + row_number() over (order by created_at))::bigint as num, raw.*
        from raw
      ),
      placed as (
        select c.*, w.id as workflow_id, w.n_nodes, w.total_w, w.cum, w.ai, w.mu, w.sigma, w.wait_step,
               case when c.u_channel < 0.45 then 'web' when c.u_channel < 0.70 then 'api'
                    when c.u_channel < 0.85 then 'email' when c.u_channel < 0.95 then 'voice' else 'efax' end
                 as channel,
               extract(epoch from (${meta.anchor}::timestamptz - c.created_at)) / 86400 as age_days
        from numbered c join bench_wf w on w.org_id = c.org_id and c.u_wf >= w.lo and c.u_wf < w.hi
      ),
      statused as (
        select p.*,
               case when p.age_days * 24 < ${OPEN_WINDOW_HOURS} and p.u_open < 0.5 then
                      case when p.u_misc < 0.2 then 'pending' when p.u_misc < 0.7 or p.wait_step is null then 'active'
                           else 'waiting' end
                    when p.u_status < 0.06 then 'failed'
                    when p.u_status < 0.08 then 'timeout'
                    when p.u_status < 0.11 then 'cancelled'
                    else 'completed' end as status
        from placed p
      ),
      stopped as (
        select s.*,
               -- the step the run stopped at: 0 = none started, n_nodes + 1 = all completed
               case when s.status = 'completed' then s.n_nodes + 1
                    when s.status = 'pending' then 0
                    when s.status = 'waiting' then s.wait_step
                    when s.status = 'cancelled' and s.u_misc < 0.3 then 0
                    else 1 + least(s.n_nodes - 1, floor(s.u_step * s.n_nodes)::int) end as k_stop,
               -- full log-normal duration of the run had it completed (Box-Muller)
               -- capped at a week so every duration fits an integer column
               least(exp(s.mu + s.sigma * sqrt(-2 * ln(s.u_d1)) * cos(2 * pi() * s.u_d2)), 604800000) as full_ms,
               1 + floor(s.u_n * 20)::int as resumes,
               ${sqlList(FIRST_NAMES)}::jsonb ->> (floor(s.u_name * ${FIRST_NAMES.length})::int) as first_name,
               ${sqlList(LAST_NAMES)}::jsonb ->> (floor(s.u_misc * ${LAST_NAMES.length})::int) as last_name
        from statused s
      ),
      stopping as (
        select s.*, (select b.step_type from bench_nodes b
                     where b.workflow_id = s.workflow_id and b.step_number = s.k_stop) as stop_type
        from stopped s
      ),
      described as (
        select s.*,
               s.status <> 'pending' and s.k_stop > 0 as started,
               'WF-' || case when s.num < 1000000 then lpad(s.num::text, 6, '0') else s.num::text end as public_id,
               ${sqlList(JOB_TITLES)}::jsonb ->> (floor(s.u_title * ${JOB_TITLES.length})::int) as title,
               s.first_name || '.' || s.last_name || s.num || '@' ||
                 (${sqlList(DOMAINS)}::jsonb ->> (s.num % ${DOMAINS.length})::int) as email,
               case when s.status in ('failed', 'timeout') then
                 replace(replace(replace(
                   ${sqlList(ERROR_MESSAGES)}::jsonb ->> (case when s.status = 'failed'
                     then (coalesce(${JSON.stringify(FAILURES_BY_STEP_TYPE)}::jsonb -> s.stop_type, '[6, 25]') ->> floor(
                             power(s.u_err, 1.7) * jsonb_array_length(
                               coalesce(${JSON.stringify(FAILURES_BY_STEP_TYPE)}::jsonb -> s.stop_type, '[6, 25]')))::int)::int
                     else coalesce((${JSON.stringify(TIMEOUT_BY_STEP_TYPE)}::jsonb ->> s.stop_type)::int, 26) end),
                   '{n}', (100 + floor(s.u_n * 9900))::int::text),
                   '{id}', s.id::text),
                   '{email}', 'candidate' || s.num || '@bounce.example')
               end as error_text,
               -- ms from the run's start to the end of its stopping step (the whole run when completed)
               case when s.k_stop > 0 then
                 s.full_ms * (s.cum ->> (least(s.k_stop, s.n_nodes) - 1))::float8 / s.total_w end as ran_ms
        from stopping s
      ),
      timed as (
        select d.*,
               case when d.started then d.created_at + make_interval(secs => 0.05 + d.u_misc * 2) end as run_started_at,
               d.started and d.status in ('completed', 'failed', 'timeout', 'cancelled') as run_ended
        from described d
      )
      select t.*,
             case when t.run_ended then round(t.ran_ms)::int end as run_duration_ms,
             case when t.run_ended then t.run_started_at + make_interval(secs => round(t.ran_ms) / 1000.0)
                  -- cancelled before it started: ended by a person a little later
                  when t.status = 'cancelled' then t.created_at + make_interval(secs => 30 + t.u_n * 600) end
               as run_completed_at
      from timed t`);
    // Run rows. Durations: the share of the full duration up to the stopping step, NULL when unfinished.
    await tx.execute(sql`
      insert into workflow_runs (id, org_id, public_id, workflow_id, workflow_version, channel, external_id,
        status, source, title, started_by, jd_title, total_resumes, processed_resumes, inputs, progress,
        metrics, results, context, endpoints_used, error_message, error_details, llm_model, llm_tokens_used,
        tier, tier_reason, started_at, completed_at, deadline_at, duration_ms, created_at, updated_at)
      select c.id, c.org_id, c.public_id, c.workflow_id,
             case when c.age_days > 240 then 1 when c.age_days > 90 then 2 else 3 end,
             c.channel,
             case c.channel when 'voice' then 'CALL-' || (700000 + c.num)
                            when 'efax' then 'FAX-' || upper(substr(md5(c.id::text), 1, 10))
                            when 'api' then case when c.u_misc < 0.6 then 'ats-' || substr(md5(c.id::text), 11, 12) end
             end,
             c.status,
             case when c.channel in ('voice', 'efax') or (c.channel = 'api' and c.u_misc < 0.6) then 'external'
                  else 'engine' end,
             c.title,
             case when c.channel in ('voice', 'efax') then null
                  else c.user_ids[1 + floor(power(c.u_user, 2) * array_length(c.user_ids, 1))::int] end,
             case when c.ai then c.title end,
             c.resumes,
             case when c.status = 'completed' then c.resumes
                  else floor(c.resumes * greatest(c.k_stop - 1, 0)::float8 / c.n_nodes)::int end,
             jsonb_build_object('candidate_email', c.email, 'job_title', c.title, 'resume_count', c.resumes),
             jsonb_build_object('completed_steps', least(greatest(c.k_stop - 1, 0), c.n_nodes),
                                'total_steps', c.n_nodes,
                                'percentage', round(100.0 * least(greatest(c.k_stop - 1, 0), c.n_nodes) / c.n_nodes)::int),
             case when c.status = 'completed'
                  then jsonb_build_object('total_candidates', c.resumes, 'processing_time_ms', round(c.full_ms)::bigint)
                  else '{}'::jsonb end,
             case when c.status = 'completed' and c.ai then jsonb_build_object(
                    'excellent_matches', floor(c.resumes * c.u_tier * 0.3)::int,
                    'good_matches', floor(c.resumes * 0.3)::int,
                    'average_matches', floor(c.resumes * 0.2)::int,
                    'poor_matches', c.resumes - floor(c.resumes * c.u_tier * 0.3)::int - floor(c.resumes * 0.3)::int
                                    - floor(c.resumes * 0.2)::int) end,
             jsonb_build_object('correlation_id', substr(md5(c.id::text || 'corr'), 1, 16),
                                'source', ${sqlList(CONTEXT_SOURCES)}::jsonb ->> (floor(c.u_model * ${CONTEXT_SOURCES.length})::int),
                                'candidate_email', c.email,
                                'region', ${sqlList(REGIONS)}::jsonb ->> (c.num % ${REGIONS.length})::int,
                                'requisition', 'REQ-' || (1000 + floor(c.u_title * 400))::int),
             case when c.channel in ('voice', 'efax') and c.started then jsonb_build_array(jsonb_build_object(
                    'endpoint', '/api/workflow/executions/' || c.public_id || '/steps/1', 'method', 'PATCH',
                    'status', 200, 'at', c.created_at)) else '[]'::jsonb end,
             c.error_text,
             case when c.error_text is not null then jsonb_build_object('step_number', c.k_stop) end,
             case when c.ai and c.started then ${sqlList(LLM_MODELS)}::jsonb ->> (floor(power(c.u_model, 1.5) * ${LLM_MODELS.length})::int) end,
             case when c.ai and c.started then round(exp(8 + 0.6 * sqrt(-2 * ln(c.u_t1)) * cos(2 * pi() * c.u_t2)))::int end,
             case when c.u_tier < 0.15 then null when c.u_tier < 0.45 then 1 when c.u_tier < 0.85 then 2 else 3 end,
             case when c.u_tier >= 0.15 then
               ${JSON.stringify(TIER_REASONS)}::jsonb
                 -> (case when c.u_tier < 0.45 then 0 when c.u_tier < 0.85 then 1 else 2 end)
                 ->> (c.num % 2)::int end,
             c.run_started_at,
             c.run_completed_at,
             case when c.status in ('pending', 'active', 'waiting') then ${meta.anchor}::timestamptz + interval '1 day'
                  when c.status = 'timeout' then c.run_completed_at end,
             c.run_duration_ms,
             c.created_at,
             coalesce(c.run_completed_at, c.run_started_at, c.created_at)
      from bench_chunk c`);
    // Step rows, one per node, with the node's configuration copied in as the engine does at start.
    const [stepCount] = await rows<{ n: number }>(
      tx,
      sql`with placed as (
        select c.id as run_id, c.org_id, c.status as run_status, c.k_stop, c.full_ms, c.total_w, c.resumes,
               c.error_text, c.created_at as run_created_at, c.u_n,
               c.run_started_at,
               run.llm_model, run.llm_tokens_used,
               b.id as node_id, b.step_number, b.order_number, b.step_name, b.step_type, b.step_description,
               b.auto_start, b.required_human_approval, b.number_of_approvals_needed, b.approvers,
               b.delay_in_seconds, b.max_retries, b.timeout_seconds, b.config, b.io_schema,
               b.weight, b.cum_before,
               case
                 when c.k_stop = 0 then
                   case when c.status = 'pending' and b.step_number = 1 then 'queued'
                        when c.status = 'pending' then 'pending' else 'skipped' end
                 when b.step_number < c.k_stop then 'completed'
                 when b.step_number = c.k_stop then
                   case c.status when 'failed' then 'failed' when 'timeout' then 'timeout'
                                 when 'cancelled' then 'cancelled' when 'active' then 'running'
                                 else case b.step_type when 'approval' then 'waiting_approval'
                                                       when 'delay' then 'scheduled' else 'waiting_manual' end end
                 when c.status in ('active', 'waiting') then 'pending'
                 else 'skipped' end as status
        from bench_chunk c
        join workflow_runs run on run.id = c.id
        join bench_nodes b on b.workflow_id = c.workflow_id
      ), timed as (
        select p.*,
               p.status in ('completed', 'failed', 'timeout', 'cancelled', 'running') as started,
               p.status in ('completed', 'failed', 'timeout', 'cancelled') as ended,
               p.run_started_at + make_interval(secs => p.full_ms * p.cum_before / p.total_w / 1000) as step_started_at,
               greatest(1, round(p.full_ms * p.weight / p.total_w))::int as step_ms,
               case when p.status in ('failed', 'timeout') then p.max_retries
                    when p.status = 'completed' and random() < 0.03 then 1 else 0 end as retries,
               p.step_type in ('resume_extraction', 'jd_reading', 'resume_reading', 'hr_comparison') as ai_step
        from placed p
      ), inserted as (
        insert into workflow_run_steps (org_id, run_id, node_id, step_number, order_number, step_name, step_type,
          step_description, auto_start, required_human_approval, number_of_approvals_needed, approvers,
          delay_in_seconds, max_retries, timeout_seconds, node_config, io_schema, status, attempt, retry_count,
          run_at, lease_owner, lease_expires_at, heartbeat_at, started_at, completed_at, duration_ms,
          processed_items, total_items, input_data, output_data, events, error_message, error_details,
          llm_model, llm_tokens_used, created_at, updated_at)
        select t.org_id, t.run_id, t.node_id, t.step_number, t.order_number, t.step_name, t.step_type,
               t.step_description, t.auto_start, t.required_human_approval, t.number_of_approvals_needed,
               t.approvers, t.delay_in_seconds, t.max_retries, t.timeout_seconds, t.config, t.io_schema,
               t.status,
               case when t.started then t.retries + 1 else 0 end,
               t.retries,
               case when t.status = 'queued' then t.run_created_at
                    when t.status = 'scheduled' then ${meta.anchor}::timestamptz + make_interval(secs => coalesce(t.delay_in_seconds, 60)) end,
               case when t.status = 'running' then 'bench-worker-' || (1 + floor(t.u_n * 4))::int end,
               case when t.status = 'running' then ${meta.anchor}::timestamptz + interval '30 seconds' end,
               case when t.status = 'running' then ${meta.anchor}::timestamptz end,
               case when t.started then t.step_started_at end,
               case when t.ended then t.step_started_at + make_interval(secs => t.step_ms / 1000.0) end,
               case when t.ended then t.step_ms end,
               case when t.ai_step and t.status = 'completed' then t.resumes else 0 end,
               case when t.ai_step then t.resumes else 0 end,
               case when t.started then jsonb_build_object('resume_count', t.resumes, 'step', t.step_name) end,
               case when t.status = 'completed' then jsonb_build_object('ok', true, 'items', t.resumes) end,
               case when t.status in ('failed', 'timeout') then jsonb_build_array(jsonb_build_object(
                      'type', 'error', 'timestamp', t.step_started_at + make_interval(secs => t.step_ms / 1000.0),
                      'data', jsonb_build_object('message', t.error_text)))
                    else '[]'::jsonb end,
               case when t.status in ('failed', 'timeout') then t.error_text end,
               case when t.status in ('failed', 'timeout') then jsonb_build_object('attempts', t.retries + 1) end,
               case when t.ai_step and t.status = 'completed' then t.llm_model end,
               case when t.ai_step and t.status = 'completed' and t.llm_tokens_used is not null
                    then greatest(1, round(t.llm_tokens_used * t.weight / t.total_w))::int end,
               t.run_created_at,
               coalesce(case when t.ended then t.step_started_at + make_interval(secs => t.step_ms / 1000.0) end,
                        case when t.started then t.step_started_at end, t.run_created_at)
        from timed t
        returning 1
      )
      select count(*)::int as n from inserted`,
    );
    const steps = stepCount?.n ?? 0;
    await tx.execute(sql`update bench_scale_meta
      set slices_done = ${k + 1}, runs_generated = runs_generated + ${n}, steps_generated = steps_generated + ${steps}
      where id = 1`);
    return { runs: n, steps };
  });
}

/**
 * Generates (or resumes, or reuses) the dataset of the given scale in `db`, which must be migrated.
 * Refuses a database that holds data of another scale or generator version: nothing is dropped.
 */
export async function ensureScaleData(
  db: Database,
  options: { scale: number; log?: (line: string) => void },
): Promise<ScaleDataset> {
  const log = options.log ?? (() => {});
  let meta = await readMeta(db);
  if (meta && (meta.scale !== options.scale || meta.generator_version !== GENERATOR_VERSION)) {
    throw new Error(
      `this database holds scale-bench data of scale ${meta.scale} (generator v${meta.generator_version}); ` +
        `run with --scale ${meta.scale} or point BENCH_DATABASE_URL at another database`,
    );
  }
  if (meta?.finished) return datasetOf(meta, false);
  if (!meta) {
    const { a, b } = targetRuns(options.scale);
    log(`generating ${a.toLocaleString("en")} + ${b.toLocaleString("en")} runs in ${SLICES} time slices`);
    await createDefinitions(db, options.scale);
    meta = (await readMeta(db))!;
  } else {
    log(`resuming generation at slice ${meta.slices_done + 1} of ${meta.slices}`);
  }
  const started = performance.now();
  for (let k = meta.slices_done; k < meta.slices; k++) {
    const t0 = performance.now();
    const { runs, steps } = await generateSlice(db, meta, k);
    meta = (await readMeta(db))!;
    log(
      `  slice ${String(k + 1).padStart(2)}/${meta.slices}: +${runs.toLocaleString("en")} runs, ` +
        `+${steps.toLocaleString("en")} steps in ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
        `(${meta.runs_generated.toLocaleString("en")} runs so far, ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  // Vacuumed as autovacuum would soon leave them: otherwise it runs in the middle of a measurement,
  // and index-only scans pay heap visits that a settled installation does not.
  log("  vacuum analyze");
  // the search copies too (0007, 0009): without statistics the planner took the organization's index for a
  // selective one and intersected a million-entry bitmap with every search (30 ms for one e-mail)
  await db.execute(
    sql`vacuum (analyze) workflow_runs, workflow_run_steps, runledger_search.run_text, runledger_search.run_context`,
  );
  await db.execute(sql`update bench_scale_meta set finished_at = now() where id = 1`);
  return datasetOf((await readMeta(db))!, true);
}
