import { describe, expect, it } from "vitest";
import {
  assembleStepInput,
  emptyIoSchema,
  type IoField,
  type IoSchema,
  indexStepOutputs,
  ioFieldSchema,
  ioSchemaSchema,
  readPath,
  stepInputBindingSchema,
  stepNumberKey,
  validateStepInput,
  validateStepOutput,
} from "@/lib/engine/io-schema";

const inputs = (...fields: IoField[]): IoSchema => ({ inputs: fields, outputs: [] });

function issues(value: unknown): string[] {
  const result = ioSchemaSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("ioSchemaSchema", () => {
  const valid = {
    inputs: [
      {
        name: "jd_id",
        type: "string",
        required: true,
        description: "Job description",
        validation: { pattern: "^JD-" },
      },
      { name: "resume_ids", type: "array", required: true, validation: { minLength: 1, maxLength: 50 } },
      { name: "threshold", type: "integer", default: 70, validation: { min: 0, max: 100 } },
      { name: "band", type: "string", validation: { enum: ["excellent", "good"] } },
    ],
    outputs: [{ name: "matches", type: "array" }],
  };

  it("accepts a well-formed schema unchanged", () => {
    expect(ioSchemaSchema.parse(valid)).toEqual(valid);
    expect(ioSchemaSchema.parse(emptyIoSchema)).toEqual({ inputs: [], outputs: [] });
  });

  it("requires both lists", () => {
    expect(issues({ inputs: [] })).toEqual(["outputs: Invalid input: expected array, received undefined"]);
  });

  it("rejects unknown keys at every level (strict objects)", () => {
    expect(issues({ inputs: [], outputs: [], extra: 1 })).toHaveLength(1);
    expect(issues({ inputs: [{ name: "a", type: "string", optional: true }], outputs: [] })).toHaveLength(1);
    expect(
      issues({ inputs: [{ name: "a", type: "number", validation: { minimum: 1 } }], outputs: [] }),
    ).toHaveLength(1);
  });

  it("rejects types outside ioTypes", () => {
    expect(issues({ inputs: [{ name: "a", type: "date" }], outputs: [] })).toHaveLength(1);
  });

  it.each(["", "a.b", "1abc", "has space"])("rejects the field name %j", (name) => {
    expect(issues({ inputs: [{ name, type: "string" }], outputs: [] })).toHaveLength(1);
  });

  it("rejects duplicate names within a list, not across lists", () => {
    expect(
      issues({
        inputs: [
          { name: "a", type: "string" },
          { name: "a", type: "number" },
        ],
        outputs: [{ name: "a", type: "string" }],
      }),
    ).toEqual(['inputs.1.name: duplicate inputs name "a"']);
  });

  it("rejects inconsistent or malformed rules", () => {
    expect(
      issues({ inputs: [{ name: "a", type: "number", validation: { min: 5, max: 1 } }], outputs: [] }),
    ).toEqual(["inputs.0.validation.min: min must be <= max"]);
    expect(
      issues({
        inputs: [{ name: "a", type: "string", validation: { minLength: 5, maxLength: 1 } }],
        outputs: [],
      }),
    ).toEqual(["inputs.0.validation.minLength: minLength must be <= maxLength"]);
    expect(
      issues({ inputs: [{ name: "a", type: "string", validation: { pattern: "([" } }], outputs: [] }),
    ).toEqual(["inputs.0.validation.pattern: pattern must be a valid regular expression"]);
    expect(
      issues({ inputs: [{ name: "a", type: "string", validation: { enum: [] } }], outputs: [] }),
    ).toHaveLength(1);
    expect(
      issues({ inputs: [{ name: "a", type: "array", validation: { minLength: -1 } }], outputs: [] }),
    ).toHaveLength(1);
  });

  it("rejects rules that cannot apply to the declared type", () => {
    expect(
      issues({ inputs: [{ name: "a", type: "number", validation: { pattern: "x" } }], outputs: [] }),
    ).toEqual(["inputs.0.validation.pattern: pattern does not apply to number fields"]);
    expect(issues({ inputs: [{ name: "a", type: "string", validation: { min: 1 } }], outputs: [] })).toEqual([
      "inputs.0.validation.min: min does not apply to string fields",
    ]);
    expect(
      issues({ inputs: [{ name: "a", type: "boolean", validation: { maxLength: 1 } }], outputs: [] }),
    ).toEqual(["inputs.0.validation.maxLength: maxLength does not apply to boolean fields"]);
    expect(
      issues({ inputs: [{ name: "a", type: "any", validation: { min: 1, pattern: "x" } }], outputs: [] }),
    ).toEqual([]);
  });

  it("rejects a default that fails its own field", () => {
    expect(issues({ inputs: [{ name: "n", type: "integer", default: "7" }], outputs: [] })).toEqual([
      'inputs.0.default: default of "n" must be an integer, got string',
    ]);
    expect(
      issues({
        inputs: [{ name: "n", type: "integer", default: 700, validation: { max: 100 } }],
        outputs: [],
      }),
    ).toEqual(['inputs.0.default: default of "n" must be <= 100, got 700']);
  });

  it("infers a usable field type", () => {
    const field: IoField = ioFieldSchema.parse({ name: "x", type: "boolean", required: false });
    expect(field).toEqual({ name: "x", type: "boolean", required: false });
  });
});

describe("validateStepInput: types", () => {
  const cases: [IoField["type"], unknown, string | null][] = [
    ["string", "hello", null],
    ["string", "", null],
    ["string", 5, 'input "f" must be a string, got number'],
    ["number", 1.5, null],
    ["number", -3, null],
    ["number", "1.5", 'input "f" must be a number, got string'],
    ["number", Number.NaN, 'input "f" must be a number, got NaN'],
    ["number", Number.POSITIVE_INFINITY, 'input "f" must be a number, got Infinity'],
    ["integer", 42, null],
    ["integer", 1.5, 'input "f" must be an integer, got number 1.5'],
    ["integer", true, 'input "f" must be an integer, got boolean'],
    ["boolean", false, null],
    ["boolean", "true", 'input "f" must be a boolean, got string'],
    ["object", { a: 1 }, null],
    ["object", [1], 'input "f" must be an object, got array'],
    ["object", new Date(0), 'input "f" must be an object, got Date'],
    ["array", ["a"], null],
    ["array", [], null],
    ["array", "a,b", 'input "f" must be an array, got string'],
    ["array", { 0: "a" }, 'input "f" must be an array, got object'],
    ["any", "x", null],
    ["any", 0, null],
    ["any", [null], null],
    ["any", false, null],
  ];

  it.each(cases)("%s accepts/rejects %o", (type, value, error) => {
    const result = validateStepInput({ f: value }, inputs({ name: "f", type }));
    if (error === null) {
      expect(result).toEqual({ ok: true, value: { f: value } });
    } else {
      expect(result).toEqual({ ok: false, errors: [{ field: "f", message: error }] });
    }
  });
});

describe("validateStepInput: presence and defaults", () => {
  const schema = inputs(
    { name: "jd_id", type: "string", required: true },
    { name: "resume_ids", type: "array", required: true },
    { name: "threshold", type: "integer", default: 70 },
    { name: "options", type: "object", default: { strict: true } },
    { name: "note", type: "string" },
  );

  it("names every missing required input", () => {
    expect(validateStepInput({}, schema)).toEqual({
      ok: false,
      errors: [
        { field: "jd_id", message: 'input "jd_id" is required' },
        { field: "resume_ids", message: 'input "resume_ids" is required' },
      ],
    });
  });

  it("treats null as absent", () => {
    expect(validateStepInput({ jd_id: null, resume_ids: ["r1"], threshold: null }, schema)).toEqual({
      ok: false,
      errors: [{ field: "jd_id", message: 'input "jd_id" is required' }],
    });
  });

  it("reports the received type of a wrong value", () => {
    expect(validateStepInput({ jd_id: "JD-1", resume_ids: "r1" }, schema)).toEqual({
      ok: false,
      errors: [{ field: "resume_ids", message: 'input "resume_ids" must be an array, got string' }],
    });
  });

  it("applies defaults, omits absent optionals and drops undeclared keys", () => {
    expect(validateStepInput({ jd_id: "JD-1", resume_ids: ["r1"], stray: 1, note: null }, schema)).toEqual({
      ok: true,
      value: { jd_id: "JD-1", resume_ids: ["r1"], threshold: 70, options: { strict: true } },
    });
  });

  it("keeps a present value over the default", () => {
    const result = validateStepInput({ jd_id: "JD-1", resume_ids: [], threshold: 0 }, schema);
    expect(result.ok && result.value.threshold).toBe(0);
  });

  it("lets a default satisfy required", () => {
    expect(
      validateStepInput({}, inputs({ name: "mode", type: "string", required: true, default: "fast" })),
    ).toEqual({
      ok: true,
      value: { mode: "fast" },
    });
  });

  it("hands out a copy of an object default", () => {
    const first = validateStepInput({ jd_id: "a", resume_ids: [] }, schema);
    if (!first.ok) throw new Error("expected ok");
    (first.value.options as { strict: boolean }).strict = false;
    const second = validateStepInput({ jd_id: "a", resume_ids: [] }, schema);
    expect(second.ok && second.value.options).toEqual({ strict: true });
    expect(schema.inputs[3]?.default).toEqual({ strict: true });
  });

  it("validates defaults of an unparsed schema too", () => {
    expect(validateStepInput({}, inputs({ name: "n", type: "number", default: "x" }))).toEqual({
      ok: false,
      errors: [{ field: "n", message: 'input "n" must be a number, got string' }],
    });
  });

  it("rejects a non-object input", () => {
    expect(validateStepInput(["a"], schema)).toEqual({
      ok: false,
      errors: [{ field: "", message: "input must be an object, got array" }],
    });
    expect(validateStepInput(null, emptyIoSchema)).toEqual({
      ok: false,
      errors: [{ field: "", message: "input must be an object, got null" }],
    });
  });

  it("accepts anything object-shaped for a schema without inputs, and keeps nothing", () => {
    expect(validateStepInput({ a: 1 }, emptyIoSchema)).toEqual({ ok: true, value: {} });
  });

  it("stores a field named __proto__ as data, not as a prototype", () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const result = validateStepInput(input, inputs({ name: "__proto__", type: "object" }));
    if (!result.ok) throw new Error("expected ok");
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(result.value, "__proto__")?.value).toEqual({ polluted: true });
  });
});

