// The workflows every organization gets (data only; lib/workflows/builtin.ts writes them).
//
// AI Resume Matching is the seed-001 batch: four agents in a fixed order. Its IO contract:
//   run inputs       jd_id, resume_ids, force_reprocess
//   1 extractor      resume_ids → extracted_resume_ids, failed_resume_ids, extracted_count
//   2 JD reader      jd_id → jd (requirements), required_skills
//   3 resume reader  resume_ids (bound to 1.extracted_resume_ids, so unreadable files drop out) → candidates
//   4 HR comparator  jd (bound to 2.jd), candidates (bound to 3.candidates) → matches, results, match_rate
// Inputs named like run inputs (jd_id, resume_ids, force_reprocess) are filled from the run when no
// binding supplies them.
//
// Candidate Pipeline is the seed-000/003 shape: a screening step, then the human gates the engine
// supports (two approvals, a cooling-off delay, a manual step) and the steps that create interviews
// and todos linked to the workflow.

import type { IoField } from "@/db/schema/definitions";
import { type NodeDefinition, nodeDefaults, type WorkflowDefinition } from "./definitions";
import { stepTypeRegistry } from "@/lib/steps/registry";

export const AI_RESUME_MATCHING_KEY = "ai_resume_matching";
export const CANDIDATE_PIPELINE_KEY = "candidate_pipeline";
export const builtinKeys = [AI_RESUME_MATCHING_KEY, CANDIDATE_PIPELINE_KEY] as const;
export type BuiltinKey = (typeof builtinKeys)[number];

const jdIdInput: IoField = {
  name: "jd_id",
  type: "string",
  required: true,
  description: "Job description to match against",
  validation: { minLength: 1 },
};
const resumeIdsInput: IoField = {
  name: "resume_ids",
  type: "array",
  required: true,
  description: "Resumes in the batch",
  validation: { minLength: 1, maxLength: 1000 },
};
const forceReprocessInput: IoField = {
  name: "force_reprocess",
  type: "boolean",
  default: false,
  description: "Ignore cached parses and process every file again",
};

const resumeExtraction: NodeDefinition = {
  ...nodeDefaults,
  key: "resume_extraction",
  stepName: stepTypeRegistry.resume_extraction.agent.name,
  stepType: "resume_extraction",
  stepDescription:
    "Extracts plain text from each uploaded resume (PDF, DOCX, text); files that cannot be read are reported, not fatal.",
  maxRetries: 3,
  timeoutSeconds: 120,
  config: { agent: "resume-extractor" },
  ioSchema: {
    inputs: [resumeIdsInput, forceReprocessInput],
    outputs: [
      {
        name: "extracted_resume_ids",
        type: "array",
        required: true,
        description: "Resumes with usable text",
      },
      { name: "failed_resume_ids", type: "array", description: "Resumes whose file could not be read" },
      { name: "extracted_count", type: "integer", required: true, validation: { min: 0 } },
    ],
  },
};

const jdReading: NodeDefinition = {
  ...nodeDefaults,
  key: "jd_reading",
  stepName: stepTypeRegistry.jd_reading.agent.name,
  stepType: "jd_reading",
  stepDescription:
    "Reads the job description into required and nice-to-have skills, minimum years and seniority.",
  maxRetries: 2,
  timeoutSeconds: 60,
  config: { agent: "jd-reader" },
  ioSchema: {
    inputs: [jdIdInput, forceReprocessInput],
    outputs: [
      {
        name: "jd",
        type: "object",
        required: true,
        description: "Parsed requirements of the job description",
      },
      { name: "required_skills", type: "array", required: true },
    ],
  },
};

const resumeReading: NodeDefinition = {
  ...nodeDefaults,
  key: "resume_reading",
  stepName: stepTypeRegistry.resume_reading.agent.name,
  stepType: "resume_reading",
  stepDescription: "Parses each extracted resume into skills, years of experience, titles and education.",
  maxRetries: 3,
  timeoutSeconds: 300,
  config: { agent: "resume-reader" },
  ioSchema: {
    // may be empty: when no file is readable the run still completes, each resume carrying its error
    inputs: [
      {
        ...resumeIdsInput,
        description: "Resumes the extractor could read",
        validation: { minLength: 0, maxLength: 1000 },
      },
      forceReprocessInput,
    ],
    outputs: [
      { name: "candidates", type: "array", required: true, description: "One parsed profile per resume" },
      { name: "parsed_count", type: "integer", required: true, validation: { min: 0 } },
    ],
  },
};

const hrComparison: NodeDefinition = {
  ...nodeDefaults,
  key: "hr_comparison",
  stepName: stepTypeRegistry.hr_comparison.agent.name,
  stepType: "hr_comparison",
  stepDescription: "Scores every candidate against the job description (0-100) and bands the result.",
  maxRetries: 2,
  timeoutSeconds: 600,
  config: { agent: "hr-comparator", bands: { excellent: 85, good: 70, average: 50 } },
  ioSchema: {
    inputs: [
      jdIdInput,
      { name: "jd", type: "object", required: true, description: "From the JD Reader" },
      { name: "candidates", type: "array", required: true, description: "From the Resume Reader" },
    ],
    outputs: [
      {
        name: "matches",
        type: "array",
        required: true,
        description: "resume_id, score and band per candidate",
      },
      { name: "results", type: "object", required: true, description: "Counts per band" },
      { name: "match_rate", type: "number", required: true, validation: { min: 0, max: 100 } },
      { name: "top_matches", type: "integer", required: true, validation: { min: 0 } },
    ],
  },
};

