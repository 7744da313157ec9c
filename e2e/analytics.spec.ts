import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { login } from "./support/login";

/** Every chart of the page, with the SVG marks that prove it drew data. */
const charts = [
  { id: "channel-performance", title: "Channel performance", marks: ".recharts-bar-rectangle" },
  { id: "node-stats", title: "Node execution statistics", marks: ".recharts-bar-rectangle" },
  { id: "tiers", title: "Tier distribution", marks: ".recharts-pie-sector" },
  { id: "failure-trend", title: "Failed steps over time", marks: ".recharts-bar-rectangle" },
  { id: "workflow-summary", title: "Execution summary per workflow", marks: ".recharts-bar-rectangle" },
  { id: "llm-tokens", title: "LLM token usage by model", marks: ".recharts-area-area" },
] as const;

const CHANNEL_CSV_HEADER =
  "bucket,channel,runs,finished,completed,success_rate_pct,avg_duration_ms,p95_duration_ms";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Waits until every chart has drawn its marks (the charts load after the page). */
async function expectChartsDrawn(page: Page) {
  for (const chart of charts) {
    const card = page.getByTestId(`card-${chart.id}`);
    await expect(card.getByRole("heading", { level: 2, name: chart.title })).toBeVisible();
    // the chart's one image role (Recharts' own svgs inside it are presentational)
    const image = card.locator("[data-chart-frame]");
    await expect(image).toHaveAttribute("role", "img");
    await expect(image).toBeVisible();
    await expect(image).toHaveAttribute("aria-label", /\d/);
    await expect
      .poll(() => image.locator(chart.marks).count(), { message: `${chart.id} draws data` })
      .toBeGreaterThan(0);
  }
}

async function openAnalytics(page: Page) {
  await login(page, "analyst");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
  await expect(page).toHaveURL(/\/analytics$/);
  await expect(page.getByRole("heading", { level: 1, name: "Analytics" })).toBeVisible();
}

