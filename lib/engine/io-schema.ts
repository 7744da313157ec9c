// A node's IO schema (seed 002 "node_io_requirements": typed inputs/outputs with defaults and
// validation rules) and the assembly of a step's input from the run's inputs and upstream outputs.
// Pure: no database, no clock.
//
// Decisions:
// - Binding precedence: a binding overrides a run input of the same name. A binding is explicit,
//   per-node wiring in the workflow definition; run inputs are shared by every step, so the more
//   specific source wins. A binding whose source resolves to nothing (step not completed, key absent)
//   does not clobber the run input: the run input, then the field default, still apply. When several
//   bindings target one input, the last one in array order that resolves wins.
// - Absent means `undefined` or `null`: JSON producers use both for "no value", so both trigger the
//   default and the "is required" error.
// - The validated value holds the declared fields only. Run inputs are shared by all steps; each step
//   receives (and the ledger stores) just what its schema declares. A binding to an undeclared input
//   is a definition error and is reported, never silently dropped.
// - No coercion: "5" is not a number. A wrong type is reported with the type that was received.
// - Validation rules apply by the value's runtime type (relevant for `any` fields): min/max to
//   numbers, minLength/maxLength to strings (counted in Unicode code points) and arrays (items),
//   pattern to strings (unanchored, as in JSON Schema), enum to anything (deep equality).

import { z } from "zod";
import { type IoType, ioTypes } from "@/db/schema/enums";

// Dots are path separators in bindings, so names may not contain them.
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

export const ioValidationSchema = z
  .strictObject({
    min: z.number().optional(),
    max: z.number().optional(),
    minLength: z.number().int().nonnegative().optional(),
    maxLength: z.number().int().nonnegative().optional(),
    pattern: z.string().refine(compiles, "pattern must be a valid regular expression").optional(),
    enum: z.array(z.unknown()).min(1).optional(),
  })
  .refine((v) => v.min === undefined || v.max === undefined || v.min <= v.max, {
    message: "min must be <= max",
    path: ["min"],
  })
  .refine((v) => v.minLength === undefined || v.maxLength === undefined || v.minLength <= v.maxLength, {
    message: "minLength must be <= maxLength",
    path: ["minLength"],
  });

export type IoValidation = z.infer<typeof ioValidationSchema>;
type RuleName = keyof IoValidation;

// Which declared types each rule can apply to; a rule on any other type is a definition mistake.
const ruleTypes: Record<RuleName, readonly IoType[]> = {
  min: ["number", "integer", "any"],
  max: ["number", "integer", "any"],
  minLength: ["string", "array", "any"],
  maxLength: ["string", "array", "any"],
  pattern: ["string", "any"],
  enum: ioTypes,
};

export const ioFieldSchema = z
  .strictObject({
    name: z
      .string()
      .regex(FIELD_NAME, "name must start with a letter or _ and contain only letters, digits, _ or -"),
    type: z.enum(ioTypes),
    required: z.boolean().optional(),
    default: z.unknown().optional(),
    description: z.string().optional(),
    validation: ioValidationSchema.optional(),
  })
  .superRefine((field, ctx) => {
    for (const rule of Object.keys(field.validation ?? {}) as RuleName[]) {
      if (field.validation?.[rule] !== undefined && !ruleTypes[rule].includes(field.type)) {
        ctx.addIssue({
          code: "custom",
          path: ["validation", rule],
          message: `${rule} does not apply to ${field.type} fields`,
        });
      }
    }
    // A default that would fail its own field's validation would make every step using it fail.
    if (!isAbsent(field.default)) {
      for (const message of checkValue(field, field.default, "default of")) {
        ctx.addIssue({ code: "custom", path: ["default"], message });
      }
    }
  });

export type IoField = z.infer<typeof ioFieldSchema>;

function uniqueNames(fields: readonly IoField[], list: "inputs" | "outputs", ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    if (seen.has(field.name)) {
      ctx.addIssue({
        code: "custom",
        path: [list, index, "name"],
        message: `duplicate ${list} name "${field.name}"`,
      });
    }
    seen.add(field.name);
  });
}

export const ioSchemaSchema = z
  .strictObject({ inputs: z.array(ioFieldSchema), outputs: z.array(ioFieldSchema) })
  .superRefine((schema, ctx) => {
    uniqueNames(schema.inputs, "inputs", ctx);
    uniqueNames(schema.outputs, "outputs", ctx);
  });

