import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_POSTGRES_URL } from "../support/postgres";
import { MIGRATIONS_DIR, lockedByAnotherProcess, pendingMigrations } from "../../scripts/migration-state";

/**
 * What `npm start` asks before it starts the migration engine: which migrations a database lacks. A restart with
 * nothing pending never starts the engine, so a second start beside a running one cannot fail on its lock.
 */
const dir = mkdtempSync(path.join(tmpdir(), "kongress-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const migrations = MIGRATIONS_DIR(path.resolve("."));
const all = readdirSync(migrations, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

// These read SQLite files; the PostgreSQL run has its own start test (tests/integration/postgres-start.test.ts).
describe.skipIf(TEST_POSTGRES_URL)("pending migrations in a SQLite file", () => {
  it("none for a migrated database, all for a new one, the missing one for a database one behind", () => {
    const file = path.join(dir, "migrated.db");
    copyFileSync(process.env.KONGRESS_TEMPLATE_DB ?? path.resolve(".tmp/test-db/template.db"), file);
    expect(pendingMigrations(file, migrations)).toEqual([]);
    expect(pendingMigrations(path.join(dir, "missing.db"), migrations)).toBeNull();
    const behind = new Database(file);
    behind.prepare(`DELETE FROM "_prisma_migrations" WHERE "migration_name" = ?`).run(all.at(-1));
    behind.close();
    expect(pendingMigrations(file, migrations)).toEqual([all.at(-1)]);
  });

  it("answers while another process holds a write lock on the database (it only reads)", () => {
    const file = path.join(dir, "locked.db");
    copyFileSync(process.env.KONGRESS_TEMPLATE_DB ?? path.resolve(".tmp/test-db/template.db"), file);
    const holder = new Database(file);
    holder.pragma("journal_mode = WAL");
    holder.exec("BEGIN IMMEDIATE");
    try {
      expect(pendingMigrations(file, migrations)).toEqual([]);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
  });

  it("recognises the engine's lock failures", () => {
    expect(lockedByAnotherProcess("Error: WASM_ERROR: unknown variant `SocketTimeout`")).toBe(true);
    expect(lockedByAnotherProcess('SqliteFailure(Error { code: DatabaseBusy }, Some("database is locked"))')).toBe(true);
    expect(lockedByAnotherProcess("P3009: migrate found failed migrations")).toBe(false);
  });
});
