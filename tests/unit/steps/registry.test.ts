// The step-type registry is the one place a step type is declared: everything that used to keep its
// own list (handlers, enum, labels, agents, the importer, the built-in workflow, start's item counts)
// agrees with it.
import { describe, expect, it } from "vitest";
import { stepTypes as enumStepTypes } from "@/db/schema/enums";
import { stepTypeLabel as chartLabel } from "@/components/analytics/chart-config";
import { stepTypeLabels as editorLabels } from "@/components/workflows/editor-state";
import { createHandlers } from "@/lib/agents";
import { legacyAgents } from "@/lib/import/legacy";
import {
  agentById,
  agentIdsByStepType,
  agents,
  countsResumes,
  stepTypeLabel,
  stepTypeRegistry,
  stepTypes,
  stepTypesNeedingAJob,
} from "@/lib/steps/registry";
import { aiResumeMatchingDefinition } from "@/lib/workflows/builtin-definitions";

describe("step-type registry", () => {
  it("is the database enum, in declaration order", () => {
    expect(enumStepTypes).toBe(stepTypes);
    expect(stepTypes).toEqual(Object.keys(stepTypeRegistry));
  });

  it("the workers have a handler for exactly the types the registry says they run", () => {
    const handled = Object.keys(createHandlers()).sort();
    expect(handled).toEqual(stepTypes.filter((t) => stepTypeRegistry[t].executor === "handler").sort());
    expect(handled).not.toContain("external");
    expect(handled).not.toContain("unknown");
  });

  it("names the four seed-001 agents in pipeline order, each by one step type", () => {
    expect(agents.map((a) => [a.order, a.id, a.stepType])).toEqual([
      [1, "resume-extractor", "resume_extraction"],
      [2, "jd-reader", "jd_reading"],
      [3, "resume-reader", "resume_reading"],
      [4, "hr-comparator", "hr_comparison"],
    ]);
    expect(agentIdsByStepType).toEqual({
      resume_extraction: "resume-extractor",
      jd_reading: "jd-reader",
      resume_reading: "resume-reader",
      hr_comparison: "hr-comparator",
    });
    expect(agentById("hr-comparator")?.name).toBe("HR Comparator");
    expect(agentById("nope")).toBeNull();
  });

  it("the legacy importer and the built-in matching workflow take the agents' names and order from it", () => {
    for (const a of agents) {
      expect(legacyAgents[a.id]).toEqual({ stepType: a.stepType, stepName: a.name, orderNumber: a.order });
    }
    expect(aiResumeMatchingDefinition.nodes.map((n) => [n.stepType, n.stepName])).toEqual(
      agents.map((a) => [a.stepType, a.name]),
    );
  });

  it("says which steps count resumes and which need the job", () => {
    expect(stepTypes.filter(countsResumes)).toEqual(["resume_extraction", "resume_reading", "hr_comparison"]);
    expect(countsResumes("no_such_type")).toBe(false);
    expect(stepTypesNeedingAJob).toEqual(["jd_reading", "hr_comparison"]);
  });

  it("gives every type its words, in charts and in the editor (which marks the AI agents)", () => {
    for (const t of stepTypes) {
      expect(chartLabel(t)).toBe(stepTypeRegistry[t].label);
      expect(editorLabels[t]).toBe(
        agents.some((a) => a.stepType === t) ? `${stepTypeLabel(t)} (AI)` : stepTypeLabel(t),
      );
    }
    expect(stepTypeLabel("voice_call")).toBe("Voice call");
  });
});
