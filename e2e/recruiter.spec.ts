import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { buildDocx, buildPdf } from "../lib/agents/matching/sample-files";
import { login } from "./support/login";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const JD = `Senior Full-Stack Engineer

About the role
We are hiring a senior full-stack engineer to build the hiring platform our recruiters use every day.

Responsibilities
- Build product features end to end in TypeScript, React and Node.js
- Design PostgreSQL schemas and keep queries fast
- Ship through Docker images to AWS

Requirements
- 5+ years of professional software engineering experience
- Strong TypeScript, React, Node.js and PostgreSQL
- Experience with Docker and AWS
- Bachelor's degree in Computer Science or equivalent experience

Nice to have
- Kubernetes
- GraphQL`;

const strong = [
  "Alice Nguyen",
  "alice.nguyen@example.com | +1 512 555 0101",
  "Senior Software Engineer",
  "Summary",
  "Full-stack engineer with 8 years of experience building web products in TypeScript, React and Node.js.",
  "Experience",
  "Senior Software Engineer, Lattice Labs (2019 - 2025)",
  "Built React and TypeScript front ends and Node.js services on PostgreSQL; ran them on AWS with Docker and Kubernetes.",
  "Software Engineer, Northwind (2017 - 2019)",
  "GraphQL APIs in Node.js, PostgreSQL, Docker.",
  "Education",
  "B.S. Computer Science, University of Texas, 2017",
  "Skills",
  "TypeScript, React, Node.js, PostgreSQL, Docker, AWS, Kubernetes, GraphQL",
];

const mid = [
  "Bob Martin",
  "bob.martin@example.com",
  "Frontend Developer",
  "Experience",
  "Frontend Developer, Pixel & Co (2022 - 2025)",
  "React and JavaScript single-page applications, CSS, some Node.js.",
  "Education",
  "B.A. Design, 2021",
  "Skills",
  "JavaScript, React, CSS, HTML, Node.js",
];

const weak = `Carol Diaz
carol.diaz@example.com
Account Executive

Experience
Account Executive, Acme Sales (2018 - 2025)
Closed enterprise deals, managed pipeline in Salesforce, negotiation and cold calling.

Skills
Salesforce, Negotiation, Cold calling, CRM
`;