describe("validateStepInput: rules", () => {
  const check = (field: IoField, value: unknown) => validateStepInput({ [field.name]: value }, inputs(field));
  const messages = (field: IoField, value: unknown): string[] => {
    const result = check(field, value);
    return result.ok ? [] : result.errors.map((e) => e.message);
  };

  it("min and max bound numbers inclusively", () => {
    const score: IoField = { name: "score", type: "number", validation: { min: 0, max: 100 } };
    expect(messages(score, 0)).toEqual([]);
    expect(messages(score, 100)).toEqual([]);
    expect(messages(score, -0.5)).toEqual(['input "score" must be >= 0, got -0.5']);
    expect(messages(score, 101)).toEqual(['input "score" must be <= 100, got 101']);
  });

  it("minLength and maxLength count characters (code points) of strings", () => {
    const name: IoField = { name: "name", type: "string", validation: { minLength: 2, maxLength: 3 } };
    expect(messages(name, "ab")).toEqual([]);
    expect(messages(name, "😀😀😀")).toEqual([]);
    expect(messages(name, "a")).toEqual(['input "name" must have at least 2 characters, got 1']);
    expect(messages(name, "abcd")).toEqual(['input "name" must have at most 3 characters, got 4']);
  });

  it("minLength and maxLength count items of arrays", () => {
    const ids: IoField = { name: "ids", type: "array", validation: { minLength: 1, maxLength: 2 } };
    expect(messages(ids, [])).toEqual(['input "ids" must have at least 1 item, got 0']);
    expect(messages(ids, [1, 2, 3])).toEqual(['input "ids" must have at most 2 items, got 3']);
    expect(messages(ids, [1, 2])).toEqual([]);
  });

  it("pattern is unanchored unless the pattern anchors itself", () => {
    expect(messages({ name: "c", type: "string", validation: { pattern: "JD-" } }, "x JD-1")).toEqual([]);
    expect(messages({ name: "c", type: "string", validation: { pattern: "^JD-\\d+$" } }, "x JD-1")).toEqual([
      'input "c" must match pattern "^JD-\\\\d+$"',
    ]);
  });

  it("reports an invalid pattern of an unparsed schema instead of throwing", () => {
    expect(messages({ name: "c", type: "string", validation: { pattern: "([" } }, "x")).toEqual([
      'input "c" has an invalid validation pattern',
    ]);
  });

  it("enum compares primitives and structures deeply", () => {
    const band: IoField = { name: "band", type: "string", validation: { enum: ["excellent", "good"] } };
    expect(messages(band, "good")).toEqual([]);
    expect(messages(band, "great")).toEqual(['input "band" must be one of "excellent", "good", got "great"']);
    const shape: IoField = { name: "s", type: "any", validation: { enum: [{ a: [1, 2] }, 3] } };
    expect(messages(shape, { a: [1, 2] })).toEqual([]);
    expect(messages(shape, { a: [2, 1] })).toEqual([
      'input "s" must be one of {"a":[1,2]}, 3, got {"a":[2,1]}',
    ]);
    expect(messages(shape, { a: [1, 2], b: 1 })).toHaveLength(1);
    expect(messages(shape, "3")).toHaveLength(1);
  });

  it("collects every failing rule of a field", () => {
    const code: IoField = { name: "code", type: "string", validation: { minLength: 3, pattern: "^[A-Z]+$" } };
    expect(messages(code, "a")).toEqual([
      'input "code" must have at least 3 characters, got 1',
      'input "code" must match pattern "^[A-Z]+$"',
    ]);
  });

  it("skips the rules when the type is already wrong", () => {
    expect(messages({ name: "n", type: "integer", validation: { min: 10 } }, "5")).toEqual([
      'input "n" must be an integer, got string',
    ]);
  });

  it("applies rules to `any` fields by runtime type", () => {
    const loose: IoField = { name: "v", type: "any", validation: { min: 1, maxLength: 2, pattern: "^a" } };
    expect(messages(loose, 0)).toEqual(['input "v" must be >= 1, got 0']);
    expect(messages(loose, "bcd")).toEqual([
      'input "v" must have at most 2 characters, got 3',
      'input "v" must match pattern "^a"',
    ]);
    expect(messages(loose, [1, 2, 3])).toEqual(['input "v" must have at most 2 items, got 3']);
    expect(messages(loose, { x: 1 })).toEqual([]);
  });

  it("reports errors of several fields in schema order", () => {
    const schema = inputs(
      { name: "a", type: "integer", validation: { max: 1 } },
      { name: "b", type: "string", required: true },
    );
    expect(validateStepInput({ a: 2 }, schema)).toEqual({
      ok: false,
      errors: [
        { field: "a", message: 'input "a" must be <= 1, got 2' },
        { field: "b", message: 'input "b" is required' },
      ],
    });
  });
});

