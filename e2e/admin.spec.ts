import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { login } from "./support/login";

// Administration pages as an admin: the workflow editor and its versions, the cascade of a workflow's
// soft delete onto its interviews and todos (and back), API tokens used over Bearer, and accessibility
// of every page. Tests share one database, so each makes its own uniquely named data.

const stamp = () => Date.now().toString(36);

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function checkAndShoot(page: Page, name: string, { fullPage = true } = {}) {
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  // at the end of the page, sticky bars sit where they belong in a full-page picture
  if (fullPage) await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage });
}

/** The toast region of the layout, for "action done" messages. */
const toast = (page: Page, text: string | RegExp) => page.getByTestId("toast").filter({ hasText: text });

async function openWorkflow(page: Page, name: string) {
  await page.goto("/workflows");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("the admin edits a node of a workflow and a new version appears with the change", async ({ page }) => {
  await login(page, "admin");
  await openWorkflow(page, "Candidate Pipeline");
  const header = page.locator("main header").first();
  const before = Number((await header.getByText(/^Version \d+$/).textContent())?.replace("Version ", ""));

  const node = page.getByTestId("node-card").filter({ hasText: "Resume screening" });
  await node.getByRole("button", { name: /Edit.*Resume screening/ }).click();
  const retries = node.getByLabel("Max retries");
  const oldRetries = await retries.inputValue();
  const newRetries = String(Number(oldRetries) + 1);
  await retries.fill(newRetries);
  await expect(page.getByText(`Unsaved changes · saving creates version ${before + 1}`)).toBeVisible();
  await page.getByRole("button", { name: "Save new version" }).click();
  await expect(toast(page, `Saved version ${before + 1}`)).toBeVisible();
  await expect(header.getByText(`Version ${before + 1}`, { exact: true })).toBeVisible();

  await page
    .getByRole("navigation", { name: "Workflow sections" })
    .getByRole("link", { name: "Versions" })
    .click();
  const latest = page.getByTestId("version-row").first();
  await expect(latest).toContainText(`v${before + 1}`);
  await expect(latest).toContainText("Current");
  await latest.getByRole("button", { name: `Show changes of version ${before + 1}` }).click();
  await expect(page.getByTestId("version-changes")).toContainText(
    `Node 1 “Resume screening”: max retries ${oldRetries} → ${newRetries}`,
  );
  await checkAndShoot(page, "workflow-versions");
});

test("a workflow's editor validates its IO schema and refuses what the API would", async ({ page }) => {
  await login(page, "admin");
  await page.goto("/workflows/new");
  await page.getByLabel("Name", { exact: true }).fill(`E2E validation ${stamp()}`);
  const node = page.getByTestId("node-card").first();
  await node
    .getByLabel("IO schema (JSON)")
    .fill('{"inputs": [{"name": "x", "type": "text"}], "outputs": []}');
  await expect(node.getByText(/inputs\.0\.type/)).toBeVisible();
  await node.getByLabel("Max retries").fill("500");
  await page.getByRole("button", { name: "Create workflow" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /Fix \d+ problem/ })).toBeVisible();
  await expect(node.getByText("At most 100")).toBeVisible();
  await expect(page).toHaveURL(/\/workflows\/new$/);
});

