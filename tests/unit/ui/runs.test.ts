import { describe, expect, it } from "vitest";
import { uploadOutcome } from "@/lib/ui/resources";
import {
  agentOfStep,
  mergeRun,
  mergeStep,
  parseStreamData,
  type RunDocument,
  type RunStep,
} from "@/lib/ui/runs";

function makeStep(n: number, type: string, patch: Partial<RunStep> = {}): RunStep {
  return {
    id: `s${n}`,
    step_number: n,
    node_id: null,
    order_number: n,
    step_name: `Step ${n}`,
    step_type: type as RunStep["step_type"],
    step_description: null,
    auto_start: true,
    required_human_approval: false,
    number_of_approvals_needed: null,
    approvers: [],
    approvals: [],
    delay_in_seconds: null,
    max_retries: 0,
    timeout_seconds: null,
    status: "pending",
    attempt: 0,
    retry_count: 0,
    run_at: null,
    started_at: null,
    completed_at: null,
    duration_ms: null,
    processed_items: 0,
    total_items: 3,
    input_data: null,
    output_data: null,
    events: [],
    screenshots: [],
    error_message: null,
    error_details: null,
    metadata: {},
    llm: null,
    updated_at: "2025-03-04T12:00:00.000Z",
    ...patch,
  };
}

function makeDoc(): RunDocument {
  const steps = [makeStep(1, "resume_extraction"), makeStep(2, "jd_reading")];
  return {
    workflow_id: "WF-000001",
    status: "active",
    updated_at: "2025-03-04T12:00:00.000Z",
    steps,
    agents: steps.map((s) => agentOfStep(s)!),
    matches: [],
    progress: { completed_agents: 0, total_agents: 2, completed_steps: 0, total_steps: 2, percentage: 0 },
  } as unknown as RunDocument;
}

describe("mergeStep", () => {
  it("replaces the step and its agent card and recounts completed agents", () => {
    const doc = makeDoc();
    const next = mergeStep(
      doc,
      makeStep(1, "resume_extraction", {
        status: "completed",
        processed_items: 3,
        updated_at: "2025-03-04T12:00:05.000Z",
      }),
    );
    expect(next.steps[0]?.status).toBe("completed");
    expect(next.agents[0]).toMatchObject({
      agent_id: "resume-extractor",
      status: "completed",
      processed: 3,
      total: 3,
    });
    expect(next.progress).toMatchObject({ completed_agents: 1 });
    expect(doc.steps[0]?.status).toBe("pending"); // immutable
  });

  it("ignores an older snapshot of a step delivered after a newer one", () => {
    const doc = mergeStep(
      makeDoc(),
      makeStep(1, "resume_extraction", { status: "running", updated_at: "2025-03-04T12:00:05.000Z" }),
    );
    const stale = mergeStep(
      doc,
      makeStep(1, "resume_extraction", { status: "queued", updated_at: "2025-03-04T12:00:01.000Z" }),
    );
    expect(stale).toBe(doc);
  });

  it("adds a step it did not know, in order, without inventing an agent for it", () => {
    const next = mergeStep(makeDoc(), makeStep(3, "approval", { id: "s3" }));
    expect(next.steps.map((s) => s.step_number)).toEqual([1, 2, 3]);
    expect(next.agents).toHaveLength(2);
  });
});

describe("mergeRun", () => {
  it("patches run fields from a summary and keeps steps and matches", () => {
    const doc = makeDoc();
    const next = mergeRun(doc, {
      status: "completed",
      updated_at: "2025-03-04T12:01:00.000Z",
      progress: { percentage: 100 },
      steps: undefined,
    });
    expect(next?.status).toBe("completed");
    expect(next?.steps).toBe(doc.steps);
    expect(next?.progress).toMatchObject({ percentage: 100, total_agents: 2 });
  });

  it("takes a full document as is, unless it is older", () => {
    const doc = makeDoc();
    const newer = { ...makeDoc(), status: "waiting", updated_at: "2025-03-04T12:02:00.000Z" };
    expect(mergeRun(doc, newer)).toBe(newer);
    expect(mergeRun(doc, { ...newer, updated_at: "2025-03-04T11:00:00.000Z" })).toBe(doc);
  });

  it("ignores what is not a run", () => {
    const doc = makeDoc();
    expect(mergeRun(doc, { hello: "world" })).toBe(doc);
    expect(mergeRun(doc, null)).toBe(doc);
  });
});

describe("parseStreamData", () => {
  it("parses objects only", () => {
    expect(parseStreamData('{"a":1}')).toEqual({ a: 1 });
    expect(parseStreamData("[1]")).toBeNull();
    expect(parseStreamData("nope")).toBeNull();
  });
});

describe("uploadOutcome", () => {
  it("reads the per-file result of a 201", () => {
    expect(
      uploadOutcome(
        201,
        { results: [{ file_name: "a.pdf", ok: true, resume_id: "r1", duplicate: false }] },
        "a.pdf",
      ),
    ).toEqual({ file_name: "a.pdf", ok: true, resume_id: "r1" });
  });

  it("reads the per-file error of a 422", () => {
    expect(
      uploadOutcome(
        422,
        {
          error: { code: "unprocessable", message: "No file could be stored" },
          results: [
            {
              file_name: "x.exe",
              ok: false,
              error: { code: "unsupported_media_type", message: "Not a resume" },
            },
          ],
        },
        "x.exe",
      ),
    ).toEqual({
      file_name: "x.exe",
      ok: false,
      error: { code: "unsupported_media_type", message: "Not a resume" },
    });
  });

  it("falls back to the request's error", () => {
    expect(
      uploadOutcome(413, { error: { code: "payload_too_large", message: "Body exceeds" } }, "big.pdf"),
    ).toEqual({
      file_name: "big.pdf",
      ok: false,
      error: { code: "payload_too_large", message: "Body exceeds" },
    });
    expect(uploadOutcome(502, "Bad gateway", "a.pdf").error?.message).toBe("Upload failed (502)");
  });
});