describe("validateStepOutput", () => {
  it("uses the outputs list and says output", () => {
    const schema: IoSchema = {
      inputs: [{ name: "x", type: "string", required: true }],
      outputs: [
        { name: "score", type: "integer", required: true },
        { name: "band", type: "string", default: "poor" },
      ],
    };
    expect(validateStepOutput({ score: 88 }, schema)).toEqual({
      ok: true,
      value: { score: 88, band: "poor" },
    });
    expect(validateStepOutput({ score: "88" }, schema)).toEqual({
      ok: false,
      errors: [{ field: "score", message: 'output "score" must be an integer, got string' }],
    });
    expect(validateStepOutput("done", schema)).toEqual({
      ok: false,
      errors: [{ field: "", message: "output must be an object, got string" }],
    });
  });
});

describe("readPath", () => {
  const source = { result: { skills: ["ts", "sql"], meta: { score: 0 } }, items: [{ id: "a" }, { id: "b" }] };

  it.each([
    ["result", source.result],
    ["result.skills", ["ts", "sql"]],
    ["result.skills.1", "sql"],
    ["result.meta.score", 0],
    ["items.1.id", "b"],
    ["items.2.id", undefined],
    ["result.missing.deeper", undefined],
    ["result.skills.length", undefined],
    ["constructor", undefined],
    ["result.__proto__", undefined],
    ["items.x", undefined],
  ])("%s", (path, expected) => {
    expect(readPath(source, path)).toEqual(expected);
  });

  it("returns undefined for a missing source", () => {
    expect(readPath(undefined, "a")).toBeUndefined();
  });
});

