// The workflow editor's state as plain data and a pure reducer, so every edit (add, remove, reorder,
// change a field, wire a binding) is unit-testable without a browser. Number fields are kept as the
// text the user typed; validateDraft() turns the draft into the API body or into field errors.
//
// Decisions:
// - Nodes and bindings carry a local `uid` that never changes while editing. Bindings point at nodes
//   by uid, so reordering nodes keeps every binding attached to the node it was drawn from; node keys
//   for the request (`n1`, `n2` …) are assigned only when the draft is serialized, by position.
// - Removing a node removes the bindings that touch it: a binding to nothing would only fail on save.
// - The IO schema check is injected: the editor loads the engine's zod schema (lib/engine/io-schema)
//   after the page is interactive, so zod stays out of the first load; until then, and wherever no
//   validator is given, basicIoCheck() checks the shape without the engine's finer rules.
// - Errors are keyed by the uid (`nodes.<uid>.max_retries`), so they stay on the right card when nodes
//   move; errors the API returns by index are mapped back with apiPathToDraftKey().

import { ioTypes, type StepType, stepTypes } from "@/db/schema/enums";
import type { presentWorkflow } from "@/lib/api/presenters-resources";
import { type StepTypeInfo, stepTypeRegistry } from "@/lib/steps/registry";

export type WorkflowDetail = ReturnType<typeof presentWorkflow>;

export type NodeDraft = {
  uid: string;
  step_name: string;
  step_type: StepType;
  step_description: string;
  auto_start: boolean;
  required_human_approval: boolean;
  number_of_approvals_needed: string;
  approvers: string[];
  delay_in_seconds: string;
  max_retries: string;
  timeout_seconds: string;
  /** JSON object text. */
  config: string;
  /** JSON text of {inputs, outputs}. */
  io_schema: string;
};

export type BindingDraft = {
  uid: string;
  /** uid of the source node */
  source: string;
  source_key: string;
  /** uid of the target node */
  target: string;
  target_key: string;
};

export type EditorState = {
  name: string;
  description: string;
  nodes: NodeDraft[];
  bindings: BindingDraft[];
  /** Bumped by every edit; the editor compares it with the saved revision to warn about unsaved changes. */
  revision: number;
  /** Next local id. */
  seq: number;
};

export type EditorAction =
  | { type: "reset"; state: EditorState }
  | { type: "set"; field: "name" | "description"; value: string }
  | { type: "add_node"; stepType?: StepType }
  | { type: "update_node"; uid: string; patch: Partial<Omit<NodeDraft, "uid">> }
  | { type: "remove_node"; uid: string }
  | { type: "move_node"; uid: string; by: -1 | 1 }
  | { type: "add_binding" }
  | { type: "update_binding"; uid: string; patch: Partial<Omit<BindingDraft, "uid">> }
  | { type: "remove_binding"; uid: string };

const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const numText = (value: number | null | undefined) =>
  value === null || value === undefined ? "" : String(value);

export const emptyIoText = pretty({ inputs: [], outputs: [] });

export function blankNode(uid: string, stepType: StepType = "manual"): NodeDraft {
  return {
    uid,
    step_name: "",
    step_type: stepType,
    step_description: "",
    auto_start: stepType !== "manual",
    required_human_approval: stepType === "approval",
    number_of_approvals_needed: stepType === "approval" ? "1" : "",
    approvers: [],
    delay_in_seconds: stepType === "delay" ? "60" : "",
    max_retries: "2",
    timeout_seconds: "",
    config: "{}",
    io_schema: emptyIoText,
  };
}

/** A new workflow: one node to start from. */
export function initialDraft(): EditorState {
  return {
    name: "",
    description: "",
    nodes: [{ ...blankNode("n1", "manual"), step_name: "First step" }],
    bindings: [],
    revision: 0,
    seq: 2,
  };
}