test("soft-deleting a workflow hides its interviews and todos; restoring brings them back", async ({
  page,
}) => {
  const id = stamp();
  const workflowName = `E2E cascade ${id}`;
  const interviewTitle = `E2E panel interview ${id}`;
  const todoTitle = `E2E send offer ${id}`;
  await login(page, "admin");

  // The demo's Candidate Pipeline has interviews and todos, but it is built in: it cannot be deleted.
  await page.goto("/interviews");
  await expect(
    page.getByTestId("interview-row").filter({ hasText: "Candidate Pipeline" }).first(),
  ).toBeVisible();
  await page.goto("/todos");
  await expect(page.getByTestId("todo-row").filter({ hasText: "Candidate Pipeline" }).first()).toBeVisible();
  await openWorkflow(page, "Candidate Pipeline");
  await expect(page.getByRole("button", { name: "Delete workflow" })).toBeDisabled();
  await expect(page.getByText("Built-in workflows cannot be deleted.")).toBeVisible();

  // A workflow of our own, with an interview and a todo linked to it.
  await page.goto("/workflows/new");
  await page.getByLabel("Name", { exact: true }).fill(workflowName);
  await page.getByLabel("Description").first().fill("Made by the admin e2e test");
  await page.getByTestId("node-card").first().getByLabel("Step name").fill("Phone screen");
  await page.getByRole("button", { name: "Create workflow" }).click();
  await expect(page.getByRole("heading", { level: 1, name: workflowName })).toBeVisible();
  const workflowUrl = page.url();
  const workflowId = new URL(workflowUrl).pathname.split("/").pop()!;
  // The lists are filtered by the workflow, as a user would find its items: the demo organization
  // holds more interviews and todos than one page, so an unfiltered page proves nothing.
  const interviewsOfWorkflow = `/interviews?workflow=${workflowId}`;
  const todosOfWorkflow = `/todos?workflow=${workflowId}`;

  await page.goto("/interviews");
  await page.getByRole("button", { name: "Schedule interview" }).click();
  const interviewDialog = page.getByRole("dialog", { name: "Schedule an interview" });
  await interviewDialog.getByLabel("Title").fill(interviewTitle);
  await interviewDialog.getByLabel("Candidate").fill("Grace Hopper");
  await interviewDialog.getByLabel("Workflow").selectOption({ label: workflowName });
  await interviewDialog.getByLabel("Scheduled at").fill("2030-01-15T10:00");
  await interviewDialog.getByRole("button", { name: "Schedule interview" }).click();
  await expect(toast(page, `Scheduled “${interviewTitle}”`)).toBeVisible();
  await page.goto(interviewsOfWorkflow);
  await expect(page.getByTestId("interview-row").filter({ hasText: interviewTitle })).toBeVisible();

  await page.goto("/todos");
  await page.getByRole("button", { name: "New todo" }).click();
  const todoDialog = page.getByRole("dialog", { name: "New todo" });
  await todoDialog.getByLabel("Title").fill(todoTitle);
  await todoDialog.getByLabel("Workflow").selectOption({ label: workflowName });
  await todoDialog.getByRole("button", { name: "Create todo" }).click();
  await expect(toast(page, `Created “${todoTitle}”`)).toBeVisible();
  await page.goto(todosOfWorkflow);
  await expect(page.getByTestId("todo-row").filter({ hasText: todoTitle })).toBeVisible();

  // Delete: the confirmation says what goes with it.
  await page.goto(workflowUrl);
  await page.getByRole("button", { name: "Delete workflow" }).click();
  const confirm = page.getByRole("dialog", { name: `Delete “${workflowName}”?` });
  await expect(confirm).toContainText("Its interviews and todos are deleted with it: 1 interview and 1 todo");
  await checkAndShoot(page, "workflow-delete-confirmation", { fullPage: false });
  await confirm.getByRole("button", { name: "Delete workflow and its items" }).click();
  await expect(toast(page, `Deleted “${workflowName}”`)).toContainText("1 interview and 1 todo went with it");
  await expect(page.getByText("This workflow was deleted")).toBeVisible();

  await page.goto(interviewsOfWorkflow);
  await expect(page.getByRole("heading", { level: 1, name: "Interviews" })).toBeVisible();
  await expect(
    page.getByText(
      "This workflow is deleted, so its interviews are hidden. Restore the workflow to bring them back.",
    ),
  ).toBeVisible();
  await expect(page.getByTestId("interview-row")).toHaveCount(0);
  await page.goto(todosOfWorkflow);
  await expect(
    page.getByText(
      "This workflow is deleted, so its todos are hidden. Restore the workflow to bring them back.",
    ),
  ).toBeVisible();
  await expect(page.getByTestId("todo-row")).toHaveCount(0);
  // Admins can still see them in the deleted view, marked as deleted with their workflow.
  await page.getByLabel("Show deleted").check();
  await expect(page.getByTestId("todo-row").filter({ hasText: todoTitle })).toContainText(
    "Deleted with workflow",
  );

  // Restore: both come back.
  await page.goto(workflowUrl);
  await page.getByRole("button", { name: "Restore workflow" }).click();
  await expect(toast(page, `Restored “${workflowName}”`)).toContainText("1 interview and 1 todo came back");
  await page.goto(interviewsOfWorkflow);
  await expect(page.getByTestId("interview-row").filter({ hasText: interviewTitle })).toBeVisible();
  await page.goto(todosOfWorkflow);
  await expect(page.getByTestId("todo-row").filter({ hasText: todoTitle })).toBeVisible();
  await expect(page.getByTestId("todo-row").filter({ hasText: todoTitle })).not.toContainText("Deleted");
});

