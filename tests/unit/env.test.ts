import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

describe("parseEnv", () => {
  it("needs nothing in embedded mode", () => {
    const e = parseEnv({});
    expect(e).toMatchObject({
      mode: "embedded",
      PORT: 3000,
      WORKER: "on",
      demoData: true,
      WORKER_CONCURRENCY: 4,
    });
    expect(e.pgliteDir).toBe(path.resolve(".data/pglite"));
    expect(e.dataDir).toBe(path.resolve(".data"));
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).mode).toBe("embedded");
  });

  it("switches to PostgreSQL with DATABASE_URL and then requires AUTH_SECRET, naming it", () => {
    expect(() => parseEnv({ DATABASE_URL: "postgres://u@h/db" })).toThrow(
      /AUTH_SECRET: is required with DATABASE_URL/,
    );
    const e = parseEnv({ DATABASE_URL: "postgres://u@h/db", AUTH_SECRET: "x".repeat(32) });
    expect(e).toMatchObject({ mode: "postgres", demoData: false });
  });

  it("explains bad values", () => {
    expect(() => parseEnv({ PORT: "70000" })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/PORT:/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => parseEnv({ WORKER: "maybe" })).toThrow(/WORKER:/);
  });

  it("wants the LLM settings all together or not at all", () => {
    expect(() => parseEnv({ LLM_MODEL: "m" })).toThrow(
      /LLM_BASE_URL, LLM_API_KEY and LLM_MODEL must be set together/,
    );
    expect(
      parseEnv({ LLM_MODEL: "m", LLM_API_KEY: "k", LLM_BASE_URL: "http://127.0.0.1:1/v1" }).LLM_MODEL,
    ).toBe("m");
  });

  it("lets DEMO_DATA override the mode's default", () => {
    expect(parseEnv({ DEMO_DATA: "off" }).demoData).toBe(false);
  });
});
