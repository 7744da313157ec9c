import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../lib/demo/accounts";
import { account, login } from "./support/login";

test("sign-in never redirects off the site, whatever callbackUrl says", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  for (const target of [
    "/%5Cevil.example/phish",
    "//evil.example/x",
    "https://evil.example/",
    "/\\evil.example",
  ]) {
    await page.context().clearCookies();
    await page.goto(`/login?callbackUrl=${encodeURIComponent(target)}`);
    await page.getByLabel("Email").fill(account("recruiter").email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    // signed in, and wherever the browser went (a path of ours that may not exist), it is still this site
    await expect(page).not.toHaveURL(/\/login/);
    expect(new URL(page.url()).origin).toBe(origin);
    expect((await page.request.get("/api/me")).status()).toBe(200);
  }
});

test("signing out ends the session: a copy of the cookie taken before stops working", async ({
  page,
  browser,
}) => {
  await login(page, "manager");
  const copied = await page.context().cookies();
  expect(copied.some((c) => c.name.endsWith("next-auth.session-token"))).toBe(true);

  await page.getByRole("link", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  // another browser presents the cookie copied before the sign-out
  const other = await browser.newContext();
  await other.addCookies(copied);
  const res = await other.request.get("/api/me");
  expect(res.status()).toBe(401);
  const stolen = await other.newPage();
  await stolen.goto("/runs");
  await expect(stolen).toHaveURL(/\/login/);
  await other.close();
});

test("unknown pages and runs are 404, pages outside the role 403; bad percent-encoding is a 400", async ({
  page,
  request,
}) => {
  await login(page, "recruiter");
  const missing = await page.goto("/runs/WF-ZZZZZZZZZZZZ");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Run not found" })).toBeVisible();
  expect((await page.goto("/runs/not-a-run-id"))?.status()).toBe(404);
  expect((await page.goto("/workflows/00000000-0000-4000-8000-000000000000"))?.status()).toBe(404);
  expect((await page.goto("/no-such-page"))?.status()).toBe(404);
  const forbidden = await page.goto("/settings/users");
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not available to your role" })).toBeVisible();
  // the shell stays: the recruiter is still signed in and can navigate away
  await expect(page.getByTestId("current-user")).toBeVisible();
  const bad = await request.get("/api/jobs/%FF");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.code).toBe("bad_request");
});
