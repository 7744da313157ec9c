import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  changeView,
  emptyView,
  parseRunView,
  runExportHref,
  runViewToApiSearch,
  runViewToParams,
  runViewToSearch,
  toggleSort,
} from "@/lib/ui/run-filters";

const UUID = "0b7c9a7e-1f2d-4c3b-9a8e-7d6c5b4a3f21";
const CURSOR = "MjAyNS0wMy0wNFQxMjowMDowMC4wMDBafDBiN2M5YTdl";

describe("parseRunView", () => {
  it("reads an empty URL as the default view", () => {
    expect(parseRunView(new URLSearchParams())).toEqual(emptyView());
  });

  it("reads every filter", () => {
    const v = parseRunView(
      new URLSearchParams(
        `scope=org&status=failed,active&channel=web&workflow=${UUID}&jd_id=JD-000012&started_by=${UUID}` +
          "&from=2025-03-01T00:00:00.000%2B01:00&to=2025-03-31&q=%20backend%20&sort=-duration_ms&skip=25",
      ),
    );
    expect(v).toEqual({
      scope: "org",
      status: ["active", "failed"],
      channel: ["web"],
      workflow: UUID,
      jd_id: "JD-000012",
      started_by: UUID,
      from: "2025-03-01T00:00:00.000+01:00",
      to: "2025-03-31",
      q: "backend",
      sort: "-duration_ms",
      skip: 25,
    });
  });

  it("accepts repeated keys and a plain record (Next's searchParams)", () => {
    const fromRepeated = parseRunView(new URLSearchParams("status=failed&status=timeout&status=failed"));
    const fromRecord = parseRunView({ status: ["timeout", "failed"], q: undefined });
    expect(fromRepeated.status).toEqual(["failed", "timeout"]);
    expect(fromRecord.status).toEqual(["failed", "timeout"]);
  });

  it("drops what the API would refuse", () => {
    const v = parseRunView(
      new URLSearchParams(
        "scope=everyone&status=bogus,completed&channel=fax&workflow=123&jd_id=JD-x&started_by=me" +
          "&from=yesterday&to=2025-13-45&sort=random&skip=-3&cursor=../../etc",
      ),
    );
    expect(v).toEqual({ ...emptyView(), status: ["completed"] });
  });

  it("keeps a cursor only in the newest-first order and an offset only in the others", () => {
    expect(parseRunView(new URLSearchParams(`cursor=${CURSOR}&skip=50`))).toEqual({
      ...emptyView(),
      cursor: CURSOR,
    });
    expect(parseRunView(new URLSearchParams(`sort=title&cursor=${CURSOR}&skip=50`))).toEqual({
      ...emptyView(),
      sort: "title",
      skip: 50,
    });
  });

  it("caps free text at 200 characters", () => {
    expect(parseRunView(new URLSearchParams(`q=${"x".repeat(500)}`)).q).toHaveLength(200);
  });
});

describe("view → URL → view", () => {
  it("round-trips through the page URL", () => {
    const view = {
      ...emptyView(),
      scope: "mine" as const,
      status: ["failed" as const, "timeout" as const],
      channel: ["voice" as const],
      q: "a&b=c #1",
      from: "2025-03-01T00:00:00.000+01:00",
      sort: "status" as const,
      skip: 50,
    };
    const search = runViewToSearch(view);
    expect(search).toBe(
      "scope=mine&status=failed%2Ctimeout&channel=voice&from=2025-03-01T00%3A00%3A00.000%2B01%3A00&q=a%26b%3Dc+%231&sort=status&skip=50",
    );
    expect(parseRunView(new URLSearchParams(search))).toEqual(view);
  });

  it("leaves the defaults out of the URL", () => {
    expect(runViewToSearch(emptyView())).toBe("");
  });

  it("writes the same URL whatever order the filters were chosen in", () => {
    const a = parseRunView(new URLSearchParams("status=timeout,failed,active"));
    const b = parseRunView(new URLSearchParams("status=active&status=failed&status=timeout"));
    expect(runViewToSearch(a)).toBe(runViewToSearch(b));
  });
});

describe("runViewToApiSearch", () => {
  it("always names the scope, sort and page size", () => {
    expect(runViewToApiSearch(emptyView(), { defaultScope: "org" })).toBe(
      "scope=org&sort=-created_at&limit=25",
    );
    expect(runViewToApiSearch({ ...emptyView(), scope: "mine" }, { defaultScope: "org", limit: 10 })).toBe(
      "scope=mine&sort=-created_at&limit=10",
    );
  });

  it("carries filters and position", () => {
    const v = parseRunView(new URLSearchParams(`status=failed&jd_id=JD-7&cursor=${CURSOR}`));
    expect(runViewToApiSearch(v, { defaultScope: "mine" })).toBe(
      `scope=mine&status=failed&jd_id=JD-7&sort=-created_at&limit=25&cursor=${CURSOR}`,
    );
  });
});

describe("saved views and exports", () => {
  it("stores filters and sort but never a position", () => {
    const v = parseRunView(new URLSearchParams(`scope=org&status=failed&sort=title&skip=75`));
    expect(runViewToParams(v)).toEqual({ scope: "org", status: "failed", sort: "title" });
    expect(parseRunView(runViewToParams(v))).toEqual({
      ...emptyView(),
      scope: "org",
      status: ["failed"],
      sort: "title",
    });
  });

  it("exports with the same filters and no paging", () => {
    const v = parseRunView(new URLSearchParams(`status=completed&q=java&cursor=${CURSOR}`));
    expect(runExportHref(v, "csv", "org")).toBe(
      "/api/workflow/executions/export?format=csv&scope=org&status=completed&q=java",
    );
    // the export has no sort parameter: it is always newest first
    expect(runExportHref({ ...v, sort: "title" }, "ndjson", "mine")).toBe(
      "/api/workflow/executions/export?format=ndjson&scope=mine&status=completed&q=java",
    );
  });
});

describe("changing the view", () => {
  it("goes back to the first page when a filter changes", () => {
    const v = parseRunView(new URLSearchParams(`cursor=${CURSOR}`));
    expect(changeView(v, { status: ["failed"] })).toEqual({ ...emptyView(), status: ["failed"] });
  });

  it("removes a filter set to undefined", () => {
    const v = parseRunView(new URLSearchParams("q=java&jd_id=JD-1"));
    expect(changeView(v, { q: undefined })).toEqual({ ...emptyView(), jd_id: "JD-1" });
  });

  it("counts the filters that narrow the list (scope and sort do not)", () => {
    expect(activeFilterCount(parseRunView(new URLSearchParams("scope=org&sort=title")))).toBe(0);
    expect(
      activeFilterCount(parseRunView(new URLSearchParams("status=failed,active&q=x&from=2025-01-01"))),
    ).toBe(3);
  });

  it("flips a sorted column and starts a new one in its natural direction", () => {
    expect(toggleSort("-created_at", "created_at")).toBe("created_at");
    expect(toggleSort("created_at", "created_at")).toBe("-created_at");
    expect(toggleSort("-created_at", "duration_ms")).toBe("-duration_ms");
    expect(toggleSort("-created_at", "title")).toBe("title");
    expect(toggleSort("title", "title")).toBe("-title");
  });
});
