import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startCheckpointer } from "./checkpointer.server";

/**
 * With the connections' own checkpoints off, the log only stays small if the background thread copies it back
 * into the database: measured here against the same writes without the thread.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function logSizeAfterWrites(withCheckpointer: boolean): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), "kongress-wal-"));
  dirs.push(dir);
  const file = path.join(dir, "test.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("wal_autocheckpoint = 0");
  db.exec("CREATE TABLE page (id INTEGER PRIMARY KEY, body BLOB)");
  const checkpointer = withCheckpointer ? startCheckpointer(file, { intervalMs: 10 }) : null;
  // Its thread has opened the file (on a loaded machine starting it takes a while).
  await checkpointer?.ready;
  const insert = db.prepare("INSERT INTO page (body) VALUES (?)");
  for (let i = 0; i < 300; i++) {
    insert.run(Buffer.alloc(4096, i % 256));
    // Commits as a rush makes them, a little apart: the thread gets its turns in between.
    if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 15));
  }
  await checkpointer?.stop();
  const size = statSync(`${file}-wal`).size;
  db.close();
  return size;
}

describe("the background WAL checkpointer", () => {
  it("keeps the log small while commits do not checkpoint: far below the same writes without it", async () => {
    const without = await logSizeAfterWrites(false);
    const withIt = await logSizeAfterWrites(true);
    // 300 commits of about two pages each: about 2.4 MB of log when nothing checkpoints.
    expect(without).toBeGreaterThan(2_000_000);
    expect(withIt).toBeLessThan(without / 3);
  });
});
