import { describe, expect, it } from "vitest";
import { describeLegacyHistory, parseLegacyHistory } from "@/lib/ui/legacy";

const seed001 = [
  {
    id: "workflow-1731427200000",
    timestamp: "2024-11-12T16:00:00.000Z",
    jdId: "JD-1731427000000",
    jdTitle: "Senior Software Engineer",
    totalCandidates: 10,
    completionStatus: "Completed",
    agents: [{ id: "resume-extractor", status: "completed" }],
    metrics: { totalCandidates: 10 },
    progress: { percentage: 100 },
  },
  { id: "workflow-1731340800000", timestamp: "2024-11-11T16:00:00.000Z", completionStatus: "In Progress" },
];

describe("parseLegacyHistory", () => {
  it("reads the seed-001 array", () => {
    expect(parseLegacyHistory(JSON.stringify(seed001))).toEqual(seed001);
  });

  it.each([[null], [""], ["not json"], ["{}"], ["[]"], ['["a", 1, null]']])(
    "offers nothing for %j",
    (raw) => {
      expect(parseLegacyHistory(raw)).toBeNull();
    },
  );

  it("skips entries that are not objects", () => {
    expect(parseLegacyHistory(JSON.stringify([1, seed001[0], "x"]))).toEqual([seed001[0]]);
  });
});

describe("describeLegacyHistory", () => {
  it("counts the entries and spans their dates", () => {
    expect(describeLegacyHistory(seed001)).toEqual({
      count: 2,
      oldest: "2024-11-11T16:00:00.000Z",
      newest: "2024-11-12T16:00:00.000Z",
    });
  });

  it("still counts entries without timestamps", () => {
    expect(describeLegacyHistory([{ id: "x" }])).toEqual({ count: 1 });
  });
});
