import { describe, expect, it } from "vitest";
import {
  apiPathToDraftKey,
  basicIoCheck,
  draftFromWorkflow,
  type EditorState,
  editorReducer,
  initialDraft,
  validateDraft,
  validatorFrom,
  type WorkflowDetail,
} from "@/components/workflows/editor-state";
import { ioSchemaSchema } from "@/lib/engine/io-schema";

const engineIo = validatorFrom(ioSchemaSchema);

const io = (inputs: string[], outputs: string[]) => ({
  inputs: inputs.map((name) => ({ name, type: "string" as const })),
  outputs: outputs.map((name) => ({ name, type: "string" as const })),
});

function node(id: string, order: number, overrides: Partial<WorkflowDetail["nodes"][number]> = {}) {
  return {
    id,
    order_number: order,
    step_name: `Step ${order}`,
    step_type: "manual" as const,
    step_description: null,
    auto_start: true,
    required_human_approval: false,
    number_of_approvals_needed: null,
    approvers: [],
    delay_in_seconds: null,
    max_retries: 2,
    timeout_seconds: null,
    config: {},
    io_schema: io([], []),
    ...overrides,
  };
}

/** Screening → sign-off → interview, with screening.matches bound into interview.matches. */
function sample(): EditorState {
  return draftFromWorkflow({
    name: "Pipeline",
    description: "Screen, approve, interview",
    nodes: [
      node("id-3", 3, { step_name: "Interview", io_schema: io(["matches"], []) }),
      node("id-1", 1, { step_name: "Screening", step_type: "hr_comparison", io_schema: io([], ["matches"]) }),
      node("id-2", 2, {
        step_name: "Sign-off",
        step_type: "approval",
        required_human_approval: true,
        number_of_approvals_needed: 2,
      }),
    ],
    bindings: [
      {
        id: "b",
        source_node_id: "id-1",
        source_order: 1,
        source_key: "matches",
        target_node_id: "id-3",
        target_order: 3,
        target_key: "matches",
        binding_type: "direct",
      },
    ],
  });
}

describe("draftFromWorkflow", () => {
  it("orders nodes by order_number and points bindings at node uids", () => {
    const s = sample();
    expect(s.nodes.map((n) => n.step_name)).toEqual(["Screening", "Sign-off", "Interview"]);
    expect(s.bindings).toHaveLength(1);
    expect(s.bindings[0]).toMatchObject({ source: s.nodes[0]!.uid, target: s.nodes[2]!.uid });
    expect(s.nodes[1]!.number_of_approvals_needed).toBe("2");
    expect(s.nodes[0]!.delay_in_seconds).toBe("");
    expect(s.revision).toBe(0);
  });
});

describe("editorReducer", () => {
  it("adds a node with defaults that fit its step type and a fresh uid", () => {
    const s = editorReducer(sample(), { type: "add_node", stepType: "delay" });
    expect(s.nodes).toHaveLength(4);
    const added = s.nodes[3]!;
    expect(added.step_type).toBe("delay");
    expect(added.delay_in_seconds).toBe("60");
    expect(new Set(s.nodes.map((n) => n.uid)).size).toBe(4);
    expect(s.revision).toBe(1);
  });

  it("moves a node and keeps its bindings attached to it", () => {
    const before = sample();
    const interview = before.nodes[2]!.uid;
    const s = editorReducer(before, { type: "move_node", uid: interview, by: -1 });
    expect(s.nodes.map((n) => n.step_name)).toEqual(["Screening", "Interview", "Sign-off"]);
    expect(s.bindings[0]!.target).toBe(interview);
  });

  it("does nothing when a node is moved past either end", () => {
    const s = sample();
    expect(editorReducer(s, { type: "move_node", uid: s.nodes[0]!.uid, by: -1 })).toBe(s);
    expect(editorReducer(s, { type: "move_node", uid: s.nodes[2]!.uid, by: 1 })).toBe(s);
  });

  it("removes a node together with the bindings that touch it", () => {
    const s0 = sample();
    const s = editorReducer(s0, { type: "remove_node", uid: s0.nodes[0]!.uid });
    expect(s.nodes.map((n) => n.step_name)).toEqual(["Sign-off", "Interview"]);
    expect(s.bindings).toEqual([]);
  });

  it("updates one node's fields only", () => {
    const s0 = sample();
    const s = editorReducer(s0, { type: "update_node", uid: s0.nodes[1]!.uid, patch: { max_retries: "5" } });
    expect(s.nodes[1]!.max_retries).toBe("5");
    expect(s.nodes[0]).toBe(s0.nodes[0]);
  });

  it("adds, edits and removes binding rows", () => {
    let s = editorReducer(sample(), { type: "add_binding" });
    expect(s.bindings).toHaveLength(2);
    const uid = s.bindings[1]!.uid;
    s = editorReducer(s, { type: "update_binding", uid, patch: { source_key: "matches" } });
    expect(s.bindings[1]!.source_key).toBe("matches");
    s = editorReducer(s, { type: "remove_binding", uid });
    expect(s.bindings).toHaveLength(1);
  });
});

