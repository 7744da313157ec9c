import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { login } from "./support/login";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

type Step = { step_number: number; status: string };

/** A Candidate Pipeline run (screening → two sign-offs → cooling-off → manual phone screen …). */
async function startPipeline(request: APIRequestContext, origin: string, title: string) {
  const workflows = (await (await request.get("/api/workflows?limit=100")).json()) as {
    workflows: { id: string; builtin_key: string | null }[];
  };
  const pipeline = workflows.workflows.find((w) => w.builtin_key === "candidate_pipeline");
  expect(pipeline).toBeTruthy();
  const job = await request.post("/api/jobs", {
    headers: { origin },
    data: { title, description: `${title}\n\nRequirements\n- Go, Kubernetes, PostgreSQL` },
  });
  const { id: jobId } = (await job.json()) as { id: string };
  const resume = await request.post("/api/resumes", {
    headers: { origin },
    multipart: {
      files: {
        name: "fay-lee.txt",
        mimeType: "text/plain",
        buffer: Buffer.from(`Fay Lee\nfay@example.com\nGo, Kubernetes, PostgreSQL, 6 years`),
      },
    },
  });
  const { results } = (await resume.json()) as { results: { resume_id: string }[] };
  const started = await request.post("/api/workflow/executions", {
    headers: { origin },
    data: {
      workflow_id: pipeline!.id,
      channel: "web",
      title,
      inputs: { jd_id: jobId, resume_ids: [results[0]!.resume_id] },
    },
  });
  expect(started.status()).toBe(201);
  const run = (await started.json()) as { workflow_id: string };
  await expect
    .poll(
      async () => {
        const doc = (await (await request.get(`/api/workflow/executions/${run.workflow_id}`)).json()) as {
          steps: Step[];
        };
        return doc.steps.find((s) => s.step_number === 2)?.status;
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe("waiting_approval");
  return run.workflow_id;
}

test("two managers sign off a step from the inbox and the run page; the run can then be cancelled", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const title = `Platform Engineer pipeline ${Date.now()}`;
  await login(page, "manager");
  const runId = await startPipeline(page.request, baseURL!, title);

  // the manager's inbox lists the step with its N-of-M progress
  await page.goto("/approvals");
  await expect(page.getByRole("heading", { level: 1, name: "Approvals" })).toBeVisible();
  const item = page.getByTestId("approval").filter({ hasText: runId });
  await expect(item).toContainText("Hiring manager sign-off");
  await expect(item).toContainText("0 of 2 approvals");
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: "e2e/artifacts/approvals.png", fullPage: true });
  await item.getByLabel("Comment (optional)").fill("Strong Go background");
  await item.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Approved" })).toBeVisible();
  await expect(page.getByTestId("approval").filter({ hasText: runId })).toHaveCount(0);

  // an admin, in another browser, gives the second approval from the run page
  const adminContext = await browser.newContext({ baseURL });
  const admin = await adminContext.newPage();
  await login(admin, "admin");
  await admin.goto(`/runs/${runId}`);
  await expect(admin.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(admin.getByRole("status").filter({ hasText: "waiting for approval" })).toBeVisible();
  await admin.getByRole("button", { name: "Review step 2" }).click();
  const dialog = admin.getByRole("dialog", { name: "Hiring manager sign-off: your decision" });
  await expect(dialog).toContainText("1 of 2 approvals so far");
  await dialog.getByLabel("Comment (optional)").fill("Agreed");
  await dialog.getByRole("button", { name: "Approve" }).click();
  await expect(admin.getByTestId("toast").filter({ hasText: "Approved step 2" })).toBeVisible();
  // the step moves on to its cooling-off delay — live, without a reload
  await expect(admin.getByTestId("timeline-row").nth(2)).toContainText("Scheduled", { timeout: 30_000 });
  await expect(admin.getByTestId("timeline-row").nth(1)).toContainText("Completed");
  expect(await seriousViolations(admin)).toEqual([]);
  await admin.screenshot({ path: "e2e/artifacts/run-approvals.png", fullPage: true });

  // the analyst cannot act: no action buttons at all
  const analystContext = await browser.newContext({ baseURL });
  const analyst = await analystContext.newPage();
  await login(analyst, "analyst");
  await analyst.goto(`/runs/${runId}`);
  await expect(analyst.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(
    analyst.getByRole("button", { name: /Cancel run|Rerun|Review step|Retry step|Start step/ }),
  ).toHaveCount(0);
  await analystContext.close();

  // cancel with a reason
  await admin.getByRole("button", { name: "Cancel run" }).click();
  const cancel = admin.getByRole("dialog", { name: `Cancel ${runId}?` });
  await cancel.getByLabel("Reason (optional)").fill("Candidate withdrew");
  await cancel.getByRole("button", { name: "Cancel run" }).click();
  await expect(admin.getByTestId("run-detail")).toHaveAttribute("data-status", "cancelled");
  await expect(admin.getByRole("button", { name: "Rerun", exact: true })).toBeVisible();
  await adminContext.close();
});