export type IoSchema = z.infer<typeof ioSchemaSchema>;

/** The schema of a node that declares nothing. */
export const emptyIoSchema: IoSchema = { inputs: [], outputs: [] };

const bindingKeys = {
  /** Dotted path into the source step's output, e.g. "result.skills" or "items.0.id". */
  sourceKey: z.string().min(1),
  /** A declared input name of the target node. */
  targetKey: z.string().regex(FIELD_NAME),
};

// Exactly one source: strict objects make "both" and "neither" fail.
export const stepInputBindingSchema = z.union([
  z.strictObject({ sourceNodeId: z.string().min(1), ...bindingKeys }),
  z.strictObject({ sourceStepNumber: z.number().int().nonnegative(), ...bindingKeys }),
]);

export type StepInputBinding = z.infer<typeof stepInputBindingSchema>;

export interface IoFieldError {
  field: string;
  message: string;
}

export type IoValidationResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; errors: IoFieldError[] };

// ---------------------------------------------------------------------------------------------------
// Values

function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

// A define, not an assignment: a field named "__proto__" must become data, not a new prototype.
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function matchesType(type: IoType, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "object":
      return isPlainObject(value);
    case "array":
      return Array.isArray(value);
    case "any":
      return true;
  }
}

const expectedType: Record<IoType, string> = {
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  any: "a value",
};

/** What was received, in the words of the error message ("got …"). */
function describeReceived(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return String(value);
    // "must be an integer, got number" would be confusing for 1.5.
    return Number.isInteger(value) ? "number" : `number ${value}`;
  }
  if (typeof value === "object" && !isPlainObject(value)) return value.constructor?.name ?? "object";
  return typeof value;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function checkLength(label: string, value: unknown, rules: IoValidation): string[] {
  let length: number;
  let unit: (n: number) => string;
  if (typeof value === "string") {
    length = [...value].length;
    unit = (n) => plural(n, "character");
  } else if (Array.isArray(value)) {
    length = value.length;
    unit = (n) => plural(n, "item");
  } else {
    return [];
  }
  const errors: string[] = [];
  if (rules.minLength !== undefined && length < rules.minLength) {
    errors.push(`${label} must have at least ${unit(rules.minLength)}, got ${length}`);
  }
  if (rules.maxLength !== undefined && length > rules.maxLength) {
    errors.push(`${label} must have at most ${unit(rules.maxLength)}, got ${length}`);
  }
  return errors;
}

function checkRange(label: string, value: unknown, rules: IoValidation): string[] {
  if (typeof value !== "number") return [];
  const errors: string[] = [];
  if (rules.min !== undefined && value < rules.min)
    errors.push(`${label} must be >= ${rules.min}, got ${value}`);
  if (rules.max !== undefined && value > rules.max)
    errors.push(`${label} must be <= ${rules.max}, got ${value}`);
  return errors;
}

function checkPattern(label: string, value: unknown, pattern: string | undefined): string[] {
  if (pattern === undefined || typeof value !== "string") return [];
  if (!compiles(pattern)) return [`${label} has an invalid validation pattern`];
  return new RegExp(pattern, "u").test(value)
    ? []
    : [`${label} must match pattern ${JSON.stringify(pattern)}`];
}

function checkEnum(label: string, value: unknown, options: readonly unknown[] | undefined): string[] {
  if (options === undefined || options.some((option) => deepEqual(option, value))) return [];
  const list = options.map((option) => JSON.stringify(option)).join(", ");
  return [`${label} must be one of ${list}, got ${JSON.stringify(value)}`];
}

/** Every message for one present value: the type first; the rules only when the type holds. */
function checkValue(field: IoField, value: unknown, kind: string): string[] {
  const label = `${kind} "${field.name}"`;
  if (!matchesType(field.type, value)) {
    return [`${label} must be ${expectedType[field.type]}, got ${describeReceived(value)}`];
  }
  const rules = field.validation ?? {};
  return [
    ...checkRange(label, value, rules),
    ...checkLength(label, value, rules),
    ...checkPattern(label, value, rules.pattern),
    ...checkEnum(label, value, rules.enum),
  ];
}

