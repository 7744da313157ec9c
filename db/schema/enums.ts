// Status and kind vocabularies, shared by the schema (CHECK constraints), zod and the UI.
// Pure constants: the engine's pure state machine may import these without touching the database.

export const userRoles = ["admin", "manager", "recruiter", "analyst"] as const;
export type UserRole = (typeof userRoles)[number];

export const channels = ["web", "voice", "efax", "api", "email"] as const;
export type Channel = (typeof channels)[number];

export const runStatuses = [
  "pending",
  "active",
  "waiting",
  "completed",
  "failed",
  "cancelled",
  "timeout",
] as const;
export type RunStatus = (typeof runStatuses)[number];
export const terminalRunStatuses = [
  "completed",
  "failed",
  "cancelled",
  "timeout",
] as const satisfies readonly RunStatus[];

export const stepStatuses = [
  "pending",
  "waiting_approval",
  "waiting_manual",
  "scheduled",
  "queued",
  "running",
  "completed",
  "failed",
  "timeout",
  "cancelled",
  "skipped",
] as const;
export type StepStatus = (typeof stepStatuses)[number];
export const terminalStepStatuses = [
  "completed",
  "failed",
  "timeout",
  "cancelled",
  "skipped",
] as const satisfies readonly StepStatus[];

// Step types are declared once, with their words, agents and executors, in lib/steps/registry.ts
// (plain data; a relative import so drizzle-kit resolves it too).
export {
  agentIdsByStepType,
  type StepType,
  stepTypes,
  stepTypesNeedingAJob,
} from "../../lib/steps/registry";

export const matchBands = ["excellent", "good", "average", "poor"] as const;
export type MatchBand = (typeof matchBands)[number];

export const approvalDecisions = ["approved", "rejected"] as const;
export type ApprovalDecision = (typeof approvalDecisions)[number];

export const configScopes = ["global", "channel", "workflow"] as const;
export type ConfigScope = (typeof configScopes)[number];

export const workflowStatuses = ["draft", "active", "archived"] as const;
export const resumeStatuses = ["uploaded", "extracted", "parsed", "failed"] as const;
export const resumeSources = ["upload", "email", "import", "demo"] as const;
export const interviewStatuses = ["scheduled", "completed", "cancelled", "no_show"] as const;
export const todoStatuses = ["open", "in_progress", "done", "cancelled"] as const;
export const todoPriorities = ["low", "normal", "high"] as const;
export const deletedVia = ["self", "workflow"] as const;
export const webhookDeliveryStatuses = ["pending", "delivering", "delivered", "failed", "gave_up"] as const;
export const runSources = ["engine", "external", "import"] as const;
export const idempotencyStates = ["in_flight", "completed"] as const;
export const ioTypes = ["string", "number", "integer", "boolean", "object", "array", "any"] as const;
export type IoType = (typeof ioTypes)[number];
