import { type Page, expect } from "@playwright/test";
import { DEMO_PASSWORD, demoAccounts } from "../../lib/demo/accounts";

export type Role = (typeof demoAccounts)[number]["role"];

export function account(role: Role) {
  const a = demoAccounts.find((x) => x.role === role);
  if (!a) throw new Error(`no demo account for ${role}`);
  return a;
}

/** Signs in through the real login form and waits for the signed-in shell. */
export async function login(page: Page, role: Role) {
  const a = account(role);
  await page.goto("/login");
  await page.getByLabel("Email").fill(a.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(a.name);
}
