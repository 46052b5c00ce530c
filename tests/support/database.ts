import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { openDatabase, type Database } from "~/db.server";
import { TEST_POSTGRES_URL, createDatabase, databaseUrl, dropDatabase } from "./postgres";

type TestDatabase = Database & { url: string; dispose: () => Promise<void> };

/** A fresh, migrated database for one test file (SQLite, or PostgreSQL when the suite runs there), and a way to remove it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = TEST_POSTGRES_URL;
  if (server) {
    const name = `kongress_test_${randomBytes(6).toString("hex")}`;
    await createDatabase(server, name, process.env.KONGRESS_TEMPLATE_POSTGRES);
    return opened(databaseUrl(server, name), () => dropDatabase(server, name));
  }
  const template = process.env.KONGRESS_TEMPLATE_DB ?? path.resolve(".tmp/test-db/template.db");
  const dir = mkdtempSync(path.join(tmpdir(), "kongress-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(template, file);
  return opened(`file:${file}`, async () => rmSync(dir, { recursive: true, force: true }));
}

/** The database at `url`, and a way to close it and then remove it (`remove`). */
async function opened(url: string, remove: () => Promise<unknown>): Promise<TestDatabase> {
  const database = await openDatabase(url);
  return {
    ...database,
    url,
    dispose: async () => {
      await database.close();
      await remove();
    },
  };
}

/** A fresh database for the calling test file, removed again when the file's tests are done. */
export async function useTestDatabase() {
  const database = await createTestDatabase();
  afterAll(() => database.dispose());
  return database;
}
