import { describe, expect, it } from "vitest";
import {
  formatAbsolute,
  formatDuration,
  formatRelative,
  fromLocalDateInput,
  toIsoWithOffset,
  toLocalDateInput,
} from "@/lib/ui/time";

const NOW = Date.parse("2025-03-04T12:00:00Z");
const ago = (seconds: number) => new Date(NOW - seconds * 1000);

describe("formatRelative", () => {
  it.each([
    [0, "just now"],
    [9, "just now"],
    [-5, "just now"],
    [45, "45 sec. ago"],
    [60, "1 min. ago"],
    [90, "1 min. ago"],
    [180, "3 min. ago"],
    [3600, "1 hr. ago"],
    [2 * 3600 + 59 * 60, "2 hr. ago"],
    [36 * 3600, "yesterday"],
    [3 * 86400, "3 days ago"],
    [8 * 86400, "last wk."],
    [40 * 86400, "last mo."],
    [400 * 86400, "last yr."],
  ])("%i seconds ago reads %s", (seconds, expected) => {
    expect(formatRelative(ago(seconds), NOW)).toBe(expected);
  });

  it("speaks of the future too", () => {
    expect(formatRelative(ago(-300), NOW)).toBe("in 5 min.");
    expect(formatRelative(ago(-86400), NOW)).toBe("tomorrow");
  });

  it("accepts ISO strings and a Date for now", () => {
    expect(formatRelative("2025-03-04T11:57:00Z", new Date(NOW))).toBe("3 min. ago");
  });

  it("answers a dash for an unparseable time instead of NaN", () => {
    expect(formatRelative("not a date", NOW)).toBe("—");
  });

  it("uses the requested locale", () => {
    expect(formatRelative(ago(180), NOW, "de")).toBe("vor 3 Min.");
  });
});

describe("formatAbsolute", () => {
  it("shows the time with its zone", () => {
    expect(formatAbsolute("2025-03-04T12:05:09Z", "UTC")).toBe("Mar 4, 2025, 12:05:09 UTC");
    expect(formatAbsolute("2025-03-04T12:05:09Z", "Europe/Berlin")).toBe("Mar 4, 2025, 13:05:09 GMT+1");
    expect(formatAbsolute("2025-07-04T12:05:09Z", "America/New_York")).toBe("Jul 4, 2025, 08:05:09 EDT");
  });

  it("answers a dash for an invalid date", () => {
    expect(formatAbsolute("nope", "UTC")).toBe("—");
  });
});

describe("formatDuration", () => {
  it.each([
    [null, "—"],
    [undefined, "—"],
    [-1, "—"],
    [0, "0 ms"],
    [850, "850 ms"],
    [4200, "4.2 s"],
    [12_400, "12 s"],
    [60_000, "1 min"],
    [185_000, "3 min 5 s"],
    [3_600_000, "1 h"],
    [7_800_000, "2 h 10 min"],
  ])("%s ms reads %s", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe("date inputs ⇄ instants", () => {
  it("turns a local day into its first and last instant with the local offset", () => {
    const start = fromLocalDateInput("2025-03-04", "start")!;
    const end = fromLocalDateInput("2025-03-04", "end")!;
    expect(start).toMatch(/^2025-03-04T00:00:00\.000[+-]\d{2}:\d{2}$/);
    expect(end).toMatch(/^2025-03-04T23:59:59\.999[+-]\d{2}:\d{2}$/);
    expect(Date.parse(end) - Date.parse(start)).toBe(86_400_000 - 1);
  });

  it("round-trips through the date input value", () => {
    expect(toLocalDateInput(fromLocalDateInput("2024-12-31", "start"))).toBe("2024-12-31");
    expect(toLocalDateInput(fromLocalDateInput("2024-12-31", "end"))).toBe("2024-12-31");
    expect(toLocalDateInput("2024-02-29")).toBe("2024-02-29");
  });

  it("ignores what is not a date", () => {
    expect(fromLocalDateInput("", "start")).toBeUndefined();
    expect(fromLocalDateInput("04/03/2025", "start")).toBeUndefined();
    expect(toLocalDateInput(undefined)).toBe("");
    expect(toLocalDateInput("garbage")).toBe("");
  });

  it("writes ISO 8601 with a numeric offset that parses back to the same instant", () => {
    const d = new Date("2025-06-01T10:20:30.456Z");
    expect(Date.parse(toIsoWithOffset(d))).toBe(d.getTime());
  });
});