test("a recruiter creates a job, uploads three resumes, starts the run, watches it live and sees ranked results", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runledger-e2e-"));
  const files = {
    pdf: path.join(dir, "alice-nguyen.pdf"),
    docx: path.join(dir, "bob-martin.docx"),
    txt: path.join(dir, "carol-diaz.txt"),
  };
  fs.writeFileSync(files.pdf, buildPdf(strong));
  fs.writeFileSync(files.docx, buildDocx(mid));
  fs.writeFileSync(files.txt, weak);
  const title = `Senior Full-Stack Engineer ${Date.now()}`;

  // every distinct picture of the four agent cards, recorded in the page as the DOM changes
  await page.addInitScript(() => {
    const states: string[] = [];
    (window as unknown as { __agentStates: string[] }).__agentStates = states;
    const snap = () => {
      const s = [...document.querySelectorAll("[data-testid=agent-card]")]
        .map((e) => e.getAttribute("data-status"))
        .join(",");
      if (s && states.at(-1) !== s) states.push(s);
    };
    new MutationObserver(snap).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-status"],
    });
  });
  await login(page, "recruiter");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Start", exact: true })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Start AI Workflow" })).toBeVisible();
  const start = page.getByRole("button", { name: "Start AI Workflow" });
  await expect(start).toBeDisabled();

  // 1. a new job description, pasted
  await page.getByRole("button", { name: "Create new" }).click();
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Description", { exact: true }).fill(JD);
  await page.getByLabel("Department (optional)").fill("Engineering");

  // 2. three resumes — a PDF, a DOCX and a plain-text file — through the file input
  await page.getByTestId("resume-files").setInputFiles([files.pdf, files.docx, files.txt]);
  const uploads = page.getByTestId("upload-row");
  await expect(uploads).toHaveCount(3);
  for (const name of ["alice-nguyen.pdf", "bob-martin.docx", "carol-diaz.txt"]) {
    await expect(uploads.filter({ hasText: name })).toHaveAttribute("data-state", "done");
  }
  await expect(page.getByText("3 of 3 uploaded")).toBeVisible();
  // freshly uploaded files are picked for the batch (and show as checked in the list on file)
  await expect(page.getByTestId("start-summary")).toContainText(`3 resumes against ${title} (new)`);
  await expect(page.getByRole("switch", { name: "Force reprocess" })).toHaveAttribute(
    "aria-checked",
    "false",
  );
  await page.getByRole("switch", { name: "Force reprocess" }).click();
  await expect(page.getByRole("switch", { name: "Force reprocess" })).toHaveAttribute("aria-checked", "true");

  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: "e2e/artifacts/start.png", fullPage: true });

  // 3. start: the page subscribes to the run's event stream
  const stream = page.waitForRequest((r) =>
    /\/api\/workflow\/executions\/WF-[0-9A-Z]+\/stream$/.test(r.url()),
  );
  await start.click();
  await expect(page).toHaveURL(/\/runs\/WF-[0-9A-Z]+$/);
  const runId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(runId, { exact: true }).first()).toBeVisible();

  const cards = page.getByTestId("agent-card");
  await expect(cards).toHaveCount(4);
  await expect(cards.nth(0)).toContainText("Resume Extractor");
  await expect(cards.nth(3)).toContainText("HR Comparator");

  // live: the same page (no reload) moves through the agents to completion
  const detail = page.getByTestId("run-detail");
  const initial = await detail.getAttribute("data-status");
  if (initial !== "completed") await stream;
  await expect(detail).toHaveAttribute("data-status", "completed", { timeout: 180_000 });
  for (let i = 0; i < 4; i++) await expect(cards.nth(i)).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("stream-state")).toHaveAttribute("data-state", "ended");
  const pictures = await page.evaluate(
    () => (window as unknown as { __agentStates: string[] }).__agentStates,
  );
  // the agents were shown unfinished first, then finished, without a reload
  expect(pictures.at(-1)).toBe("completed,completed,completed,completed");
  if (initial !== "completed") expect(pictures.length).toBeGreaterThan(1);
  await expect(cards.nth(0).getByTestId("agent-progress")).toHaveText("3 / 3");

  // ranked results: three candidates, best first, with bands, skills and the resume file
  const rows = page.getByTestId("result-row");
  await expect(rows).toHaveCount(3);
  const scores = (await page.getByTestId("score").allTextContents()).map((t) => Number.parseInt(t, 10));
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  await expect(rows.first()).toContainText("Alice Nguyen");
  await expect(rows.first()).toContainText(/Excellent|Good/);
  await expect(rows.first().getByText("TypeScript", { exact: true })).toBeVisible();
  await expect(rows.last()).toContainText(/carol/i);
  const fileLink = rows.first().getByRole("link", { name: /alice-nguyen\.pdf/ });
  await expect(fileLink).toHaveAttribute("href", /^\/api\/resumes\/[0-9a-f-]{36}\/file$/);
  const file = await page.request.get((await fileLink.getAttribute("href"))!);
  expect(file.status()).toBe(200);

  // the timeline and the event log show the steps
  await expect(page.getByTestId("timeline-row")).toHaveCount(4);
  await expect(page.getByRole("region", { name: "Event log entries" })).toContainText("step.complete");
  // a finished run can be rerun by its owner; cancelling is gone
  await expect(page.getByRole("button", { name: "Rerun", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);

  expect(await seriousViolations(page)).toEqual([]);
  // dismissing one toast re-indexes the rest: always take the first until none is left
  const dismiss = page.getByRole("button", { name: "Dismiss notification" });
  // (a toast may also time out on its own between the count and the click)
  while ((await dismiss.count()) > 0)
    await dismiss
      .first()
      .click({ timeout: 2_000 })
      .catch(() => {});
  await page.screenshot({ path: "e2e/artifacts/run-detail.png", fullPage: true });

  // dark mode follows the system setting
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: "e2e/artifacts/run-detail-dark.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  // an unknown id is a not-found page
  await page.goto("/runs/WF-999999999");
  await expect(page.getByRole("heading", { name: "Run not found" })).toBeVisible();
});
