// Every step type, declared once: its words, the seed-001 agent that runs it (if any), whether it
// counts resumes, who executes it and what a start needs. The database enum, startRun, the handler
// map (lib/agents/index.ts, checked against `handledStepTypes` by the compiler), the UI labels, the
// legacy importer, OpenAPI and the e-mail intake read it.
//
// Plain data with no imports, so the browser, the database schema and the engine can all read it.
// A new step type is one entry here plus its handler (plus a migration only if the database needs
// one: step_type is text, so it does not).

export type StepTypeInfo = {
  /** Human words, in selects, tables and charts. */
  label: string;
  /** The seed-001 AI agent that this step is: its id on the wire, name, one line, place in the pipeline. */
  agent?: { id: string; name: string; does: string; order: number };
  /** Counts the run's resumes as its items (total_items = the batch size at start). */
  countsResumes: boolean;
  /** Who executes it: a handler in our workers, an external executor over the API, or nobody. */
  executor: "handler" | "external" | "none";
  /** Reads the run's job (input jd_id): e-mail intake refuses a message without one. */
  needsJob: boolean;
};

export const stepTypeRegistry = {
  resume_extraction: {
    label: "Resume extraction",
    agent: {
      id: "resume-extractor",
      name: "Resume Extractor",
      does: "Reads text out of each file",
      order: 1,
    },
    countsResumes: true,
    executor: "handler",
    needsJob: false,
  },
  jd_reading: {
    label: "JD reading",
    agent: { id: "jd-reader", name: "JD Reader", does: "Reads the job's requirements", order: 2 },
    countsResumes: false,
    executor: "handler",
    needsJob: true,
  },
  resume_reading: {
    label: "Resume reading",
    agent: { id: "resume-reader", name: "Resume Reader", does: "Parses skills and experience", order: 3 },
    countsResumes: true,
    executor: "handler",
    needsJob: false,
  },
  hr_comparison: {
    label: "HR comparison",
    agent: { id: "hr-comparator", name: "HR Comparator", does: "Scores and ranks candidates", order: 4 },
    countsResumes: true,
    executor: "handler",
    needsJob: true,
  },
  approval: { label: "Approval", countsResumes: false, executor: "handler", needsJob: false },
  manual: { label: "Manual step", countsResumes: false, executor: "handler", needsJob: false },
  delay: { label: "Delay", countsResumes: false, executor: "handler", needsJob: false },
  interview_scheduling: {
    label: "Interview scheduling",
    countsResumes: false,
    executor: "handler",
    needsJob: false,
  },
  todo: { label: "Todo", countsResumes: false, executor: "handler", needsJob: false },
  webhook_call: { label: "Webhook call", countsResumes: false, executor: "handler", needsJob: false },
  // claimed and completed by external executors over the API
  external: { label: "External executor", countsResumes: false, executor: "external", needsJob: false },
  // imported steps whose type was lost: nothing runs them, so they fail with a clear error
  unknown: { label: "Unknown", countsResumes: false, executor: "none", needsJob: false },
} as const satisfies Record<string, StepTypeInfo>;

type Registry = typeof stepTypeRegistry;
export type StepType = keyof Registry;

/** The step types in declaration order (the database enum). */
export const stepTypes = Object.keys(stepTypeRegistry) as [StepType, ...StepType[]];

/** The step types our workers run: the handler map must have exactly these. */
export type HandledStepType = {
  [K in StepType]: Registry[K]["executor"] extends "handler" ? K : never;
}[StepType];

type AgentStepType = { [K in StepType]: Registry[K] extends { agent: object } ? K : never }[StepType];
export type AgentId = { [K in AgentStepType]: Registry[K]["agent"]["id"] }[AgentStepType];

/** The four AI agents of seed 001, by the step type that runs each. */
export const agentIdsByStepType = Object.fromEntries(
  Object.entries(stepTypeRegistry).flatMap(([type, info]) =>
    "agent" in info ? [[type, info.agent.id] as const] : [],
  ),
) as { [K in AgentStepType]: Registry[K]["agent"]["id"] };

/** The agents in pipeline order, with the step type that runs each. */
export const agents: readonly {
  stepType: AgentStepType;
  id: AgentId;
  name: string;
  does: string;
  order: number;
}[] = Object.entries(stepTypeRegistry)
  .flatMap(([type, info]) =>
    "agent" in info ? [{ stepType: type as AgentStepType, ...info.agent, id: info.agent.id as AgentId }] : [],
  )
  .sort((a, b) => a.order - b.order);

export function agentOf(stepType: string): (typeof agents)[number] | null {
  return agents.find((a) => a.stepType === stepType) ?? null;
}

export function agentById(agentId: string): (typeof agents)[number] | null {
  return agents.find((a) => a.id === agentId) ?? null;
}

export function isStepType(value: string): value is StepType {
  return Object.hasOwn(stepTypeRegistry, value);
}

/** Human words for a step type; a type this version does not know (old data) reads as its own words. */
export function stepTypeLabel(stepType: string): string {
  return isStepType(stepType)
    ? stepTypeRegistry[stepType].label
    : stepType.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

export function countsResumes(stepType: string): boolean {
  return isStepType(stepType) && stepTypeRegistry[stepType].countsResumes;
}

/** Step types whose handlers need the run's job (input jd_id). */
export const stepTypesNeedingAJob = stepTypes.filter((t) => stepTypeRegistry[t].needsJob);