test("an API token created in Settings is shown once, works as a Bearer token and stops when revoked", async ({
  page,
  request,
}) => {
  const name = `E2E admin script ${stamp()}`;
  await login(page, "admin");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Settings", exact: true })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = page.getByTestId("new-token-value");
  await expect(secret).toHaveValue(/^rl_/);
  await expect(page.getByText("Copy this token now. It is shown only once")).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy", exact: true })).toBeVisible();
  const token = await secret.inputValue();
  const row = page.getByTestId("token-row").filter({ hasText: name });
  await expect(row).toContainText(token.slice(0, 8));
  await expect(row).toContainText("Never"); // not used yet
  await checkAndShoot(page, "settings-token-created");

  const me = await request.get("/api/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ role: "admin", auth: "token" });

  // Shown once: after a reload only the prefix is left.
  await page.reload();
  await expect(page.getByTestId("new-token-value")).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);
  await expect(row).not.toContainText("Never"); // last used: just now

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await page
    .getByRole("dialog", { name: `Revoke “${name}”?` })
    .getByRole("button", { name: "Revoke token" })
    .click();
  await expect(toast(page, `Revoked “${name}”`)).toBeVisible();
  await expect(row).toContainText("Revoked");

  const after = await request.get("/api/me", { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
});

test("a webhook secret is shown once when a channel gets a URL", async ({ page }) => {
  const id = stamp();
  await login(page, "admin");
  await page.goto("/workflows/new");
  await page.getByLabel("Name", { exact: true }).fill(`E2E webhooks ${id}`);
  await page.getByRole("button", { name: "Create workflow" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `E2E webhooks ${id}` })).toBeVisible();
  await page.getByRole("link", { name: "Channels & webhooks" }).click();
  const api = page.getByTestId("channel-api");
  await api.getByLabel("Runs on API").check();
  await api.getByLabel("Priority").fill("7");
  await api.getByLabel("Webhook URL").fill("https://hooks.example.com/runledger");
  await api.getByRole("button", { name: "Save API" }).click();
  await expect(api.getByTestId("webhook-secret-api")).toHaveValue(/^whsec_/);
  await expect(api).toContainText("Signed webhook");
  await checkAndShoot(page, "workflow-channels");
  await page.reload();
  await expect(page.getByTestId("channel-api").getByTestId("webhook-secret-api")).toHaveCount(0);
  await expect(page.getByTestId("channel-api").getByLabel("Priority")).toHaveValue("7");
});

test("the admin manages jobs, users and retention", async ({ page }) => {
  const id = stamp();
  await login(page, "admin");

  await page.goto("/jobs");
  await page.getByRole("button", { name: "New job" }).click();
  const jobDialog = page.getByRole("dialog", { name: "New job description" });
  await jobDialog.getByLabel("Title").fill(`E2E Platform Engineer ${id}`);
  await jobDialog.getByLabel("Department").fill("Infrastructure");
  await jobDialog.getByLabel("Description", { exact: true }).fill("Kubernetes, Go and PostgreSQL; 5+ years.");
  await jobDialog.getByRole("button", { name: "Create job" }).click();
  await expect(toast(page, /Created JD-[0-9A-Z]+/)).toBeVisible();
  await page.getByLabel("Search jobs").fill(id);
  const job = page.getByRole("row").filter({ hasText: `E2E Platform Engineer ${id}` });
  await expect(job).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`q=${id}`));
  await job.getByRole("button", { name: /^Delete/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete job" }).click();
  await expect(page.getByRole("row").filter({ hasText: `E2E Platform Engineer ${id}` })).toHaveCount(0);
  await page.getByLabel("Show deleted").check();
  await page
    .getByRole("row")
    .filter({ hasText: `E2E Platform Engineer ${id}` })
    .getByRole("button", { name: /^Restore/ })
    .click();
  await expect(toast(page, /Restored JD-[0-9A-Z]+/)).toBeVisible();

  await page.goto("/settings/users");
  await page.getByRole("button", { name: "Add user" }).click();
  const userDialog = page.getByRole("dialog", { name: "Add a user" });
  await userDialog.getByLabel("Name").fill(`E2E Analyst ${id}`);
  await userDialog.getByLabel("E-mail").fill(`e2e-${id}@acme.example`);
  await userDialog.getByLabel("Role").selectOption("analyst");
  await userDialog.getByRole("button", { name: "Generate" }).click();
  await userDialog.getByRole("button", { name: "Add user" }).click();
  await expect(toast(page, `Added E2E Analyst ${id}`)).toBeVisible();
  const user = page.getByTestId("user-row").filter({ hasText: `E2E Analyst ${id}` });
  await user.getByLabel(`Role of E2E Analyst ${id}`).selectOption("recruiter");
  await expect(toast(page, `E2E Analyst ${id} is now a recruiter`)).toBeVisible();
  await user.getByRole("button", { name: `Deactivate E2E Analyst ${id}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Deactivate" }).click();
  await expect(user).toContainText("Deactivated");

  await page.goto("/settings/audit");
  await page.getByLabel("Action").fill("user.*");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=user\.\*/);
  await expect(page.getByTestId("audit-row").first()).toContainText("user.");

  await page.goto("/settings/organization");
  await page.getByRole("button", { name: "Run cleanup now" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete old history" }).click();
  await expect(page.getByTestId("cleanup-report")).toContainText("Runs deleted");
  await expect(toast(page, "Cleanup finished")).toBeVisible();
});

test("roles see only what they may do", async ({ page }) => {
  await login(page, "recruiter");
  await page.goto("/workflows");
  await expect(page.getByRole("heading", { level: 1, name: "Workflows" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New workflow" })).toHaveCount(0);
  await page.getByRole("link", { name: "Candidate Pipeline", exact: true }).click();
  await expect(page.getByRole("button", { name: "Save new version" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete workflow" })).toHaveCount(0);
  await page.goto("/settings/users");
  await expect(page.getByRole("heading", { name: "Not available to your role" })).toBeVisible();
  await page.goto("/settings");
  await expect(page.getByRole("navigation", { name: "Settings sections" })).toHaveCount(0);
  await page.goto("/workflows/new");
  await expect(page.getByRole("heading", { name: "Not available to your role" })).toBeVisible();
});

test("every administration page has no serious accessibility violations", async ({ page }) => {
  test.setTimeout(180_000);
  await login(page, "admin");
  const pages: [string, string][] = [
    ["/workflows", "workflows"],
    ["/workflows/new", "workflow-new"],
    ["/jobs", "jobs"],
    ["/candidates", "candidates"],
    ["/interviews", "interviews"],
    ["/todos", "todos"],
    ["/settings", "settings"],
    ["/settings/users", "settings-users"],
    ["/settings/audit", "settings-audit"],
    ["/settings/channels", "settings-channels"],
    ["/settings/organization", "settings-organization"],
  ];
  for (const [path, name] of pages) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
    await checkAndShoot(page, name);
  }
  await openWorkflow(page, "Candidate Pipeline");
  await page.getByRole("button", { name: "Expand all" }).click();
  await checkAndShoot(page, "workflow-definition");
  for (const tab of ["configuration", "channels"]) {
    await page.goto(`${page.url().replace(/\/(configuration|channels|versions)$/, "")}/${tab}`);
    await expect(page.getByRole("navigation", { name: "Workflow sections" })).toBeVisible();
    await checkAndShoot(page, `workflow-${tab}`);
  }
});

test("the administration pages work in dark mode and at tablet width", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 820, height: 1100 });
  await login(page, "admin");
  await page.goto("/todos");
  await expect(page.getByTestId("todo-row").first()).toBeVisible();
  await checkAndShoot(page, "todos-dark-tablet");
  await openWorkflow(page, "Candidate Pipeline");
  await checkAndShoot(page, "workflow-dark-tablet");
});
