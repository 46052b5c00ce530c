import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
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
