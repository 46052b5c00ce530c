import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { TEST_POSTGRES_URL, createGermanDatabase, databaseUrl, dropDatabase } from "./postgres";

/**
 * Builds one migrated database with the real `prisma migrate deploy`; each test file copies it
 * (tests/support/database.ts), so every file gets a fresh database in milliseconds: a SQLite file, or, when
 * KONGRESS_TEST_POSTGRES_URL names a PostgreSQL server, a PostgreSQL template database.
 */
export const TEMPLATE_DIR = path.resolve(".tmp/test-db");
export const TEMPLATE_DB = path.join(TEMPLATE_DIR, "template.db");

function migrate(url: string) {
  const result = spawnSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`migrating the test database failed:\n${result.stdout}\n${result.stderr}`);
}

export default async function setup() {
  const server = TEST_POSTGRES_URL;
  if (server) {
    const template = `kongress_template_${process.pid}`;
    await dropDatabase(server, template);
    await createGermanDatabase(server, template);
    migrate(databaseUrl(server, template));
    process.env.KONGRESS_TEMPLATE_POSTGRES = template;
    return () => dropDatabase(server, template);
  }
  rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  migrate(`file:${TEMPLATE_DB}`);
  process.env.KONGRESS_TEMPLATE_DB = TEMPLATE_DB;
}
