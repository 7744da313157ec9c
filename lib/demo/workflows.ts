// The demo organization's own workflows besides the built-ins: intake over the voice and eFax
// channels. Their runs are reported by external executors (the voice agent, the fax gateway), which is
// why most of their steps are `external`.

import type { IoField } from "@/db/schema/definitions";
import { nodeDefaults, type WorkflowDefinition } from "@/lib/workflows/definitions";

const candidatePhone: IoField = { name: "candidate_phone", type: "string", required: true };

export const voiceScreeningDefinition: WorkflowDefinition = {
  name: "Voice screening call",
  description:
    "An AI voice agent calls the candidate, asks the role's screening questions, and the answers are scored against the job description.",
  nodes: [
    {
      ...nodeDefaults,
      key: "dial",
      stepName: "Dial candidate",
      stepType: "external",
      stepDescription: "The voice provider places the call; up to three attempts.",
      maxRetries: 2,
      timeoutSeconds: 120,
      config: { executor: "voice-agent", action: "dial" },
      ioSchema: {
        inputs: [candidatePhone, { name: "jd_id", type: "string", required: true }],
        outputs: [{ name: "call_sid", type: "string", required: true }],
      },
    },
    {
      ...nodeDefaults,
      key: "interview",
      stepName: "Conduct screening interview",
      stepType: "external",
      stepDescription: "The voice agent asks five screening questions and records the answers.",
      maxRetries: 1,
      timeoutSeconds: 1200,
      config: { executor: "voice-agent", action: "screen", questions: 5 },
      ioSchema: {
        inputs: [{ name: "call_sid", type: "string", required: true }],
        outputs: [
          { name: "transcript", type: "string", required: true },
          { name: "answers", type: "array", required: true },
        ],
      },
    },
    {
      ...nodeDefaults,
      key: "score",
      stepName: "Score answers",
      stepType: "hr_comparison",
      stepDescription: "Scores the transcript against the job's requirements.",
      maxRetries: 2,
      timeoutSeconds: 300,
      config: { agent: "hr-comparator", source: "transcript" },
      ioSchema: {
        inputs: [
          { name: "jd_id", type: "string", required: true },
          { name: "transcript", type: "string", required: true },
        ],
        outputs: [
          { name: "score", type: "number", required: true, validation: { min: 0, max: 100 } },
          { name: "band", type: "string", required: true },
        ],
      },
    },
    {
      ...nodeDefaults,
      key: "notify",
      stepName: "Post result to ATS",
      stepType: "webhook_call",
      stepDescription: "Sends the score and transcript link to the applicant tracking system.",
      maxRetries: 3,
      timeoutSeconds: 30,
      config: { event: "screening.completed" },
      ioSchema: {
        inputs: [
          { name: "score", type: "number", required: true },
          { name: "band", type: "string", required: true },
        ],
        outputs: [{ name: "status_code", type: "integer" }],
      },
    },
  ],
  bindings: [
    { source: "dial", sourceKey: "call_sid", target: "interview", targetKey: "call_sid" },
    { source: "interview", sourceKey: "transcript", target: "score", targetKey: "transcript" },
    { source: "score", sourceKey: "score", target: "notify", targetKey: "score" },
    { source: "score", sourceKey: "band", target: "notify", targetKey: "band" },
  ],
  channels: [
    { channel: "voice", enabled: true, priority: 10 },
    { channel: "api", enabled: true, priority: 5 },
  ],
};

export const efaxIntakeDefinition: WorkflowDefinition = {
  name: "eFax document intake",
  description:
    "Resumes and signed forms arriving by fax are received, OCR'd, parsed and put in front of a recruiter for review.",
  nodes: [
    {
      ...nodeDefaults,
      key: "receive",
      stepName: "Receive fax pages",
      stepType: "external",
      stepDescription: "The fax gateway reports the transmission and uploads the pages.",
      maxRetries: 1,
      timeoutSeconds: 600,
      config: { executor: "fax-gateway" },
      ioSchema: {
        inputs: [{ name: "fax_id", type: "string", required: true }],
        outputs: [
          { name: "pages", type: "integer", required: true, validation: { min: 1 } },
          { name: "document_url", type: "string", required: true },
        ],
      },
    },
    {
      ...nodeDefaults,
      key: "ocr",
      stepName: "OCR and extract text",
      stepType: "resume_extraction",
      stepDescription: "Runs OCR over the pages; rejects pages below the confidence threshold.",
      maxRetries: 2,
      timeoutSeconds: 180,
      config: { agent: "resume-extractor", ocr: true, min_confidence: 0.6 },
      ioSchema: {
        inputs: [{ name: "document_url", type: "string", required: true }],
        outputs: [
          { name: "text", type: "string", required: true },
          { name: "confidence", type: "number", required: true, validation: { min: 0, max: 1 } },
        ],
      },
    },
    {
      ...nodeDefaults,
      key: "parse",
      stepName: "Parse candidate details",
      stepType: "resume_reading",
      stepDescription: "Reads name, contact details, experience and skills from the OCR text.",
      maxRetries: 2,
      timeoutSeconds: 300,
      config: { agent: "resume-reader" },
      ioSchema: {
        inputs: [{ name: "text", type: "string", required: true }],
        outputs: [{ name: "candidate", type: "object", required: true }],
      },
    },
    {
      ...nodeDefaults,
      key: "review",
      stepName: "Recruiter review",
      stepType: "manual",
      stepDescription: "A recruiter checks the parsed record against the fax and files it.",
      autoStart: false,
      maxRetries: 0,
      ioSchema: { inputs: [], outputs: [{ name: "accepted", type: "boolean" }] },
    },
  ],
  bindings: [
    { source: "receive", sourceKey: "document_url", target: "ocr", targetKey: "document_url" },
    { source: "ocr", sourceKey: "text", target: "parse", targetKey: "text" },
  ],
  channels: [
    { channel: "efax", enabled: true, priority: 10 },
    { channel: "email", enabled: false, priority: 0 },
  ],
};

export const demoWorkflowDefinitions = [voiceScreeningDefinition, efaxIntakeDefinition] as const;