describe("validateDraft", () => {
  it("serializes a sound draft with positions as order numbers and keys", () => {
    const result = validateDraft(sample());
    expect(result.errors).toBeNull();
    expect(result.body?.nodes.map((n) => [n.key, n.order_number, n.step_name])).toEqual([
      ["n1", 1, "Screening"],
      ["n2", 2, "Sign-off"],
      ["n3", 3, "Interview"],
    ]);
    expect(result.body?.bindings).toEqual([
      { source: "n1", source_key: "matches", target: "n3", target_key: "matches" },
    ]);
    expect(result.body?.nodes[1]).toMatchObject({
      required_human_approval: true,
      number_of_approvals_needed: 2,
    });
  });

  it("reports bad numbers, JSON and names on the node they belong to", () => {
    const s0 = sample();
    const uid = s0.nodes[1]!.uid;
    let s = editorReducer(s0, {
      type: "update_node",
      uid,
      patch: { max_retries: "101", timeout_seconds: "0" },
    });
    s = editorReducer(s, { type: "update_node", uid, patch: { io_schema: "{ nope", step_name: " " } });
    const { errors } = validateDraft(s);
    expect(errors).toMatchObject({
      [`nodes.${uid}.max_retries`]: "At most 100",
      [`nodes.${uid}.timeout_seconds`]: "At least 1",
      [`nodes.${uid}.step_name`]: "Give the step a name",
    });
    expect(errors?.[`nodes.${uid}.io_schema`]).toMatch(/^Not valid JSON/);
  });

  it("checks the IO schema's shape with the engine's rules", () => {
    const s0 = sample();
    const uid = s0.nodes[0]!.uid;
    const s = editorReducer(s0, {
      type: "update_node",
      uid,
      patch: { io_schema: JSON.stringify({ inputs: [{ name: "x", type: "text" }], outputs: [] }) },
    });
    expect(validateDraft(s, engineIo).errors?.[`nodes.${uid}.io_schema`]).toMatch(/^inputs\.0\.type/);
    expect(validateDraft(s).errors?.[`nodes.${uid}.io_schema`]).toMatch(/^inputs\.0\.type: must be one of/);
  });

  it("leaves the engine's finer rules (validation that does not fit the type) to the engine's schema", () => {
    const s0 = sample();
    const uid = s0.nodes[1]!.uid;
    const io = { inputs: [{ name: "n", type: "number", validation: { minLength: 2 } }], outputs: [] };
    const s = editorReducer(s0, { type: "update_node", uid, patch: { io_schema: JSON.stringify(io) } });
    expect(validateDraft(s).errors).toBeNull();
    expect(validateDraft(s, engineIo).errors?.[`nodes.${uid}.io_schema`]).toBe(
      "inputs.0.validation.minLength: minLength does not apply to number fields",
    );
    expect(basicIoCheck({ inputs: [], outputs: {} })).toEqual({ error: "outputs: must be a list" });
  });

  it("refuses more approvals than listed approvers and approvers that are not user ids", () => {
    const s0 = sample();
    const uid = s0.nodes[1]!.uid;
    const one = "0b7d3c52-5f6a-4b53-9a43-2f1f1d0a9e11";
    let s = editorReducer(s0, { type: "update_node", uid, patch: { approvers: [one] } });
    expect(validateDraft(s).errors?.[`nodes.${uid}.number_of_approvals_needed`]).toBe(
      "Needs 2 approvals but only 1 approver is listed",
    );
    s = editorReducer(s0, { type: "update_node", uid, patch: { approvers: ["bob"] } });
    expect(validateDraft(s).errors?.[`nodes.${uid}.approvers`]).toBe("“bob” is not a user id");
  });

  it("drops approval settings from nodes that do not need approval", () => {
    const s0 = sample();
    const uid = s0.nodes[1]!.uid;
    const s = editorReducer(s0, { type: "update_node", uid, patch: { required_human_approval: false } });
    expect(validateDraft(s).body?.nodes[1]).toMatchObject({
      number_of_approvals_needed: null,
      approvers: [],
    });
  });

  it("checks bindings: later target, declared output and input, each input bound once", () => {
    const s0 = sample();
    const [screening, signOff, interview] = s0.nodes.map((n) => n.uid);
    let s = editorReducer(s0, { type: "move_node", uid: interview!, by: -1 });
    s = editorReducer(s, { type: "move_node", uid: interview!, by: -1 });
    const b = s.bindings[0]!.uid;
    expect(validateDraft(s).errors?.[`bindings.${b}.target`]).toBe("Must be a later node than the source");

    s = editorReducer(s0, { type: "add_binding" });
    const b2 = s.bindings[1]!.uid;
    s = editorReducer(s, {
      type: "update_binding",
      uid: b2,
      patch: { source: screening!, source_key: "score", target: interview!, target_key: "matches" },
    });
    const errors = validateDraft(s).errors;
    expect(errors?.[`bindings.${b2}.source_key`]).toBe("“score” is not an output of that node");
    expect(errors?.[`bindings.${b2}.target_key`]).toBe("This input is already bound");

    s = editorReducer(s0, {
      type: "update_binding",
      uid: s0.bindings[0]!.uid,
      patch: { target: signOff! },
    });
    expect(validateDraft(s).errors?.[`bindings.${s0.bindings[0]!.uid}.target_key`]).toBe(
      "“matches” is not an input of that node",
    );
  });

  it("needs a name and at least one node", () => {
    let s = initialDraft();
    s = editorReducer(s, { type: "remove_node", uid: s.nodes[0]!.uid });
    expect(validateDraft(s).errors).toEqual({
      name: "Give the workflow a name",
      nodes: "A workflow needs at least one node",
    });
  });
});

describe("apiPathToDraftKey", () => {
  it("maps the API's index paths to the draft's uid keys", () => {
    const s = sample();
    expect(apiPathToDraftKey(s, "body.nodes.1.approvers.0")).toBe(`nodes.${s.nodes[1]!.uid}.approvers`);
    expect(apiPathToDraftKey(s, "body.bindings.0.target_key")).toBe(
      `bindings.${s.bindings[0]!.uid}.target_key`,
    );
    expect(apiPathToDraftKey(s, "body.name")).toBe("name");
    expect(apiPathToDraftKey(s, "body.nodes.9.step_name")).toBeNull();
    expect(apiPathToDraftKey(s, "query.x")).toBeNull();
  });
});
