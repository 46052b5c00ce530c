import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "./tests/e2e/support/browser";
import { E2E_SESSION_SECRET } from "./tests/e2e/support/secrets";

/** End-to-end tests in real Chromium (tests/e2e/support/browser.ts) against the production build on a fresh SQLite file. */
const PORT = Number(process.env.E2E_PORT ?? 3210);
/** Stripe's stand-in (tests/support/stripe-standin.ts), which the app calls and which calls the app's webhook back. */
const STRIPE_PORT = PORT + 1;
const STRIPE_WEBHOOK_SECRET = "whsec_e2etestsecret";

export default defineConfig({
  testDir: "tests/e2e",
  globalTeardown: "./tests/e2e/support/print-server-errors.ts",
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
      executablePath: chromiumExecutable,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1000, height: 900 } } }],
  webServer: [
    {
      command: "npx tsx tests/e2e/support/stripe-standin-server.ts",
      url: `http://127.0.0.1:${STRIPE_PORT}/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      env: { STANDIN_PORT: String(STRIPE_PORT), STANDIN_WEBHOOK_URL: `http://localhost:${PORT}/stripe/webhook`, STANDIN_WEBHOOK_SECRET: STRIPE_WEBHOOK_SECRET },
    },
    {
      // The same node flags as `npm start` (package.json).
      // The server's stderr goes to a file that tests read (no request may leave a server error there) and the
      // global teardown prints.
      command:
        "rm -rf .tmp/e2e && mkdir -p .tmp/e2e && node scripts/bundle-start.mjs && exec node --max-old-space-size=192 --max-semi-space-size=16 dist/start.mjs 2> .tmp/e2e/server.err",
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
        STRIPE_SECRET_KEY: "sk_test_e2e",
        STRIPE_WEBHOOK_SECRET,
        SESSION_SECRET: E2E_SESSION_SECRET,
        STRIPE_API_URL: `http://127.0.0.1:${STRIPE_PORT}`,
      },
    },
  ],
});
