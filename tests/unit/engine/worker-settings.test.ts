// One parser for the worker settings: `npm run worker` and the worker inside the web process
// (lib/engine/boot.ts) both read WORKER_CONCURRENCY, WORKER_LEASE_MS, WORKER_HEARTBEAT_MS and
// WORKER_GRACE_MS through workerSettings(), and the heartbeat follows the lease.
import { describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { createWorker } from "@/lib/engine/boot";
import { EnvError, parseEnv, poolSize, WEB_POOL, workerSettings } from "@/lib/env";

const handle = { db: {}, driver: "pglite", close: async () => {} } as unknown as DbHandle;

describe("workerSettings", () => {
  it("has defaults, with the heartbeat a third of the lease", () => {
    expect(workerSettings(parseEnv({}))).toEqual({
      concurrency: 4,
      leaseMs: 30_000,
      heartbeatMs: 10_000,
      graceMs: 10_000,
      relayClaimMs: 30_000,
    });
  });

  it("derives the heartbeat from WORKER_LEASE_MS", () => {
    const s = workerSettings(parseEnv({ WORKER_LEASE_MS: "5000" }));
    expect(s.leaseMs).toBe(5_000);
    expect(s.heartbeatMs).toBe(1_666);
    expect(s.heartbeatMs * 3).toBeLessThanOrEqual(s.leaseMs);
  });

  it("takes WORKER_HEARTBEAT_MS when it fits three times into the lease", () => {
    expect(
      workerSettings(parseEnv({ WORKER_LEASE_MS: "9000", WORKER_HEARTBEAT_MS: "3000" })).heartbeatMs,
    ).toBe(3_000);
  });

  it("reads the relay's claim and refuses one shorter than a delivery attempt", () => {
    expect(workerSettings(parseEnv({ WEBHOOK_CLAIM_MS: "20000" })).relayClaimMs).toBe(20_000);
    expect(() => parseEnv({ WEBHOOK_CLAIM_MS: "5000" })).toThrow(
      /WEBHOOK_CLAIM_MS: must be at least 15000 ms: a claim must outlast one delivery attempt/,
    );
  });

  it("refuses a lease too short for the heartbeat, saying why", () => {
    expect(() => parseEnv({ WORKER_LEASE_MS: "2000" })).toThrow(EnvError);
    expect(() => parseEnv({ WORKER_LEASE_MS: "2000" })).toThrow(
      /WORKER_LEASE_MS: must be at least 3000 ms: the worker renews a lease every third of it/,
    );
    expect(() => parseEnv({ WORKER_LEASE_MS: "9000", WORKER_HEARTBEAT_MS: "3001" })).toThrow(
      /WORKER_HEARTBEAT_MS: must be at most a third of WORKER_LEASE_MS \(9000 ms\)/,
    );
  });
});

describe("createWorker (npm run worker and the web process)", () => {
  it("runs with the environment's concurrency, lease and derived heartbeat", () => {
    const settings = workerSettings(
      parseEnv({
        WORKER_CONCURRENCY: "9",
        WORKER_LEASE_MS: "12000",
        WORKER_GRACE_MS: "700",
        WEBHOOK_CLAIM_MS: "45000",
      }),
    );
    const worker = createWorker(handle, {}, settings);
    expect(worker.settings).toEqual({
      concurrency: 9,
      leaseMs: 12_000,
      heartbeatMs: 4_000,
      relayClaimMs: 45_000,
    });
    expect(settings.graceMs).toBe(700);
  });

  it("lets explicit options win over the environment", () => {
    const worker = createWorker(
      handle,
      { concurrency: 2 },
      workerSettings(parseEnv({ WORKER_CONCURRENCY: "9" })),
    );
    expect(worker.settings.concurrency).toBe(2);
  });
});

describe("the Worker's own default", () => {
  it("derives the heartbeat from a lease given without one", () => {
    expect(createWorker(handle, { leaseMs: 6_000 }, workerSettings(parseEnv({}))).settings.heartbeatMs).toBe(
      2_000,
    );
  });
});

describe("poolSize", () => {
  it("fits the worker's concurrency: two connections per handler in flight plus two for its loop", () => {
    expect(poolSize(parseEnv({ WORKER_CONCURRENCY: "8" }), "worker")).toBe(18);
    expect(poolSize(parseEnv({}), "worker")).toBe(10);
  });

  it("gives a web node its requests' share plus its in-process worker's, unless WORKER=off", () => {
    expect(poolSize(parseEnv({ WORKER_CONCURRENCY: "8" }), "web")).toBe(WEB_POOL + 18);
    expect(poolSize(parseEnv({ WORKER_CONCURRENCY: "8", WORKER: "off" }), "web")).toBe(WEB_POOL);
  });

  it("takes DATABASE_POOL_MAX as given", () => {
    expect(poolSize(parseEnv({ DATABASE_POOL_MAX: "7" }), "web")).toBe(7);
    expect(poolSize(parseEnv({ DATABASE_POOL_MAX: "7" }), "worker")).toBe(7);
    expect(() => parseEnv({ DATABASE_POOL_MAX: "1" })).toThrow(/DATABASE_POOL_MAX:/);
  });
});