test.describe("analytics", () => {
  test("the analyst sees every chart with data, each with a table alternative", async ({ page }) => {
    test.setTimeout(180_000); // three full-page axe scans of a large page on a busy machine
    await openAnalytics(page);
    await expect(page.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("kpis")).toContainText("Runs");
    await expectChartsDrawn(page);
    await expect(page.getByTestId("bottleneck")).toContainText("is the slowest step");
    await expect(page.getByTestId("bottleneck")).toContainText("fails most often");
    // the bottleneck bar is drawn in the alert colour, for duration and for failure rate
    const nodes = page.getByTestId("card-node-stats");
    const alertBars = nodes.locator('[data-chart-frame] path[fill="var(--chart-alert)"]');
    await expect(alertBars).toHaveCount(1);
    await nodes.getByRole("button", { name: "Failure rate" }).click();
    await expect(nodes.getByRole("button", { name: "Failure rate" })).toHaveAttribute("aria-pressed", "true");
    await expect(alertBars).toHaveCount(1);
    await nodes.getByRole("button", { name: /^Duration/ }).click();
    // the channel chart switches measure: lines instead of stacked bars
    const channels = page.getByTestId("card-channel-performance");
    await channels.getByRole("button", { name: "p95 duration" }).click();
    await expect.poll(() => channels.locator(".recharts-line-curve").count()).toBeGreaterThan(0);
    await expect(channels.locator("[data-chart-frame]")).toHaveAttribute(
      "aria-label",
      /^p95 duration per day/,
    );
    await channels.getByRole("button", { name: "Volume" }).click();
    await expect(page.getByTestId("failure-groups").locator("tbody tr")).not.toHaveCount(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: "e2e/artifacts/analytics.png", fullPage: true });

    for (const chart of charts) {
      const card = page.getByTestId(`card-${chart.id}`);
      await card.getByRole("button", { name: "Table", exact: true }).click();
      await expect(card.getByRole("button", { name: "Table", exact: true })).toHaveAttribute(
        "aria-pressed",
        "true",
      );
      const table = card.getByRole("table");
      await expect(table).toBeVisible();
      expect(await table.locator("tbody tr").count(), `${chart.id} table rows`).toBeGreaterThan(0);
      await expect(table.locator("thead th").first()).not.toBeEmpty();
    }
    expect(await seriousViolations(page)).toEqual([]);
    for (const chart of charts) {
      await page.getByTestId(`card-${chart.id}`).getByRole("button", { name: "Chart", exact: true }).click();
    }

    await page.emulateMedia({ colorScheme: "dark" });
    await expectChartsDrawn(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: "e2e/artifacts/analytics-dark.png", fullPage: true });
  });

  test("the period lives in the URL: presets, a custom range, reload, an empty period", async ({ page }) => {
    await openAnalytics(page);
    const description = page.getByTestId("range-description");
    const thirtyDays = await description.textContent();

    await page.getByRole("link", { name: "Last 7 days" }).click();
    await expect(page).toHaveURL(/\/analytics\?range=7d$/);
    await expect(page.getByRole("link", { name: "Last 7 days" })).toHaveAttribute("aria-current", "page");
    await expect(description).not.toHaveText(thirtyDays ?? "");
    await expect(page.getByTestId("card-channel-performance").locator("[data-chart-frame]")).toBeVisible();

    await page.getByRole("link", { name: "Last 90 days" }).click();
    await expect(page).toHaveURL(/\/analytics\?range=90d$/);
    await expect(description).toContainText("per week");
    await expectChartsDrawn(page);

    const today = new Date();
    const day = (offset: number) =>
      new Date(today.getTime() - offset * 86_400_000).toISOString().slice(0, 10);
    const form = page.getByRole("form", { name: "Custom range" });
    await form.getByLabel("From").fill(day(20));
    await form.getByLabel("To").fill(day(0));
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`/analytics\\?from=${day(20)}&to=${day(0)}$`));
    await expect(page.getByText("Custom", { exact: true })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("From")).toHaveValue(day(20));
    await expect(page.getByTestId("card-channel-performance").locator("[data-chart-frame]")).toBeVisible();

    await page.goto("/analytics?from=2001-01-01&to=2001-01-31");
    await expect(page.getByText("No runs in this period")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto("/analytics?from=2024-05-09&to=2024-05-01");
    await expect(page.getByRole("alert").filter({ hasText: "must not be after its end" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "page");
  });

  test("a chart downloads as CSV with a header line and its rows", async ({ page }) => {
    await openAnalytics(page);
    const card = page.getByTestId("card-channel-performance");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      card.getByRole("button", { name: "Download Channel performance as CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^runledger-channel-performance-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const text = fs.readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(CHANNEL_CSV_HEADER);
    expect(lines.length).toBeGreaterThan(30); // 30 days × the channels that ran
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2},\w+,\d+,/);
  });

  test("a failure group drills down to its runs and into a run", async ({ page }) => {
    await login(page, "analyst");
    await page.goto("/analytics?range=90d");
    const groups = page.getByTestId("failure-groups");
    const first = groups.locator("tbody tr").first();
    const failures = Number(await first.locator("td").first().textContent());
    const message = (await first.getByRole("link").textContent()) ?? "";
    await first.getByRole("link").click();

    await expect(page).toHaveURL(/\/analytics\/failures\/[0-9a-f]{32}\?range=90d$/);
    await expect(page.getByRole("heading", { level: 1, name: /^Failed steps: / })).toBeVisible();
    await expect(page.getByText(message, { exact: true })).toBeVisible();
    const runs = page.getByTestId("failure-runs").locator("tbody tr");
    await expect(runs).toHaveCount(failures);
    await expect(runs.first().getByRole("link", { name: /^WF-[0-9A-Z]+$/ })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: "e2e/artifacts/analytics-failure-group.png", fullPage: true });

    // the way back keeps the period
    await expect(
      page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Analytics" }),
    ).toHaveAttribute("href", "/analytics?range=90d");
    const runLink = runs.first().getByRole("link", { name: /^WF-[0-9A-Z]+$/ });
    const publicId = (await runLink.textContent()) ?? "";
    await runLink.click();
    await expect(page).toHaveURL(new RegExp(`/runs/${publicId}$`));
  });

  test("an unknown failure group is not found; roles without analytics are refused", async ({ page }) => {
    await login(page, "analyst");
    await page.goto("/analytics/failures/not-a-group-key");
    await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
    await page.goto(`/analytics/failures/${"0".repeat(32)}?range=7d`);
    await expect(page.getByText("No failures of this group in this period")).toBeVisible();

    await page.context().clearCookies();
    await login(page, "recruiter");
    await page.goto("/analytics");
    await expect(page.getByRole("heading", { name: "Not available to your role" })).toBeVisible();
  });
});
