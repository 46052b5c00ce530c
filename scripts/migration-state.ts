import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * Which of the project's migrations a SQLite database lacks, read directly (no migration engine): null for a
 * database that has none applied yet (new, or never migrated). `npm start` runs the migration engine only when
 * something is pending, so a restart while another instance is still running on the same file never meets the
 * engine's lock timeout ("WASM_ERROR … SocketTimeout").
 */
export function pendingMigrations(databaseFile: string, migrationsDir: string): string[] | null {
  if (!existsSync(databaseFile)) return null;
  const database = new Database(databaseFile, { readonly: true, timeout: 10_000 });
  try {
    const table = database.prepare(`SELECT "name" FROM "sqlite_master" WHERE "type" = 'table' AND "name" = '_prisma_migrations'`).get();
    if (!table) return null;
    const rows = database.prepare(`SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`).all() as {
      migration_name: string;
    }[];
    const applied = new Set(rows.map((row) => row.migration_name));
    return readdirSync(migrationsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .filter((name) => !applied.has(name))
      .sort();
  } finally {
    database.close();
  }
}

/** Whether the migration engine failed because another process holds the database (the file is locked). */
export const lockedByAnotherProcess = (output: string) => /SocketTimeout|database is locked|SQLITE_BUSY/i.test(output);

export const MIGRATIONS_DIR = (root: string) => path.join(root, "prisma", "migrations");
