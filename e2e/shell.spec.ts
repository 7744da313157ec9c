import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../lib/demo/accounts";
import { account, login, type Role } from "./support/login";

const expectedNav: Record<Role, string[]> = {
  admin: [
    "Start",
    "Runs",
    "Approvals",
    "Analytics",
    "Workflows",
    "Jobs",
    "Candidates",
    "Interviews",
    "Todos",
    "Settings",
    "API",
  ],
  manager: [
    "Start",
    "Runs",
    "Approvals",
    "Analytics",
    "Workflows",
    "Jobs",
    "Candidates",
    "Interviews",
    "Todos",
    "Settings",
    "API",
  ],
  recruiter: [
    "Start",
    "Runs",
    "Approvals",
    "Workflows",
    "Jobs",
    "Candidates",
    "Interviews",
    "Todos",
    "Settings",
    "API",
  ],
  analyst: ["Runs", "Analytics", "Workflows", "Jobs", "Settings", "API"],
};

async function seriousViolations(page: import("@playwright/test").Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("a signed-out visitor is sent to the login page and back after signing in", async ({ page }) => {
  await page.goto("/analytics");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fanalytics/);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel("Email").fill(account("analyst").email);
  await page.getByLabel("Password").fill("runledger-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/analytics$/);
  await expect(page.getByRole("heading", { name: "Analytics" })).toBeVisible();
});

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(account("admin").email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong e-mail or password.");
  await expect(page).toHaveURL(/\/login/);
});

test("a sign-in over the rate limit, or one that gets no answer, says so instead of hanging", async ({
  page,
}) => {
  // the server's refusal as lib/auth/sign-in-limit.ts writes it (the e2e server's limit is set high, so
  // the answer is replayed here; its body is checked in tests/integration/security/rate-limits.test.ts)
  await page.route("**/api/auth/callback/credentials", (route) =>
    route.fulfill({
      status: 429,
      headers: { "retry-after": "42" },
      json: {
        error: { code: "rate_limited", message: "Too many sign-in attempts; try again later" },
        url: new URL("/login?error=rate_limited", page.url()).toString(),
      },
    }),
  );
  await page.goto("/login");
  await page.getByLabel("Email").fill(account("admin").email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Too many attempts; wait a minute.");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();

  await page.unroute("**/api/auth/callback/credentials");
  await page.route("**/api/auth/callback/credentials", (route) => route.abort("connectionreset"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText(
    "Sign-in did not get through; check your connection and try again.",
  );
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
});

for (const role of Object.keys(expectedNav) as Role[]) {
  test(`${role} signs in and sees the shell with their sections`, async ({ page }) => {
    await login(page, role);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(["Runledger", ...expectedNav[role]]);
    for (const label of expectedNav[role]) {
      await nav.getByRole("link", { name: label, exact: true }).click();
      await expect(
        page.getByRole("heading", { level: 1, name: label === "Start" ? "Start AI Workflow" : label }),
      ).toBeVisible();
    }
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `e2e/artifacts/shell-${role}.png`, fullPage: true });
    await page.getByRole("link", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/runs");
    await expect(page).toHaveURL(/\/login/);
  });
}

test("an analyst cannot open a recruiter-only page", async ({ page }) => {
  await login(page, "analyst");
  await page.goto("/start");
  await expect(page.getByRole("heading", { name: "Not available to your role" })).toBeVisible();
});

test("an API token created in a session works as a Bearer token and stops working when revoked", async ({
  page,
  request,
  baseURL,
}) => {
  await login(page, "recruiter");
  const created = await page.request.post("/api/tokens", {
    data: { name: "e2e script" },
    headers: { origin: baseURL! },
  });
  expect(created.status()).toBe(201);
  const { token, id } = (await created.json()) as { token: string; id: string };
  expect(token).toMatch(/^rl_/);

  const me = await request.get("/api/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({
    email: account("recruiter").email,
    role: "recruiter",
    auth: "token",
  });

  const crossSite = await page.request.post("/api/tokens", {
    data: { name: "forged" },
    headers: { origin: "https://evil.example" },
  });
  expect(crossSite.status()).toBe(403);

  const revoked = await page.request.delete(`/api/tokens/${id}`, { headers: { origin: baseURL! } });
  expect(revoked.status()).toBe(204);
  const after = await request.get("/api/me", { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
  expect(await after.json()).toEqual({
    error: { code: "unauthorized", message: "Invalid or revoked API token" },
  });
});

test("health reports the database and migrations", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as {
    status: string;
    database: { reachable: boolean; driver: string };
    migrations: { pending: string[] };
  };
  expect(body.status).toBe("ok");
  expect(body.database).toMatchObject({ reachable: true, driver: "pglite" });
  expect(body.migrations.pending).toEqual([]);
});