describe("stepInputBindingSchema", () => {
  it("accepts exactly one source", () => {
    expect(
      stepInputBindingSchema.safeParse({ sourceNodeId: "n1", sourceKey: "a", targetKey: "b" }).success,
    ).toBe(true);
    expect(
      stepInputBindingSchema.safeParse({ sourceStepNumber: 2, sourceKey: "a.b", targetKey: "b" }).success,
    ).toBe(true);
    expect(
      stepInputBindingSchema.safeParse({
        sourceNodeId: "n1",
        sourceStepNumber: 2,
        sourceKey: "a",
        targetKey: "b",
      }).success,
    ).toBe(false);
    expect(stepInputBindingSchema.safeParse({ sourceKey: "a", targetKey: "b" }).success).toBe(false);
    expect(
      stepInputBindingSchema.safeParse({ sourceNodeId: "n1", sourceKey: "a", targetKey: "b.c" }).success,
    ).toBe(false);
  });
});

describe("indexStepOutputs", () => {
  it("indexes outputs by node id and by step number, skipping non-objects", () => {
    const map = indexStepOutputs([
      { nodeId: "node-a", stepNumber: 1, output: { x: 1 } },
      { nodeId: null, stepNumber: 2, output: { y: 2 } },
      { nodeId: "node-c", stepNumber: 3, output: null },
      { nodeId: "node-d", stepNumber: 4, output: [1] },
    ]);
    expect([...map.entries()]).toEqual([
      ["step:1", { x: 1 }],
      ["node-a", { x: 1 }],
      ["step:2", { y: 2 }],
    ]);
    expect(stepNumberKey(7)).toBe("step:7");
  });
});

