import { defineConfig } from "vitest/config";
import path from "node:path";

// Unit tests sit beside the code (app/**/*.test.ts); integration tests against a real SQLite file in tests/integration.
export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["app/**/*.test.ts", "server/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/fail-on-console-error.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One module graph per worker for all its files (docs/decisions/024-tests-share-a-module-graph.md): importing the
    // app, Prisma's client and its query compiler again for every file took most of the run (collect 35 of 109 s).
    isolate: false,
    // Dates must come out in Berlin time whatever zone the machine runs in.
    // Vitest exposes Vite's BASE_URL ("/") in process.env; the app's own BASE_URL must be a full URL.
    env: { TZ: "America/New_York", BASE_URL: "http://localhost:3000" },
  },
});
