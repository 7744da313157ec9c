// A worker process's end (lib/engine/shutdown.ts, used by `npm run worker`): bounded whatever hangs,
// exit 0 only after a clean stop and close, and a rejection never escapes (the driver-fault net in
// scripts/worker.ts would absorb a connection error and leave the process running forever).
import { describe, expect, it } from "vitest";
import { type Stoppable, shutdownWithin } from "@/lib/engine/shutdown";

const never = () => new Promise<void>(() => {});

function run(worker: Stoppable, close: () => Promise<void>, limitMs = 200) {
  const lines: string[] = [];
  const exits: number[] = [];
  const done = new Promise<void>((resolve) => {
    void shutdownWithin({
      worker,
      graceMs: 10,
      limitMs,
      close,
      log: (m) => lines.push(m),
      exit: (code) => {
        exits.push(code);
        resolve();
      },
    });
  });
  return { lines, exits, done };
}

describe("shutdownWithin", () => {
  it("stops the worker with its grace period, then closes the pool, then exits 0", async () => {
    const order: string[] = [];
    const worker: Stoppable = {
      activeSteps: 2,
      stop: async (graceMs) => {
        order.push(`stop ${graceMs}`);
      },
    };
    const s = run(worker, async () => {
      order.push("close");
    });
    await s.done;
    expect(order).toEqual(["stop 10", "close"]);
    expect(s.exits).toEqual([0]);
    expect(s.lines).toEqual(["stopped"]);
  });

  it("a stop that rejects (a cut connection) still closes the pool and exits, with 1", async () => {
    let closed = false;
    const s = run(
      {
        activeSteps: 0,
        stop: () =>
          Promise.reject(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" })),
      },
      async () => {
        closed = true;
      },
    );
    await s.done;
    expect(closed).toBe(true);
    expect(s.exits).toEqual([1]);
    expect(s.lines[0]).toContain("stopping the worker failed");
    expect(s.lines[0]).toContain("CONNECTION_CLOSED");
  });

  it("a pool that fails to close: exit 1", async () => {
    const s = run({ activeSteps: 0, stop: async () => {} }, () => Promise.reject(new Error("end failed")));
    await s.done;
    expect(s.exits).toEqual([1]);
    expect(s.lines).toContain("closing the database pool failed: Error: end failed");
  });

  it("a stop that never returns: exit 1 at the limit, naming the stage and the steps in flight", async () => {
    const s = run({ activeSteps: 3, stop: never }, async () => {}, 50);
    await s.done;
    expect(s.exits).toEqual([1]);
    expect(s.lines).toEqual([
      "shutdown did not finish within 50 ms, still stopping the worker (3 step(s) in flight); exiting",
    ]);
  });

  it("a close that never returns: exit 1 at the limit, naming the pool", async () => {
    const s = run({ activeSteps: 0, stop: async () => {} }, never, 50);
    await s.done;
    expect(s.exits).toEqual([1]);
    expect(s.lines[0]).toContain("still closing the database pool");
  });
});
