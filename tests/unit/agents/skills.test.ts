import { describe, expect, it } from "vitest";
import {
  canonicalSkill,
  expandSkills,
  findSkills,
  parseTaxonomy,
  skillCategory,
  skillTaxonomy,
} from "@/lib/agents/matching/skills";

describe("skills taxonomy", () => {
  it("ships at least 150 canonical skills with unique names", () => {
    expect(skillTaxonomy.length).toBeGreaterThanOrEqual(150);
    const names = skillTaxonomy.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("covers languages, frameworks, cloud, data, devops, soft, HR and business skills", () => {
    const categories = new Set(skillTaxonomy.map((s) => s.category));
    for (const c of [
      "language",
      "frontend",
      "backend",
      "cloud",
      "data",
      "devops",
      "soft",
      "hr",
      "business",
    ]) {
      expect(categories).toContain(c);
    }
    expect(skillCategory("Kubernetes")).toBe("devops");
    expect(skillCategory("Recruiting")).toBe("hr");
  });

  it("rejects malformed taxonomy files", () => {
    expect(() => parseTaxonomy({})).toThrow(/missing skills array/);
    expect(() => parseTaxonomy({ skills: [{ name: "X" }] })).toThrow(/name and a category/);
    expect(() => parseTaxonomy({ skills: [{ name: "X", category: "c", aliases: [""] }] })).toThrow(
      /non-empty/,
    );
  });
});

describe("canonicalSkill", () => {
  it.each([
    ["JS", "JavaScript"],
    ["k8s", "Kubernetes"],
    ["Postgres", "PostgreSQL"],
    ["psql", "PostgreSQL"],
    ["golang", "Go"],
    ["React.js", "React"],
    ["node", "Node.js"],
    ["ML", "Machine Learning"],
    ["sklearn", "scikit-learn"],
    ["talent acquisition", "Recruiting"],
    ["HTML5", "HTML"],
    ["not a skill", null],
  ])("%s → %s", (alias, canonical) => {
    expect(canonicalSkill(alias)).toBe(canonical);
  });
});

describe("findSkills", () => {
  it("maps aliases to canonical names in order of first mention", () => {
    expect(findSkills("Skills: JS, k8s, golang, Postgres, psql, React.js, node, ML")).toEqual([
      "JavaScript",
      "Kubernetes",
      "Go",
      "PostgreSQL",
      "React",
      "Node.js",
      "Machine Learning",
    ]);
  });

  it("handles symbols in names: C++, C#, .NET, Node.js, CI/CD, A/B testing", () => {
    expect(findSkills("C++, C#, .NET Core, Node.js, CI/CD and A/B testing")).toEqual([
      "C++",
      "C#",
      ".NET",
      "Node.js",
      "CI/CD",
      "A/B Testing",
    ]);
  });

  it("does not find a skill inside a longer word or name", () => {
    expect(findSkills("JavaScript only")).toEqual(["JavaScript"]);
    expect(findSkills("ASP.NET MVC")).toEqual(["ASP.NET"]);
    expect(findSkills("Objective-C")).toEqual(["Objective-C"]);
    expect(findSkills("a scalable design")).toEqual([]);
  });

  it("prefers the longer overlapping skill", () => {
    expect(findSkills("React Native apps")).toEqual(["React Native"]);
    expect(findSkills("Spring Boot services")).toEqual(["Spring Boot"]);
    expect(findSkills("Ruby on Rails")).toEqual(["Ruby on Rails"]);
  });

  it("ignores 'go' and other ambiguous words in ordinary English", () => {
    const prose =
      "I am ready to go the extra mile. Go ahead and let's go! We react to feedback and rest on weekends. " +
      "Spring 2019 semester. R&D budget, C-suite reporting, Go-to-market plan. Swift delivery. " +
      "Ruby Chen referred me. Each node in the cluster. Express shipping.";
    expect(findSkills(prose)).toEqual([]);
  });

  it("finds ambiguous skills in technical context", () => {
    expect(findSkills("Languages: Python, Go, Rust")).toEqual(["Python", "Go", "Rust"]);
    expect(findSkills("Built microservices written in Go.")).toEqual(["Microservices", "Go"]);
    expect(findSkills("- Go\n- R")).toEqual(["Go", "R"]);
    expect(findSkills("Upgraded to Go 1.22")).toEqual(["Go"]);
    expect(findSkills("Statistics in R and Python")).toEqual(["Statistics", "R", "Python"]);
    expect(findSkills("Node services with Express, iOS apps in Swift")).toEqual([
      "Node.js",
      "Express.js",
      "iOS",
      "Swift",
    ]);
  });

  it("is case-sensitive for words that are also common English", () => {
    expect(findSkills("React and TS")).toEqual(["React", "TypeScript"]);
    expect(findSkills("we react fast; ts")).toEqual([]);
    expect(findSkills("Excel, Jira")).toEqual(["Microsoft Excel", "Jira"]);
    expect(findSkills("excel at sales")).toEqual([]);
  });

  it("matches multi-word aliases across spaces and hyphens, case-insensitively", () => {
    expect(findSkills("MACHINE-LEARNING and machine learning")).toEqual(["Machine Learning"]);
    expect(findSkills("full-cycle recruiting, Boolean search, HRIS")).toEqual([
      "Recruiting",
      "Sourcing",
      "HRIS",
    ]);
  });

  it("applies Unicode normalisation before matching", () => {
    expect(findSkills("\uff2a\uff33 and \uff4b\uff18\uff53")).toEqual(["JavaScript", "Kubernetes"]);
  });
});

describe("expandSkills", () => {
  it("adds implied skills transitively without duplicates", () => {
    expect(expandSkills(["Django"])).toEqual(["Django", "Python"]);
    expect(expandSkills(["Next.js"])).toEqual(["Next.js", "React", "JavaScript"]);
    expect(expandSkills(["PostgreSQL", "SQL"])).toEqual(["PostgreSQL", "SQL"]);
    expect(expandSkills(["ASP.NET"])).toEqual(["ASP.NET", ".NET", "C#"]);
  });

  it("leaves unknown names alone", () => {
    expect(expandSkills(["Cobol 2099"])).toEqual(["Cobol 2099"]);
  });
});
