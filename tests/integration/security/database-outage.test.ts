import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as health from "@/app/api/health/route";
import * as jobs from "@/app/api/jobs/route";
import { openPostgres } from "@/db/client";
import { toApiError } from "@/lib/api/errors";
import { useTestDb } from "../../helpers/api";
import { call } from "../../helpers/res-api";

// No server listens on port 1: every connection is refused at once, as during an outage.
const handle = openPostgres("postgres://postgres@127.0.0.1:1/runledger_down", 2);
beforeAll(() => {
  useTestDb(handle);
});
afterAll(() => handle.close());

describe("a database outage", () => {
  it("an API request is a 503 with Retry-After, not a 500", async () => {
    const res = await call(jobs.GET, "GET", { headers: { authorization: "Bearer rl_anything_at_all" } });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.body.error).toEqual({
      code: "unavailable",
      message: "The database is unavailable; try again shortly",
    });
  });

  it("health answers at once with 503 and Retry-After", async () => {
    const res = await health.GET();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toMatchObject({ status: "down", database: { reachable: false } });
  });

  it("connection losses map to 503 whichever way the driver reports them; other errors stay 500", () => {
    for (const code of ["ECONNREFUSED", "CONNECTION_CLOSED", "57P01", "08006", "CONNECT_TIMEOUT"]) {
      expect(toApiError(Object.assign(new Error("x"), { code })).status).toBe(503);
      expect(
        toApiError(new Error("wrapped", { cause: Object.assign(new Error("x"), { code }) })).status,
      ).toBe(503);
    }
    expect(toApiError(Object.assign(new Error("x"), { code: "42P01" })).status).toBe(500);
    expect(toApiError(new Error("plain")).status).toBe(500);
  });
});
