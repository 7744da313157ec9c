import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { buildDocx, buildPdf } from "../lib/agents/matching/sample-files";
import { login } from "./support/login";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** A recruiter's run, started through the same API the Start page uses. */
async function startRun(request: APIRequestContext, origin: string, title: string) {
  const job = await request.post("/api/jobs", {
    headers: { origin },
    data: {
      title,
      description: `${title}\n\nRequirements\n- 3+ years of Python and PostgreSQL\n- Experience with AWS and Docker`,
    },
  });
  expect(job.status()).toBe(201);
  const { jd_id } = (await job.json()) as { jd_id: string };
  const resumeIds: string[] = [];
  const files = [
    {
      name: "dana-park.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(
        buildPdf([
          "Dana Park",
          "dana@example.com",
          "Backend engineer, 6 years of Python, PostgreSQL, AWS, Docker",
        ]),
      ),
    },
    {
      name: "eli-stone.docx",
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      buffer: Buffer.from(buildDocx(["Eli Stone", "eli@example.com", "Data analyst: SQL, Excel, Tableau"])),
    },
  ];
  for (const file of files) {
    const res = await request.post("/api/resumes", { headers: { origin }, multipart: { files: file } });
    expect(res.status()).toBe(201);
    const body = (await res.json()) as { results: { resume_id: string }[] };
    resumeIds.push(body.results[0]!.resume_id);
  }
  const started = await request.post("/api/matching/batch", {
    headers: { origin },
    data: { jd_id, resume_ids: resumeIds },
  });
  expect(started.status()).toBe(202);
  const { data } = (await started.json()) as { data: { workflow_id: string } };
  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/workflow/executions/${data.workflow_id}`);
        return ((await res.json()) as { status: string }).status;
      },
      { timeout: 120_000, intervals: [500] },
    )
    .toBe("completed");
  return { runId: data.workflow_id, jdId: jd_id };
}

test("a manager on another browser finds a recruiter's run in the organization history, filters, saves a shared view and exports CSV", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const title = `Data Platform Engineer ${Date.now()}`;
  await login(page, "recruiter");
  const { runId, jdId } = await startRun(page.request, baseURL!, title);

  // a second browser: no cookies, no storage shared with the recruiter's
  const managerContext = await browser.newContext({ baseURL });
  const manager = await managerContext.newPage();
  await login(manager, "manager");
  await manager.goto("/runs");
  await expect(manager.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  await expect(manager.getByRole("button", { name: "Organization" })).toHaveAttribute("aria-pressed", "true");

  // free text goes into the URL and finds the run
  await manager.getByLabel("Search", { exact: true }).fill(title);
  await expect(manager).toHaveURL(/[?&]q=Data\+Platform\+Engineer/);
  const table = manager.getByTestId("runs-table");
  await expect(table.locator(`tr[data-run="${runId}"]`)).toBeVisible();
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.locator(`tr[data-run="${runId}"]`)).toContainText("Riley Recruiter");

  // status and job filters, also in the URL
  await manager.getByLabel(/^Status: /).click();
  await manager.getByRole("checkbox", { name: "Completed" }).click();
  await expect(manager.getByRole("checkbox", { name: "Completed" })).toBeChecked();
  await expect(manager).toHaveURL(/status=completed/);
  await manager.keyboard.press("Escape");
  await manager.getByLabel("Job", { exact: true }).selectOption(jdId);
  await expect(manager).toHaveURL(new RegExp(`jd_id=${jdId}`));
  await expect(table.locator(`tr[data-run="${runId}"]`)).toBeVisible();

  // the URL is the view: a reload (or a shared link) shows the same list
  await manager.reload();
  await expect(manager.getByLabel("Search", { exact: true })).toHaveValue(title);
  await expect(manager.getByTestId("runs-table").locator(`tr[data-run="${runId}"]`)).toBeVisible();

  // a failing filter shows an empty state rather than stale rows
  const failed = new URL(manager.url());
  failed.searchParams.set("status", "failed");
  await manager.goto(failed.pathname + failed.search);
  await expect(manager.getByText("No runs match these filters")).toBeVisible();
  await manager.goBack();
  await expect(manager.getByTestId("runs-table").locator(`tr[data-run="${runId}"]`)).toBeVisible();

  // sortable columns
  await manager.getByRole("button", { name: /^Duration/ }).click();
  await expect(manager).toHaveURL(/sort=-duration_ms/);
  await expect(manager.getByRole("columnheader", { name: /Duration/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );

  // save the current filters as a shared view
  const viewName = `Completed ${title}`;
  await manager.getByText("Saved views", { exact: true }).click();
  await manager.getByLabel("Save current filters as").fill(viewName);
  await manager.getByLabel("Share with organization").check();
  await manager.getByRole("button", { name: "Save view" }).click();
  await expect(manager.getByTestId("toast").filter({ hasText: `Saved view “${viewName}”` })).toBeVisible();
  const savedList = manager.getByRole("list", { name: "Saved views" });
  await expect(savedList.getByRole("listitem").filter({ hasText: viewName })).toContainText("Shared");
  await expect(savedList.getByRole("listitem").filter({ hasText: viewName })).toContainText("Current");

  expect(await seriousViolations(manager)).toEqual([]);
  await manager.keyboard.press("Escape");
  await manager.screenshot({ path: "e2e/artifacts/runs.png", fullPage: true });
  // tablet width: the filters and table still fit
  await manager.setViewportSize({ width: 820, height: 1180 });
  expect(await seriousViolations(manager)).toEqual([]);
  await manager.screenshot({ path: "e2e/artifacts/runs-tablet.png", fullPage: true });
  await manager.setViewportSize({ width: 1280, height: 720 });

  // export what is on screen as CSV: a download carrying the same filters
  const download = manager.waitForEvent("download");
  await manager.getByTestId("export-csv").click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  expect(file.url()).toContain("format=csv");
  expect(file.url()).toContain(`jd_id=${jdId}`);
  expect(file.url()).toContain("status=completed");
  const csv = fs.readFileSync((await file.path())!, "utf8");
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toContain("workflow_id");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(runId);

  // the recruiter sees the shared view (not theirs to delete) and can apply it
  await page.goto("/runs");
  await page.getByText("Saved views", { exact: true }).click();
  const theirs = page
    .getByRole("list", { name: "Saved views" })
    .getByRole("listitem")
    .filter({ hasText: viewName });
  await expect(theirs).toContainText("Shared");
  await expect(theirs.getByRole("button", { name: `Delete view ${viewName}` })).toHaveCount(0);
  await theirs.getByRole("button", { name: new RegExp(viewName) }).click();
  await expect(page).toHaveURL(/status=completed/);
  await expect(page.getByTestId("runs-table").locator(`tr[data-run="${runId}"]`)).toBeVisible();

  // bulk rerun (managers only): select the run and rerun it
  await manager.getByRole("checkbox", { name: `Select ${runId}` }).check();
  await expect(manager.getByRole("toolbar", { name: "Bulk actions" })).toContainText("1 selected");
  await manager.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Rerun" }).click();
  await expect(manager.getByTestId("toast").filter({ hasText: "Reran 1 run" })).toBeVisible();

  // the manager deletes their own view
  await manager.getByText("Saved views", { exact: true }).click();
  await manager.getByRole("button", { name: `Delete view ${viewName}` }).click();
  await expect(manager.getByTestId("toast").filter({ hasText: `Deleted view “${viewName}”` })).toBeVisible();
  await expect(manager.getByRole("list", { name: "Saved views" }).getByText(viewName)).toHaveCount(0);
  await managerContext.close();
});
