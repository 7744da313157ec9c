import { describe, expect, it } from "vitest";
import { readJobDescription } from "@/lib/agents/matching/jd-reader";

const BACKEND_JD = `Senior Backend Engineer
Acme Cloud · Berlin

About us
We were founded 20 years ago and run on Kafka and Elasticsearch.

What you'll do
- Build microservices and own their observability.

Requirements
- 5+ years of backend development experience.
- Go and PostgreSQL in production; Terraform is a plus.
- Kubernetes (Helm a plus).
- Bachelor's or Master's degree in Computer Science.

Nice to have
- gRPC
- Experience with Datadog

Benefits
Free lunch and Python workshops.`;

describe("readJobDescription: skills", () => {
  const jd = readJobDescription(BACKEND_JD);

  it("reads required skills from the requirements section", () => {
    expect(jd.requiredSkills).toEqual(["Go", "PostgreSQL", "Kubernetes"]);
  });

  it("moves 'a plus' clauses and the nice-to-have section to nice-to-have", () => {
    expect(jd.niceToHaveSkills).toEqual(expect.arrayContaining(["Terraform", "Helm", "gRPC", "Datadog"]));
  });

  it("treats responsibilities as nice-to-have when a requirements section exists", () => {
    expect(jd.niceToHaveSkills).toEqual(expect.arrayContaining(["Microservices", "Observability"]));
  });

  it("ignores company blurbs and benefits", () => {
    const all = [...jd.requiredSkills, ...jd.niceToHaveSkills];
    expect(all).not.toContain("Apache Kafka");
    expect(all).not.toContain("Elasticsearch");
    expect(all).not.toContain("Python");
  });

  it("reads years, education, seniority and title", () => {
    expect(jd).toMatchObject({
      title: "Senior Backend Engineer",
      minYears: 5,
      education: "bachelor",
      seniority: "senior",
    });
  });
});

describe("readJobDescription: structure variants", () => {
  it("treats skills as required when there is no requirements section", () => {
    const jd = readJobDescription("We need a React developer who writes TypeScript and CSS daily.", "UI Dev");
    expect(jd.requiredSkills).toEqual(["React", "TypeScript", "CSS"]);
    expect(jd.niceToHaveSkills).toEqual([]);
  });

  it("reads inline 'Heading: list' lines for that line only", () => {
    const jd = readJobDescription("Must have: Python, SQL\nNice to have: Airflow, dbt\nWe use Snowflake.");
    expect(jd.requiredSkills).toEqual(["Python", "SQL"]);
    expect(jd.niceToHaveSkills).toEqual(["Apache Airflow", "dbt", "Snowflake"]);
  });

  it("recognises markdown and upper-case headings", () => {
    const text = "## Required skills\n- Java\n\nPREFERRED QUALIFICATIONS\n- Spring Boot\n- AWS";
    const jd = readJobDescription(text, "Java Engineer");
    expect(jd.requiredSkills).toEqual(["Java"]);
    expect(jd.niceToHaveSkills).toEqual(["Spring Boot", "AWS"]);
  });

  it("lets 'bonus' and 'preferred' phrases override the section", () => {
    const jd = readJobDescription(
      "Requirements\n- Python (Django preferred)\n- Docker; Kubernetes would be a bonus",
    );
    expect(jd.requiredSkills).toEqual(["Python", "Docker"]);
    expect(jd.niceToHaveSkills).toEqual(["Django", "Kubernetes"]);
  });

  it("counts skills named in the title as required", () => {
    const jd = readJobDescription("Requirements\n- Strong SQL", "Go Developer");
    expect(jd.requiredSkills).toEqual(["Go", "SQL"]);
  });
});

describe("readJobDescription: years", () => {
  it.each([
    ["3-5 years of experience with Python", 3],
    ["At least five years of professional experience", 5],
    ["Minimum of 7 yrs in data engineering", 7],
    ["5+ years overall, including 2+ years with Go", 5],
    ["10 or more years experience", 10],
  ])("%s → %d", (line, years) => {
    expect(readJobDescription(`Requirements\n- ${line}`).minYears).toBe(years);
  });

  it("ignores years that are not an experience bar", () => {
    expect(readJobDescription("We were founded 20 years ago.\nRequirements\n- Python").minYears).toBeNull();
    expect(
      readJobDescription("Requirements\n- Python\n- 8+ years of experience is a plus").minYears,
    ).toBeNull();
  });
});

describe("readJobDescription: education", () => {
  it.each([
    ["Bachelor's degree in Computer Science", "bachelor"],
    ["BS/MS in Computer Science", "bachelor"],
    ["Master's degree required; PhD preferred", "master"],
    ["PhD in Machine Learning or related field", "phd"],
    ["Associate degree in IT", "associate"],
    ["No degree required, just curiosity", "none"],
    ["High school diploma or equivalent", "none"],
  ])("%s → %s", (line, level) => {
    expect(readJobDescription(`Requirements\n- ${line}`).education).toBe(level);
  });

  it("does not read 'MS Excel' or 'Scrum Master' as a degree", () => {
    expect(readJobDescription("Requirements\n- MS Excel\n- Certified Scrum Master").education).toBeNull();
  });

  it("sets no bar when a degree is only preferred", () => {
    expect(readJobDescription("Requirements\n- SQL\n- Master's degree preferred").education).toBeNull();
  });
});

describe("readJobDescription: seniority and title", () => {
  it.each([
    ["Software Engineering Intern", "intern"],
    ["Junior Data Analyst", "junior"],
    ["Mid-level Frontend Developer", "mid"],
    ["Sr. Product Designer", "senior"],
    ["Staff Engineer", "lead"],
    ["Engineering Manager", "lead"],
    ["Principal Architect", "principal"],
  ])("%s → %s", (title, level) => {
    expect(readJobDescription("Requirements\n- Communication", title).seniority).toBe(level);
  });

  it("reads seniority from the text, then from the years", () => {
    expect(readJobDescription("This is an entry-level role.", "Analyst").seniority).toBe("junior");
    expect(readJobDescription("We are looking for a senior engineer to join.", "Engineer").seniority).toBe(
      "senior",
    );
    expect(readJobDescription("Requirements\n- 6+ years of experience", "Engineer").seniority).toBe("senior");
    expect(readJobDescription("Requirements\n- Python", "Engineer").seniority).toBeNull();
  });

  it("takes the title from a Title field or the first line", () => {
    expect(readJobDescription("Job Title: Data Engineer\nWe build pipelines.").title).toBe("Data Engineer");
    expect(readJobDescription("# Platform Engineer\n\nRequirements\n- Linux").title).toBe(
      "Platform Engineer",
    );
    expect(readJobDescription("", "  ").title).toBe("Untitled role");
  });
});