function validateFields(
  data: unknown,
  fields: readonly IoField[],
  kind: "input" | "output",
): IoValidationResult {
  if (!isPlainObject(data)) {
    return {
      ok: false,
      errors: [{ field: "", message: `${kind} must be an object, got ${describeReceived(data)}` }],
    };
  }
  const value: Record<string, unknown> = {};
  const errors: IoFieldError[] = [];
  for (const field of fields) {
    let item = Object.hasOwn(data, field.name) ? data[field.name] : undefined;
    // Clone so that a handler mutating its input cannot change the schema's default for later steps.
    if (isAbsent(item) && !isAbsent(field.default)) item = structuredClone(field.default);
    if (isAbsent(item)) {
      if (field.required) errors.push({ field: field.name, message: `${kind} "${field.name}" is required` });
      continue;
    }
    const messages = checkValue(field, item, kind);
    if (messages.length === 0) setOwn(value, field.name, item);
    for (const message of messages) errors.push({ field: field.name, message });
  }
  return errors.length === 0 ? { ok: true, value } : { ok: false, errors };
}

/** Validate a step's input against `schema.inputs`: defaults applied, declared fields only. */
export function validateStepInput(input: unknown, schema: IoSchema): IoValidationResult {
  return validateFields(input, schema.inputs, "input");
}

/** Validate a handler's output against `schema.outputs`, with the same rules as inputs. */
export function validateStepOutput(output: unknown, schema: IoSchema): IoValidationResult {
  return validateFields(output, schema.outputs, "output");
}

// ---------------------------------------------------------------------------------------------------
// Assembly

/** Map key under which a step's output is found by `sourceStepNumber` bindings. */
export function stepNumberKey(stepNumber: number): string {
  return `step:${stepNumber}`;
}

/**
 * Index completed steps' outputs for `assembleStepInput`: each output under its node id (for
 * `sourceNodeId` bindings) and under `stepNumberKey(stepNumber)` (for `sourceStepNumber` bindings).
 * Non-object outputs are skipped: there is no key to read from them.
 */
export function indexStepOutputs(
  steps: readonly { nodeId: string | null; stepNumber: number; output: unknown }[],
): Map<string, Record<string, unknown>> {
  const outputs = new Map<string, Record<string, unknown>>();
  for (const step of steps) {
    if (!isPlainObject(step.output)) continue;
    outputs.set(stepNumberKey(step.stepNumber), step.output);
    if (step.nodeId !== null) outputs.set(step.nodeId, step.output);
  }
  return outputs;
}

/** Read a dotted path ("result.skills", "items.0.id"); own properties only, so never the prototype. */
export function readPath(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const segment of path.split(".")) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      current = current[Number(segment)];
    } else if (isPlainObject(current) && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

function bindingSourceKey(binding: StepInputBinding): string {
  return "sourceNodeId" in binding ? binding.sourceNodeId : stepNumberKey(binding.sourceStepNumber);
}

export interface AssembleStepInputArgs {
  runInputs: Record<string, unknown>;
  bindings: readonly StepInputBinding[];
  outputsByNode: ReadonlyMap<string, Record<string, unknown>>;
  schema: IoSchema;
}

/**
 * Build a step's input — run inputs, overridden by bound upstream outputs — and validate it.
 * Binding definition errors (a target that is not a declared input) come first in `errors`.
 */
export function assembleStepInput({
  runInputs,
  bindings,
  outputsByNode,
  schema,
}: AssembleStepInputArgs): IoValidationResult {
  const declared = new Set(schema.inputs.map((field) => field.name));
  const input: Record<string, unknown> = { ...runInputs };
  const bindingErrors: IoFieldError[] = [];
  for (const binding of bindings) {
    if (!declared.has(binding.targetKey)) {
      bindingErrors.push({
        field: binding.targetKey,
        message: `binding target "${binding.targetKey}" is not a declared input`,
      });
      continue;
    }
    const value = readPath(outputsByNode.get(bindingSourceKey(binding)), binding.sourceKey);
    if (!isAbsent(value)) setOwn(input, binding.targetKey, value);
  }
  const result = validateStepInput(input, schema);
  if (bindingErrors.length === 0) return result;
  return { ok: false, errors: [...bindingErrors, ...(result.ok ? [] : result.errors)] };
}
