import { defineConfig, devices } from "@playwright/test";
import { existsSync } from "node:fs";

/**
 * End-to-end tests in real Chromium against the production build on a fresh SQLite file.
 * The browser: KONGRESS_CHROMIUM if set, else Debian's /usr/bin/chromium (scripts/test.sh installs it),
 * else Playwright's own browser where one is installed.
 */
const PORT = Number(process.env.E2E_PORT ?? 3210);
const executablePath = process.env.KONGRESS_CHROMIUM ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  // Generous per test: an axe scan takes seconds on a busy 2-core CI machine.
  timeout: 60_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "de-DE",
    timezoneId: "Europe/Berlin",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1000, height: 900 } } }],
  webServer: {
    command: "rm -rf .tmp/e2e && mkdir -p .tmp/e2e && exec node_modules/.bin/tsx scripts/start.ts",
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: "file:./.tmp/e2e/e2e.db",
      BASE_URL: `http://localhost:${PORT}`,
      ADMIN_EMAIL: "orga@e2e.example",
      ADMIN_PASSWORD: "e2e-organiser-password",
      SMTP_URL: "",
    },
  },
});
