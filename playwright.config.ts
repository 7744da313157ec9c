import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
// Runs on other ports (parallel local sessions) get their own database and build directory,
// so two servers never share a PGlite directory or race on one .next.
const dataDir = `.data/e2e-${PORT}`;
const distDir = PORT === 3100 ? ".next" : `.next-e2e-${PORT}`;

// Debian's Chromium: Playwright's own browser download is not available here.
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  // The real product: `npm start` on a fresh embedded database (it builds if needed,
  // migrates and seeds the demo organization), waited on through the health route.
  webServer: {
    command: `rm -rf ${dataDir} && npm start`,
    url: `${baseURL}/api/health`,
    env: {
      PORT: String(PORT),
      PGLITE_DIR: `${dataDir}/pglite`,
      DATABASE_URL: "",
      NEXT_DIST_DIR: distDir,
      // the suite signs in from one address dozens of times a minute; the limiter's behaviour is
      // tested in tests/integration/security/rate-limits.test.ts
      LOGIN_RATE_LIMIT: "1000",
    },
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
