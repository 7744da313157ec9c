import { describe, expect, it } from "vitest";
import { isDriverBug, isDriverConnectionFault } from "@/db/driver-faults";

/** An error whose stack says it was thrown at `frame`, as Node prints it. */
function thrownAt(error: Error, frame: string): Error {
  error.stack = `${error.name}: ${error.message}\n    at ${frame}\n    at process.processImmediate (node:internal/timers:483:21)`;
  return error;
}

describe("isDriverConnectionFault", () => {
  it("recognises the driver's setImmediate fault (a TypeError thrown inside postgres.js)", () => {
    const esm = thrownAt(
      new TypeError("Cannot read properties of null (reading 'write')"),
      "nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)",
    );
    const cjs = thrownAt(
      new TypeError("Cannot read properties of null (reading 'write')"),
      "Immediate.nextWrite (/app/node_modules/postgres/cjs/src/connection.js:255:22)",
    );
    expect(isDriverConnectionFault(esm)).toBe(true);
    expect(isDriverConnectionFault(cjs)).toBe(true);
    // the fault that leaves a connection unable to send: the worker replaces its pool
    expect(isDriverBug(esm)).toBe(true);
    expect(isDriverBug(cjs)).toBe(true);
  });

  it("recognises connection-loss codes, also as the cause of a wrapper", () => {
    const closed = Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), {
      code: "CONNECTION_CLOSED",
    });
    const terminated = Object.assign(new Error("terminating connection due to administrator command"), {
      code: "57P01",
    });
    expect(isDriverConnectionFault(closed)).toBe(true);
    expect(isDriverConnectionFault(terminated)).toBe(true);
    expect(isDriverConnectionFault(new Error("Failed query: select 1", { cause: terminated }))).toBe(true);
    // a lost connection is not a driver bug: the pool reconnects by itself
    expect(isDriverBug(closed)).toBe(false);
    expect(isDriverBug(terminated)).toBe(false);
  });

  it("leaves every other error alone", () => {
    // a TypeError in our code, even if the driver is further down the stack
    const ours = new TypeError("Cannot read properties of undefined (reading 'id')");
    ours.stack = `TypeError: x\n    at run (/app/lib/engine/worker.ts:10:1)\n    at /app/node_modules/postgres/src/connection.js:1:1`;
    expect(isDriverConnectionFault(ours)).toBe(false);
    expect(isDriverConnectionFault(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isDriverConnectionFault(new Error("boom"))).toBe(false);
    expect(isDriverConnectionFault("CONNECTION_CLOSED")).toBe(false);
    expect(isDriverConnectionFault(null)).toBe(false);
    // a postgres-like path outside node_modules/postgres (another package)
    const other = thrownAt(new TypeError("x"), "f (/app/node_modules/postgres-array/index.js:1:1)");
    expect(isDriverConnectionFault(other)).toBe(false);
  });
});
