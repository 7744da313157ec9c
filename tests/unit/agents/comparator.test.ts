import { describe, expect, it } from "vitest";
import { matchBands } from "@/db/schema/enums";
import { bandFor, compare, componentNames } from "@/lib/agents/matching/comparator";
import type { JobRequirements } from "@/lib/agents/matching/jd-reader";
import type { ResumeProfile } from "@/lib/agents/matching/resume-reader";

function jd(overrides: Partial<JobRequirements> = {}): JobRequirements {
  return {
    title: "Backend Engineer",
    requiredSkills: ["Go", "PostgreSQL", "Kubernetes", "SQL"],
    niceToHaveSkills: ["Terraform", "Apache Kafka"],
    minYears: 4,
    education: "bachelor",
    seniority: "senior",
    ...overrides,
  };
}

function resume(overrides: Partial<ResumeProfile> = {}): ResumeProfile {
  return {
    name: "Test Person",
    contact: { email: null, phone: null, linkedin: null },
    skills: ["Go", "PostgreSQL", "Kubernetes", "Terraform"],
    totalYears: 6,
    positions: [],
    titles: ["Senior Backend Engineer"],
    education: "bachelor",
    ...overrides,
  };
}

function component(result: ReturnType<typeof compare>, name: (typeof componentNames)[number]) {
  const found = result.explanation.components.find((c) => c.name === name);
  if (!found) throw new Error(`missing component ${name}`);
  return found;
}

describe("bandFor", () => {
  it.each([
    [100, "excellent"],
    [85, "excellent"],
    [84.9, "good"],
    [70, "good"],
    [69.9, "average"],
    [50, "average"],
    [49.9, "poor"],
    [0, "poor"],
  ] as const)("%d → %s", (score, band) => {
    expect(bandFor(score)).toBe(band);
  });

  it("only returns bands the database accepts", () => {
    for (let s = 0; s <= 100; s += 0.5) expect(matchBands).toContain(bandFor(s));
  });
});

describe("compare", () => {
  it("lists matched and missing skills, counting implied skills (PostgreSQL → SQL)", () => {
    const result = compare(jd(), resume());
    expect(result.matchedSkills).toEqual(["Go", "PostgreSQL", "Kubernetes", "SQL"]);
    expect(result.missingSkills).toEqual([]);
    expect(result.niceToHaveMatched).toEqual(["Terraform"]);
    expect(component(result, "required_skills").detail).toContain("implied by other skills: SQL");
  });

  it("explains all five components with weights summing to 1", () => {
    const result = compare(jd(), resume());
    expect(result.explanation.components.map((c) => c.name)).toEqual([...componentNames]);
    const total = result.explanation.components.reduce((sum, c) => sum + c.weight, 0);
    expect(total).toBeCloseTo(1, 3);
    expect(component(result, "required_skills")).toMatchObject({ weight: 0.4, score: 100 });
    expect(component(result, "nice_to_have")).toMatchObject({ weight: 0.1, score: 50 });
    expect(component(result, "experience")).toMatchObject({ weight: 0.25, score: 100 });
    expect(component(result, "education")).toMatchObject({ weight: 0.1, score: 100 });
  });

  it("computes the score as the weighted sum, with one decimal", () => {
    const result = compare(jd(), resume());
    const similarity = component(result, "text_similarity").score;
    // 0.4·100 + 0.1·50 + 0.25·100 + 0.1·100 + 0.15·similarity
    expect(result.score).toBeCloseTo(80 + 0.15 * similarity, 1);
    expect(Number.isInteger(result.score * 10)).toBe(true);
  });

  it("redistributes the weight of components the JD gives no basis for", () => {
    const result = compare(
      jd({ niceToHaveSkills: [], education: null, minYears: null, seniority: null }),
      resume(),
    );
    expect(component(result, "nice_to_have")).toMatchObject({ weight: 0 });
    expect(component(result, "education")).toMatchObject({ weight: 0 });
    expect(component(result, "experience")).toMatchObject({ weight: 0 });
    expect(component(result, "required_skills").weight).toBeCloseTo(0.4 / 0.55, 4);
    expect(component(result, "education").detail).toMatch(/Weight redistributed/);
  });

  it("scores partial experience in proportion and discounts years outside the field", () => {
    expect(component(compare(jd(), resume({ totalYears: 2 })), "experience").score).toBe(50);
    const offField = compare(jd(), resume({ skills: ["Go"], totalYears: 10 }));
    // 1 of 4 required skills: relevance 0.25 / 0.6.
    expect(component(offField, "experience").score).toBeCloseTo(41.7, 1);
  });

  it("penalises candidates two or more levels above the role", () => {
    const junior = jd({ seniority: "junior", minYears: 1 });
    const principal = resume({ titles: ["Principal Engineer"], totalYears: 15 });
    const experience = component(compare(junior, principal), "experience");
    expect(experience.score).toBe(10);
    expect(experience.detail).toContain("principal for a junior role");
    expect(
      component(compare(junior, resume({ titles: ["Software Engineer"], totalYears: 2 })), "experience")
        .score,
    ).toBe(100);
  });

  it("uses typical years for the level when the JD states no minimum", () => {
    const result = compare(jd({ minYears: null, seniority: "senior" }), resume({ totalYears: 2.5 }));
    expect(component(result, "experience")).toMatchObject({ score: 50 });
    expect(component(result, "experience").detail).toContain("5 years typical for senior");
  });

  it.each([
    ["phd", 100],
    ["master", 100],
    ["bachelor", 100],
    ["associate", 50],
    ["none", 15],
    [null, 40],
  ] as const)("scores education %s against a bachelor requirement as %d", (level, score) => {
    expect(component(compare(jd(), resume({ education: level })), "education").score).toBe(score);
  });

  it("places a full match in the excellent band and an empty resume in the poor band", () => {
    const text = "Go PostgreSQL Kubernetes SQL Terraform Kafka backend engineer";
    const full = compare(
      jd(),
      resume({ skills: ["Go", "PostgreSQL", "Kubernetes", "SQL", "Terraform", "Apache Kafka"] }),
      {
        jdText: text,
        resumeText: text,
      },
    );
    expect(full.score).toBe(100);
    expect(full.band).toBe("excellent");
    const empty = compare(jd(), resume({ skills: [], totalYears: 0, titles: [], education: null }));
    expect(empty.band).toBe("poor");
    expect(empty.missingSkills).toEqual(["Go", "PostgreSQL", "Kubernetes", "SQL"]);
  });

  it("uses the full texts for similarity when given, and is deterministic", () => {
    const options = { jdText: "Go services on Kubernetes", resumeText: "Built Go services on k8s" };
    const a = compare(jd(), resume(), options);
    expect(a).toEqual(compare(jd(), resume(), options));
    expect(component(a, "text_similarity").detail).toContain("over full texts");
    expect(component(compare(jd(), resume()), "text_similarity").detail).toContain("over titles and skills");
  });
});
