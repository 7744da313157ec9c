import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sameOriginPath } from "@/lib/auth/redirect";

const BASE = "http://runledger.invalid";

describe("sameOriginPath", () => {
  it.each([
    ["/runs", "/runs"],
    ["/runs?status=failed#top", "/runs?status=failed#top"],
    ["/runs/WF-000123", "/runs/WF-000123"],
    ["/a/../settings", "/settings"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(sameOriginPath(input)).toBe(expected);
  });

  it.each([
    "/\\evil.example/phish",
    "/\\/evil.example",
    "//evil.example",
    "///evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "\\\\evil.example",
    "http://evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
  ])("refuses %j", (input) => {
    expect(sameOriginPath(input)).toBe("/runs");
  });

  it("takes the first of repeated parameters", () => {
    expect(sameOriginPath(["/approvals", "//evil.example"])).toBe("/approvals");
    expect(sameOriginPath(undefined, "/start")).toBe("/start");
  });

  it("never yields a target that a browser resolves to another origin", () => {
    const piece = fc.constantFrom(
      "/",
      "\\",
      "\t",
      "\n",
      "evil.example",
      ".",
      "..",
      "%2F",
      "%5C",
      "@",
      ":",
      "?",
      "#",
      "a",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const result = sameOriginPath(parts.join(""));
        expect(result.startsWith("/")).toBe(true);
        expect(new URL(result, BASE).origin).toBe(BASE);
      }),
      { numRuns: 2000 },
    );
  });
});