describe("assembleStepInput", () => {
  const schema = inputs(
    { name: "jd_id", type: "string", required: true },
    { name: "skills", type: "array", required: true },
    { name: "threshold", type: "integer", default: 70 },
  );
  const outputsByNode = indexStepOutputs([
    { nodeId: "jd-reader", stepNumber: 1, output: { result: { skills: ["ts"], threshold: 80 } } },
    { nodeId: "resume-reader", stepNumber: 2, output: { result: { skills: ["go"] }, empty: null } },
  ]);

  it("takes run inputs and bound outputs by node id (dotted path)", () => {
    expect(
      assembleStepInput({
        runInputs: { jd_id: "JD-1", resume_ids: ["r1"] },
        bindings: [{ sourceNodeId: "jd-reader", sourceKey: "result.skills", targetKey: "skills" }],
        outputsByNode,
        schema,
      }),
    ).toEqual({ ok: true, value: { jd_id: "JD-1", skills: ["ts"], threshold: 70 } });
  });

  it("resolves bindings by step number", () => {
    const result = assembleStepInput({
      runInputs: { jd_id: "JD-1" },
      bindings: [{ sourceStepNumber: 2, sourceKey: "result.skills", targetKey: "skills" }],
      outputsByNode,
      schema,
    });
    expect(result.ok && result.value.skills).toEqual(["go"]);
  });

  it("lets a binding override a run input of the same name", () => {
    const result = assembleStepInput({
      runInputs: { jd_id: "JD-1", skills: ["from-run"], threshold: 10 },
      bindings: [
        { sourceNodeId: "jd-reader", sourceKey: "result.skills", targetKey: "skills" },
        { sourceNodeId: "jd-reader", sourceKey: "result.threshold", targetKey: "threshold" },
      ],
      outputsByNode,
      schema,
    });
    expect(result).toEqual({ ok: true, value: { jd_id: "JD-1", skills: ["ts"], threshold: 80 } });
  });

  it("falls back to the run input, then the default, when a binding resolves to nothing", () => {
    const result = assembleStepInput({
      runInputs: { jd_id: "JD-1", skills: ["from-run"] },
      bindings: [
        { sourceNodeId: "resume-reader", sourceKey: "result.missing", targetKey: "skills" },
        { sourceNodeId: "resume-reader", sourceKey: "empty", targetKey: "threshold" },
      ],
      outputsByNode,
      schema,
    });
    expect(result).toEqual({ ok: true, value: { jd_id: "JD-1", skills: ["from-run"], threshold: 70 } });
  });

  it("names the input when its source step has not produced output", () => {
    expect(
      assembleStepInput({
        runInputs: { jd_id: "JD-1" },
        bindings: [{ sourceStepNumber: 9, sourceKey: "result.skills", targetKey: "skills" }],
        outputsByNode,
        schema,
      }),
    ).toEqual({ ok: false, errors: [{ field: "skills", message: 'input "skills" is required' }] });
  });

  it("uses the last resolving binding when several target one input", () => {
    const result = assembleStepInput({
      runInputs: { jd_id: "JD-1" },
      bindings: [
        { sourceNodeId: "jd-reader", sourceKey: "result.skills", targetKey: "skills" },
        { sourceNodeId: "resume-reader", sourceKey: "result.skills", targetKey: "skills" },
        { sourceNodeId: "resume-reader", sourceKey: "nope", targetKey: "skills" },
      ],
      outputsByNode,
      schema,
    });
    expect(result.ok && result.value.skills).toEqual(["go"]);
  });

  it("validates bound values like any other input", () => {
    expect(
      assembleStepInput({
        runInputs: { skills: [] },
        bindings: [{ sourceNodeId: "jd-reader", sourceKey: "result.threshold", targetKey: "jd_id" }],
        outputsByNode,
        schema,
      }),
    ).toEqual({
      ok: false,
      errors: [{ field: "jd_id", message: 'input "jd_id" must be a string, got number' }],
    });
  });

  it("reports bindings to undeclared inputs before value errors", () => {
    expect(
      assembleStepInput({
        runInputs: {},
        bindings: [{ sourceNodeId: "jd-reader", sourceKey: "result", targetKey: "summary" }],
        outputsByNode,
        schema,
      }),
    ).toEqual({
      ok: false,
      errors: [
        { field: "summary", message: 'binding target "summary" is not a declared input' },
        { field: "jd_id", message: 'input "jd_id" is required' },
        { field: "skills", message: 'input "skills" is required' },
      ],
    });
  });

  it("does not mutate the run inputs", () => {
    const runInputs = { jd_id: "JD-1", skills: ["a"] };
    assembleStepInput({
      runInputs,
      bindings: [{ sourceNodeId: "jd-reader", sourceKey: "result.skills", targetKey: "skills" }],
      outputsByNode,
      schema,
    });
    expect(runInputs).toEqual({ jd_id: "JD-1", skills: ["a"] });
  });
});
