import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

/**
 * Builds one migrated SQLite file with the real `prisma migrate deploy`; each test file copies it
 * (tests/support/database.ts), so every file gets a fresh database in milliseconds.
 */
export const TEMPLATE_DIR = path.resolve(".tmp/test-db");
export const TEMPLATE_DB = path.join(TEMPLATE_DIR, "template.db");

export default function setup() {
  rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const result = spawnSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`migrating the test database failed:\n${result.stdout}\n${result.stderr}`);
  process.env.KONGRESS_TEMPLATE_DB = TEMPLATE_DB;
}
