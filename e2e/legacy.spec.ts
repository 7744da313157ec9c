import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { login } from "./support/login";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

// What the old product's AIWorkflow.tsx saved (seed 001): the last runs, in this browser only.
const stamp = Date.now();
const legacyTitle = `Legacy Backend Engineer ${stamp}`;
const workflowHistory = [
  {
    id: `workflow-${stamp}`,
    timestamp: new Date(stamp - 3_600_000).toISOString(),
    jdId: `JD-${stamp}`,
    jdTitle: legacyTitle,
    totalCandidates: 10,
    completionStatus: "Completed",
    agents: [
      { id: "resume-extractor", name: "Resume Extractor", status: "completed" },
      { id: "jd-reader", name: "JD Reader", status: "completed" },
      { id: "resume-reader", name: "Resume Reader", status: "completed" },
      { id: "hr-comparator", name: "HR Comparator", status: "completed" },
    ],
    metrics: { totalCandidates: 10, processingTime: 10000, matchRate: 85.5, topMatches: 7 },
    progress: { completedAgents: 4, totalAgents: 4, percentage: 100 },
  },
  {
    id: `workflow-${stamp - 86_400_000}`,
    timestamp: new Date(stamp - 86_400_000).toISOString(),
    jdId: `JD-${stamp - 1}`,
    jdTitle: legacyTitle,
    totalCandidates: 4,
    completionStatus: "In Progress",
    agents: [
      { id: "resume-extractor", name: "Resume Extractor", status: "completed" },
      { id: "jd-reader", name: "JD Reader", status: "in_progress" },
    ],
    metrics: { totalCandidates: 4 },
    progress: { completedAgents: 1, totalAgents: 4, percentage: 25 },
  },
  {
    id: `workflow-${stamp - 2 * 86_400_000}`,
    timestamp: new Date(stamp - 2 * 86_400_000).toISOString(),
    jdId: `JD-${stamp - 2}`,
    jdTitle: legacyTitle,
    totalCandidates: 6,
    completionStatus: "Completed",
    metrics: { totalCandidates: 6, matchRate: 50 },
    progress: { percentage: 100 },
  },
];

test("runs saved in this browser by the old product are offered for import, imported, and removed locally", async ({
  page,
  context,
}) => {
  // preloaded once (not on every navigation), as if the old app had written it
  await context.addInitScript((history) => {
    if (!sessionStorage.getItem("e2e-legacy-seeded")) {
      localStorage.setItem("workflowHistory", JSON.stringify(history));
      sessionStorage.setItem("e2e-legacy-seeded", "1");
    }
  }, workflowHistory);

  await login(page, "recruiter");
  await page.goto("/runs");
  const offer = page.getByTestId("legacy-import");
  await expect(offer.getByRole("heading", { name: "We found 3 runs saved in this browser" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: "e2e/artifacts/legacy-import.png", fullPage: true });

  // the local copy survives until the server confirms
  const imported = page.waitForResponse(
    (r) => r.url().endsWith("/api/workflow/executions/import") && r.request().method() === "POST",
  );
  await offer.getByRole("button", { name: "Import 3 runs" }).click();
  const res = await imported;
  expect(res.status()).toBe(201);
  expect(await res.json()).toMatchObject({ created: 3, skipped_existing: 0 });
  await expect(
    page.getByTestId("toast").filter({ hasText: "Imported 3 runs from this browser" }),
  ).toBeVisible();
  await expect(offer).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem("workflowHistory"))).toBeNull();

  // the imported runs are now server history
  await page.getByLabel("Search", { exact: true }).fill(legacyTitle);
  await expect(page).toHaveURL(/[?&]q=Legacy/);
  const rows = page.getByTestId("runs-table").locator("tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("imported");
  await expect(page.getByText("3 runs match")).toBeVisible();

  // and the offer does not come back
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  await expect(page.getByTestId("legacy-import")).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem("workflowHistory"))).toBeNull();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: "e2e/artifacts/runs-imported.png", fullPage: true });
});

test("a failed import keeps the local history", async ({ page, context }) => {
  await context.addInitScript(
    (history) => {
      if (!sessionStorage.getItem("e2e-legacy-seeded")) {
        localStorage.setItem("workflowHistory", JSON.stringify(history));
        sessionStorage.setItem("e2e-legacy-seeded", "1");
      }
    },
    workflowHistory.slice(0, 2),
  );
  await login(page, "recruiter");
  // force the failure path: the server refuses the import
  await page.route("**/api/workflow/executions/import", (route) =>
    route.fulfill({
      status: 503,
      contentType: "application/json",
      body: JSON.stringify({ error: { code: "unavailable", message: "Try again later" } }),
    }),
  );
  await page.goto("/runs");
  await page.getByTestId("legacy-import").getByRole("button", { name: "Import 2 runs" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Import failed" })).toBeVisible();
  await expect(page.getByTestId("legacy-import")).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem("workflowHistory"))).not.toBeNull();
});
