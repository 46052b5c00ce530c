import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { openDatabase, type Database } from "~/db.server";

/** A fresh, migrated SQLite file for one test file, and a way to remove it afterwards. */
export async function createTestDatabase(): Promise<Database & { file: string; dispose: () => Promise<void> }> {
  const template = process.env.KONGRESS_TEMPLATE_DB ?? path.resolve(".tmp/test-db/template.db");
  const dir = mkdtempSync(path.join(tmpdir(), "kongress-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(template, file);
  const database = await openDatabase(`file:${file}`);
  return {
    ...database,
    file,
    dispose: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database for the calling test file, removed again when the file's tests are done. */
export async function useTestDatabase() {
  const database = await createTestDatabase();
  afterAll(() => database.dispose());
  return database;
}
