import { describe, expect, it } from "vitest";
import { compare } from "@/lib/agents/matching/comparator";
import { extractText } from "@/lib/agents/matching/extract";
import { readJobDescription } from "@/lib/agents/matching/jd-reader";
import { FIXTURE_NOW, fixtureJobs, fixtureResumes } from "@/lib/agents/matching/ranking-fixtures";
import { readResume } from "@/lib/agents/matching/resume-reader";
import { buildDocx, buildPdf } from "./fixtures";

const job = fixtureJobs.find((j) => j.id === "backend-go");
const resume = fixtureResumes.find((r) => r.id === "maya-go-senior");

describe("extract → read → compare", () => {
  if (!job || !resume) throw new Error("fixtures missing");
  const jd = readJobDescription(job.text, job.title);
  const fromText = compare(jd, readResume(resume.text, FIXTURE_NOW), {
    jdText: job.text,
    resumeText: resume.text,
  });

  it.each([
    ["pdf", buildPdf(resume.text.split("\n"))],
    ["docx", buildDocx(resume.text.split("\n"))],
  ] as const)("scores an uploaded %s like the plain text", async (format, bytes) => {
    const extracted = await extractText({ bytes, fileName: `maya.${format}` });
    if (!extracted.ok) throw new Error(extracted.error.message);
    const profile = readResume(extracted.text, FIXTURE_NOW);
    expect(profile).toMatchObject({ name: "Maya Patel", totalYears: 7, education: "bachelor" });
    expect(profile.contact.email).toBe("maya.patel@example.com");
    const result = compare(jd, profile, { jdText: job.text, resumeText: extracted.text });
    expect(result.score).toBe(fromText.score);
    expect(result.band).toBe("excellent");
  });
});