/** The draft of an existing workflow, as the API returned it. */
export function draftFromWorkflow(
  w: Pick<WorkflowDetail, "name" | "description" | "nodes" | "bindings">,
): EditorState {
  const nodes = [...w.nodes].sort((a, b) => a.order_number - b.order_number);
  const uidOfNode = new Map(nodes.map((n, i) => [n.id, `n${i + 1}`]));
  let seq = nodes.length + 1;
  return {
    name: w.name,
    description: w.description ?? "",
    nodes: nodes.map((n, i) => ({
      uid: `n${i + 1}`,
      step_name: n.step_name,
      step_type: n.step_type,
      step_description: n.step_description ?? "",
      auto_start: n.auto_start,
      required_human_approval: n.required_human_approval,
      number_of_approvals_needed: numText(n.number_of_approvals_needed),
      approvers: [...n.approvers],
      delay_in_seconds: numText(n.delay_in_seconds),
      max_retries: String(n.max_retries),
      timeout_seconds: numText(n.timeout_seconds),
      config: pretty(n.config ?? {}),
      io_schema: pretty(n.io_schema ?? { inputs: [], outputs: [] }),
    })),
    bindings: w.bindings.flatMap((b) => {
      const source = uidOfNode.get(b.source_node_id);
      const target = uidOfNode.get(b.target_node_id);
      if (!source || !target) return [];
      return [{ uid: `b${seq++}`, source, source_key: b.source_key, target, target_key: b.target_key }];
    }),
    revision: 0,
    seq,
  };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  const edited = (next: Omit<EditorState, "revision">): EditorState => ({
    ...next,
    revision: state.revision + 1,
  });
  switch (action.type) {
    case "reset":
      return action.state;
    case "set":
      return edited({ ...state, [action.field]: action.value });
    case "add_node": {
      const uid = `n${state.seq}`;
      return edited({
        ...state,
        seq: state.seq + 1,
        nodes: [...state.nodes, blankNode(uid, action.stepType)],
      });
    }
    case "update_node":
      return edited({
        ...state,
        nodes: state.nodes.map((n) => (n.uid === action.uid ? { ...n, ...action.patch } : n)),
      });
    case "remove_node":
      return edited({
        ...state,
        nodes: state.nodes.filter((n) => n.uid !== action.uid),
        bindings: state.bindings.filter((b) => b.source !== action.uid && b.target !== action.uid),
      });
    case "move_node": {
      const from = state.nodes.findIndex((n) => n.uid === action.uid);
      const to = from + action.by;
      if (from < 0 || to < 0 || to >= state.nodes.length) return state;
      const nodes = [...state.nodes];
      const [moved] = nodes.splice(from, 1);
      nodes.splice(to, 0, moved!);
      return edited({ ...state, nodes });
    }
    case "add_binding": {
      const [first, second] = state.nodes;
      const uid = `b${state.seq}`;
      return edited({
        ...state,
        seq: state.seq + 1,
        bindings: [
          ...state.bindings,
          {
            uid,
            source: first?.uid ?? "",
            source_key: "",
            target: second?.uid ?? first?.uid ?? "",
            target_key: "",
          },
        ],
      });
    }
    case "update_binding":
      return edited({
        ...state,
        bindings: state.bindings.map((b) => (b.uid === action.uid ? { ...b, ...action.patch } : b)),
      });
    case "remove_binding":
      return edited({ ...state, bindings: state.bindings.filter((b) => b.uid !== action.uid) });
  }
}

// ── validation and serialization ─────────────────────────────────────────────────────────────────

type IoFieldBody = {
  name: string;
  type: string;
  required?: boolean;
  default?: unknown;
  description?: string;
};
type IoSchemaBody = { inputs: IoFieldBody[]; outputs: IoFieldBody[] };

export type NodeBody = {
  key: string;
  order_number: number;
  step_name: string;
  step_type: StepType;
  step_description: string | null;
  auto_start: boolean;
  required_human_approval: boolean;
  number_of_approvals_needed: number | null;
  approvers: string[];
  delay_in_seconds: number | null;
  max_retries: number;
  timeout_seconds: number | null;
  config: Record<string, unknown>;
  io_schema: IoSchemaBody;
};

export type WorkflowBody = {
  name: string;
  description: string | null;
  nodes: NodeBody[];
  bindings: { source: string; source_key: string; target: string; target_key: string }[];
};

export type DraftErrors = Record<string, string>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Whole number in [min, max] from text; "" is null when allowed. */
function intField(
  text: string,
  { min, max, optional }: { min: number; max: number; optional: boolean },
): { value: number | null } | { error: string } {
  const t = text.trim();
  if (t === "") return optional ? { value: null } : { error: "Required" };
  if (!/^-?\d+$/.test(t)) return { error: "Enter a whole number" };
  const n = Number(t);
  if (n < min) return { error: `At least ${min}` };
  if (n > max) return { error: `At most ${max.toLocaleString("en")}` };
  return { value: n };
}