export const aiResumeMatchingDefinition: WorkflowDefinition = {
  builtinKey: AI_RESUME_MATCHING_KEY,
  name: "AI Resume Matching",
  description:
    "Matches a batch of resumes against a job description with four agents: extract, read the JD, read the resumes, compare.",
  nodes: [resumeExtraction, jdReading, resumeReading, hrComparison],
  bindings: [
    {
      source: "resume_extraction",
      sourceKey: "extracted_resume_ids",
      target: "resume_reading",
      targetKey: "resume_ids",
    },
    { source: "jd_reading", sourceKey: "jd", target: "hr_comparison", targetKey: "jd" },
    { source: "resume_reading", sourceKey: "candidates", target: "hr_comparison", targetKey: "candidates" },
  ],
  channels: [
    { channel: "web", enabled: true, priority: 10 },
    { channel: "api", enabled: true, priority: 5 },
  ],
};

export const candidatePipelineDefinition: WorkflowDefinition = {
  builtinKey: CANDIDATE_PIPELINE_KEY,
  name: "Candidate Pipeline",
  description:
    "Takes one candidate from screening to offer: AI screening, hiring-manager sign-off, a cooling-off period, a recruiter phone screen, the panel interview and the offer pack.",
  nodes: [
    {
      ...nodeDefaults,
      key: "screening",
      stepName: "Resume screening",
      stepType: "hr_comparison",
      stepDescription: "Scores the candidate's resume against the job description.",
      maxRetries: 2,
      timeoutSeconds: 600,
      config: { agent: "hr-comparator" },
      ioSchema: {
        inputs: [jdIdInput, { ...resumeIdsInput, validation: { minLength: 1, maxLength: 1 } }],
        outputs: [
          { name: "matches", type: "array", required: true },
          { name: "top_matches", type: "integer", required: true, validation: { min: 0 } },
        ],
      },
    },
    {
      ...nodeDefaults,
      key: "sign_off",
      stepName: "Hiring manager sign-off",
      stepType: "approval",
      stepDescription: "Two approvals from managers or admins before the candidate is contacted.",
      requiredHumanApproval: true,
      numberOfApprovalsNeeded: 2,
      // empty: any manager or admin of the organization may decide
      approvers: [],
      maxRetries: 0,
      ioSchema: {
        inputs: [],
        outputs: [{ name: "approved_by", type: "array", description: "Users who approved" }],
      },
    },
    {
      ...nodeDefaults,
      key: "cooling_off",
      stepName: "Cooling-off",
      stepType: "delay",
      stepDescription: "Waits a minute so a sign-off given by mistake can still be withdrawn.",
      delayInSeconds: 60,
      maxRetries: 0,
      ioSchema: { inputs: [], outputs: [] },
    },
    {
      ...nodeDefaults,
      key: "phone_screen",
      stepName: "Recruiter phone screen",
      stepType: "manual",
      stepDescription: "The recruiter calls the candidate and starts this step when the call is done.",
      autoStart: false,
      maxRetries: 0,
      ioSchema: {
        inputs: [],
        outputs: [
          { name: "outcome", type: "string", validation: { enum: ["pass", "hold", "reject"] } },
          { name: "notes", type: "string" },
        ],
      },
    },
    {
      ...nodeDefaults,
      key: "interview",
      stepName: "Schedule panel interview",
      stepType: "interview_scheduling",
      stepDescription: "Books a 60-minute panel interview and links it to this workflow.",
      maxRetries: 2,
      timeoutSeconds: 60,
      config: { title: "Panel interview", duration_minutes: 60, location: "Video call" },
      ioSchema: {
        inputs: [
          { name: "matches", type: "array", description: "Screening result, for the interview notes" },
        ],
        outputs: [{ name: "interview_ids", type: "array", required: true }],
      },
    },
    {
      ...nodeDefaults,
      key: "offer_pack",
      stepName: "Send offer pack",
      stepType: "todo",
      stepDescription: "Creates a todo for the recruiter to send the offer pack.",
      maxRetries: 2,
      timeoutSeconds: 30,
      config: { title: "Send offer pack", priority: "high", due_in_hours: 48 },
      ioSchema: { inputs: [], outputs: [{ name: "todo_id", type: "string", required: true }] },
    },
  ],
  bindings: [{ source: "screening", sourceKey: "matches", target: "interview", targetKey: "matches" }],
  channels: [
    { channel: "web", enabled: true, priority: 10 },
    { channel: "api", enabled: true, priority: 5 },
  ],
};

export const builtinWorkflowDefinitions: Record<BuiltinKey, WorkflowDefinition> = {
  [AI_RESUME_MATCHING_KEY]: aiResumeMatchingDefinition,
  [CANDIDATE_PIPELINE_KEY]: candidatePipelineDefinition,
};
