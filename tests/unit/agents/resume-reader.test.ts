import { afterEach, describe, expect, it, vi } from "vitest";
import { findDateRanges, mergedMonths } from "@/lib/agents/matching/dates";
import { readResume } from "@/lib/agents/matching/resume-reader";
import { RESUME_LINES } from "./fixtures";

const NOW = new Date("2024-07-01T00:00:00Z");

const RESUME = `JANE DOE
Senior Software Engineer
jane.doe@Example.com | +1 (415) 555-0134 | https://www.linkedin.com/in/jane-doe-42/

Summary
Engineer with a decade of experience. Skills: JS, k8s, golang, Postgres.

Experience
Senior Software Engineer | Acme Corp | Jan 2019 – Present
- Led Go microservices on Kubernetes.
Freelance Developer (03/2018 - 11/2020)
- Built React sites for local shops, alongside the Acme job.
Globex
Backend Developer
2016-2019
- Python and PostgreSQL.

Education
MSc Computer Science, TU Munich, 2014 - 2016
BSc Computer Science, 2011 - 2014`;

describe("readResume: identity and contact", () => {
  const profile = readResume(RESUME, NOW);

  it("reads the name, title-casing an all-caps header", () => {
    expect(profile.name).toBe("Jane Doe");
  });

  it("reads email, phone and LinkedIn", () => {
    expect(profile.contact).toEqual({
      email: "jane.doe@example.com",
      phone: "+1 (415) 555-0134",
      linkedin: "https://www.linkedin.com/in/jane-doe-42",
    });
  });

  it("returns nulls when contact details are absent", () => {
    expect(readResume("Skills: Go", NOW).contact).toEqual({ email: null, phone: null, linkedin: null });
  });

  it("does not mistake date ranges for phone numbers", () => {
    expect(
      readResume("Engineer, Acme, 2015-2019 (4 years)\n03/2018 - 11/2020", NOW).contact.phone,
    ).toBeNull();
  });

  it("strips honorifics and ignores headings when looking for the name", () => {
    expect(readResume("Curriculum Vitae\nDr. Elena Petrova, PhD\nData Scientist", NOW).name).toBe(
      "Elena Petrova",
    );
    expect(readResume("Senior Data Engineer\n- Spark", NOW).name).toBeNull();
  });
});

describe("readResume: experience", () => {
  const profile = readResume(RESUME, NOW);

  it("lists positions with titles from the same, previous or next line", () => {
    expect(profile.positions).toEqual([
      { title: "Senior Software Engineer", from: "2019-01", to: null },
      { title: "Freelance Developer", from: "2018-03", to: "2020-11" },
      { title: "Backend Developer", from: "2016", to: "2019" },
    ]);
  });

  it("merges overlapping ranges and skips education dates", () => {
    // 2016-01 → 2024-07 continuously: 8.5 years, although the three ranges add up to 13.2.
    expect(profile.totalYears).toBe(8.5);
  });

  it("reads titles, skills and the highest degree", () => {
    expect(profile.titles).toEqual(["Senior Software Engineer", "Freelance Developer", "Backend Developer"]);
    expect(profile.skills).toEqual(
      expect.arrayContaining(["JavaScript", "Kubernetes", "Go", "PostgreSQL", "React", "Python"]),
    );
    expect(profile.education).toBe("master");
  });

  it("uses the injected clock for open-ended ranges", () => {
    const text = "Experience\nAnalyst, Foo, Jan 2019 – Present";
    expect(readResume(text, new Date("2024-01-01T00:00:00Z")).totalYears).toBe(5);
    expect(readResume(text, new Date("2026-07-01T00:00:00Z")).totalYears).toBe(7.5);
  });

  it.each([
    ["Jan 2019 – Present", 5.5],
    ["2016-2019", 3],
    ["03/2018 - 11/2020", 2.8],
    ["2020 to now", 4.5],
    ["Sept. 2015 — June 2017", 1.8],
    ["2018-03 – 2020-11", 2.8],
    ["since 2021", 3.5],
    ["Jan 2019 - Dec 2019", 1],
    ["2019 - 2019", 0.5],
  ])("counts %s as %d years", (range, years) => {
    expect(readResume(`Experience\nEngineer, Foo, ${range}`, NOW).totalYears).toBe(years);
  });

  it("counts dated lines without an experience heading but not studies", () => {
    const text = "Sam Lee\nData Analyst at Foo, 2020 - 2023\nUniversity of Bar, 2016 - 2020";
    const profile = readResume(text, NOW);
    expect(profile.totalYears).toBe(3);
    expect(profile.positions).toEqual([{ title: "Data Analyst", from: "2020", to: "2023" }]);
  });

  it("ignores future and inverted ranges", () => {
    expect(readResume("Experience\nEngineer, 2030 - 2032\nEngineer, 2020 - 2018", NOW).totalYears).toBe(0);
  });

  it("returns an empty profile for empty text", () => {
    expect(readResume("", NOW)).toEqual({
      name: null,
      contact: { email: null, phone: null, linkedin: null },
      skills: [],
      totalYears: 0,
      positions: [],
      titles: [],
      education: null,
    });
  });

  it("reads the text the extractor produces from the shared fixture lines", () => {
    const profile = readResume(RESUME_LINES.join("\n"), NOW);
    expect(profile).toMatchObject({ name: "Jane Doe", totalYears: 5.5, education: "bachelor" });
    expect(profile.contact.phone).toBe("+1 415 555 0134");
  });
});

describe("readResume: privacy", () => {
  afterEach(() => vi.restoreAllMocks());

  it("never writes to the console", () => {
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => undefined),
    );
    readResume(RESUME, NOW);
    readResume("garbage \u0000 text 2019-", NOW);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});

describe("date ranges", () => {
  it("reports where each range is and how long it lasts", () => {
    const ranges = findDateRanges("A: Jan 2019 - Dec 2019; B: Jun 2019 - Jun 2020", NOW);
    expect(ranges.map((r) => [r.from, r.to])).toEqual([
      ["2019-01", "2019-12"],
      ["2019-06", "2020-06"],
    ]);
    expect(mergedMonths(ranges)).toBe(18);
  });
});