export type IoCheck = { value: IoSchemaBody } | { error: string };
/** Checks a parsed IO schema document. */
export type IoValidator = (raw: unknown) => IoCheck;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The shape of an IO schema: {inputs, outputs}, each a list of fields with a name and a known type. */
export const basicIoCheck: IoValidator = (raw) => {
  if (!isRecord(raw)) return { error: "Must be an object with inputs and outputs" };
  for (const list of ["inputs", "outputs"] as const) {
    const fields = raw[list];
    if (!Array.isArray(fields)) return { error: `${list}: must be a list` };
    for (const [i, f] of fields.entries()) {
      if (!isRecord(f) || typeof f.name !== "string" || !f.name)
        return { error: `${list}.${i}.name: is required` };
      if (!(ioTypes as readonly unknown[]).includes(f.type)) {
        return { error: `${list}.${i}.type: must be one of ${ioTypes.join(", ")}` };
      }
    }
  }
  return { value: raw as IoSchemaBody };
};

/** A validator from a zod-like schema (the engine's ioSchemaSchema): the first issue, with its path. */
export function validatorFrom(schema: {
  safeParse: (
    v: unknown,
  ) =>
    | { success: true; data: unknown }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}): IoValidator {
  return (raw) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return { value: parsed.data as IoSchemaBody };
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.map(String).join(".")}: ` : "";
    return { error: `${where}${issue?.message ?? "Invalid IO schema"}` };
  };
}

/** Parses a node's IO schema text; the message says where it is wrong. */
export function parseIoSchema(text: string, validate: IoValidator = basicIoCheck): IoCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  return validate(raw);
}

function parseConfig(text: string): { value: Record<string, unknown> } | { error: string } {
  const t = text.trim();
  if (t === "") return { value: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(t);
  } catch (e) {
    return { error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { error: "Must be a JSON object" };
  return { value: raw as Record<string, unknown> };
}

/** The API body, or the errors that keep the draft from being saved (keyed by field). */
export function validateDraft(
  state: EditorState,
  validateIo: IoValidator = basicIoCheck,
): { body: WorkflowBody; errors: null } | { body: null; errors: DraftErrors } {
  const errors: DraftErrors = {};
  if (!state.name.trim()) errors.name = "Give the workflow a name";
  if (state.nodes.length === 0) errors.nodes = "A workflow needs at least one node";

  const keyOf = new Map(state.nodes.map((n, i) => [n.uid, `n${i + 1}`]));
  const orderOf = new Map(state.nodes.map((n, i) => [n.uid, i]));
  const ioOf = new Map<string, IoSchemaBody>();
  const nodes: NodeBody[] = [];

  state.nodes.forEach((n, i) => {
    const at = (field: string) => `nodes.${n.uid}.${field}`;
    if (!n.step_name.trim()) errors[at("step_name")] = "Give the step a name";
    if (!stepTypes.includes(n.step_type)) errors[at("step_type")] = "Choose a step type";
    const retries = intField(n.max_retries, { min: 0, max: 100, optional: false });
    const delay = intField(n.delay_in_seconds, { min: 0, max: 31_536_000, optional: true });
    const timeout = intField(n.timeout_seconds, { min: 1, max: 604_800, optional: true });
    const needed = n.required_human_approval
      ? intField(n.number_of_approvals_needed, { min: 1, max: 50, optional: true })
      : { value: null };
    if ("error" in retries) errors[at("max_retries")] = retries.error;
    if ("error" in delay) errors[at("delay_in_seconds")] = delay.error;
    if ("error" in timeout) errors[at("timeout_seconds")] = timeout.error;
    if ("error" in needed) errors[at("number_of_approvals_needed")] = needed.error;
    const badApprover = n.approvers.find((a) => !UUID.test(a));
    if (badApprover !== undefined) errors[at("approvers")] = `“${badApprover}” is not a user id`;
    else if (new Set(n.approvers).size !== n.approvers.length)
      errors[at("approvers")] = "A user is listed twice";
    else if (
      "value" in needed &&
      needed.value !== null &&
      n.approvers.length > 0 &&
      needed.value > n.approvers.length
    ) {
      errors[at("number_of_approvals_needed")] =
        `Needs ${needed.value} approvals but only ${n.approvers.length} approver${n.approvers.length === 1 ? " is" : "s are"} listed`;
    }
    const io = parseIoSchema(n.io_schema, validateIo);
    if ("error" in io) errors[at("io_schema")] = io.error;
    else ioOf.set(n.uid, io.value);
    const config = parseConfig(n.config);
    if ("error" in config) errors[at("config")] = config.error;

    if (
      "value" in retries &&
      "value" in delay &&
      "value" in timeout &&
      "value" in needed &&
      "value" in io &&
      "value" in config
    ) {
      nodes.push({
        key: keyOf.get(n.uid)!,
        order_number: i + 1,
        step_name: n.step_name.trim(),
        step_type: n.step_type,
        step_description: n.step_description.trim() || null,
        auto_start: n.auto_start,
        required_human_approval: n.required_human_approval,
        number_of_approvals_needed: needed.value,
        approvers: n.required_human_approval ? n.approvers : [],
        delay_in_seconds: delay.value,
        max_retries: retries.value!,
        timeout_seconds: timeout.value,
        config: config.value,
        io_schema: io.value,
      });
    }
  });

  const bound = new Set<string>();
  const bindings = state.bindings.map((b) => {
    const at = (field: string) => `bindings.${b.uid}.${field}`;
    const sourceAt = orderOf.get(b.source);
    const targetAt = orderOf.get(b.target);
    if (sourceAt === undefined) errors[at("source")] = "Choose the node the value comes from";
    if (targetAt === undefined) errors[at("target")] = "Choose the node the value goes to";
    if (sourceAt !== undefined && targetAt !== undefined && sourceAt >= targetAt) {
      errors[at("target")] = "Must be a later node than the source";
    }
    const field = b.source_key.trim().split(".")[0] ?? "";
    if (!b.source_key.trim()) errors[at("source_key")] = "Name the output";
    else {
      const outputs = ioOf.get(b.source)?.outputs;
      if (outputs && !outputs.some((f) => f.name === field)) {
        errors[at("source_key")] = `“${field}” is not an output of that node`;
      }
    }
    const targetKey = b.target_key.trim();
    if (!targetKey) errors[at("target_key")] = "Name the input";
    else if (!FIELD_NAME.test(targetKey)) errors[at("target_key")] = "Letters, digits, _ or -";
    else {
      const inputs = ioOf.get(b.target)?.inputs;
      if (inputs && !inputs.some((f) => f.name === targetKey)) {
        errors[at("target_key")] = `“${targetKey}” is not an input of that node`;
      }
      const id = `${b.target}.${targetKey}`;
      if (bound.has(id)) errors[at("target_key")] = "This input is already bound";
      bound.add(id);
    }
    return {
      source: keyOf.get(b.source) ?? "",
      source_key: b.source_key.trim(),
      target: keyOf.get(b.target) ?? "",
      target_key: targetKey,
    };
  });

  if (Object.keys(errors).length > 0) return { body: null, errors };
  return {
    body: { name: state.name.trim(), description: state.description.trim() || null, nodes, bindings },
    errors: null,
  };
}

/**
 * An API error path ("body.nodes.2.max_retries", "body.bindings.0.target_key") as the draft's error key,
 * or null when it does not point into a node or binding.
 */
export function apiPathToDraftKey(state: EditorState, path: string): string | null {
  const m = /^(?:body\.)?(nodes|bindings)\.(\d+)(?:\.([a-z_]+))?/.exec(path);
  if (!m) {
    const top = /^(?:body\.)?(name|description)$/.exec(path);
    return top ? top[1]! : null;
  }
  const list = m[1] === "nodes" ? state.nodes : state.bindings;
  const item = list[Number(m[2])];
  if (!item) return null;
  return `${m[1]}.${item.uid}.${m[3] ?? (m[1] === "nodes" ? "step_name" : "target")}`;
}

/** Human words for a step type, for selects and summaries (the registry's, marking the AI agents). */
export const stepTypeLabels = Object.fromEntries(
  stepTypes.map((t) => {
    const info: StepTypeInfo = stepTypeRegistry[t];
    return [t, info.agent ? `${info.label} (AI)` : info.label];
  }),
) as Record<StepType, string>;
