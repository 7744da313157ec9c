import { describe, expect, it } from "vitest";
import { diffVersions } from "@/components/workflows/version-diff";

const node = (order: number, extra: Record<string, unknown> = {}) => ({
  order_number: order,
  step_name: `Step ${order}`,
  step_type: "manual",
  step_description: "",
  auto_start: true,
  required_human_approval: false,
  number_of_approvals_needed: null,
  approvers: [],
  delay_in_seconds: null,
  max_retries: 2,
  timeout_seconds: null,
  config: { a: 1, b: 2 },
  io_schema: { inputs: [], outputs: [] },
  ...extra,
});

const v1 = {
  name: "Pipeline",
  description: "d",
  nodes: [node(1), node(2)],
  bindings: [{ source_order: 1, source_key: "x", target_order: 2, target_key: "x" }],
  channels: [{ channel: "web", enabled: true, priority: 10 }],
};

describe("diffVersions", () => {
  it("is empty for identical snapshots, whatever the key order of objects", () => {
    const same = { ...v1, nodes: [node(1, { config: { b: 2, a: 1 } }), node(2)] };
    expect(diffVersions(v1, same)).toEqual([]);
  });

  it("names changed node fields with old and new values", () => {
    const v2 = {
      ...v1,
      nodes: [node(1), node(2, { max_retries: 5, step_name: "Review", auto_start: false })],
    };
    expect(diffVersions(v1, v2)).toEqual([
      "Node 2 “Review”: name Step 2 → Review, auto-start yes → no, max retries 2 → 5",
    ]);
  });

  it("reports added and removed nodes, bindings, channels and a rename", () => {
    const v2 = {
      name: "Pipeline 2",
      description: "d",
      nodes: [node(1), node(2), node(3)],
      bindings: [],
      channels: [
        { channel: "web", enabled: true, priority: 5 },
        { channel: "api", enabled: true, priority: 1 },
      ],
    };
    expect(diffVersions(v1, v2)).toEqual([
      "Renamed from “Pipeline” to “Pipeline 2”",
      "Added node 3 “Step 3”",
      "Binding removed: 1.x → 2.x",
      "Channel web priority 10 → 5",
      "Channel api added",
    ]);
    expect(diffVersions(v2, v1)).toContain("Removed node 3 “Step 3”");
  });

  it("tolerates snapshots that are not objects", () => {
    expect(diffVersions(null, { name: "A", nodes: [node(1)] })).toEqual([
      "Renamed from “” to “A”",
      "Added node 1 “Step 1”",
    ]);
  });
});
