import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

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
    return notApplied(migrationsDir, rows);
  } finally {
    database.close();
  }
}

function notApplied(migrationsDir: string, appliedRows: { migration_name: string }[]): string[] {
  const applied = new Set(appliedRows.map((row) => row.migration_name));
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => !applied.has(name))
    .sort();
}

/** The same question for a PostgreSQL database, asked on a connection of the caller's. */
export async function pendingPostgresMigrations(client: pg.ClientBase, migrationsDir: string): Promise<string[] | null> {
  const { rows: tables } = await client.query(
    `SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'`,
  );
  if (tables.length === 0) return null;
  const { rows } = await client.query<{ migration_name: string }>(
    `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
  );
  return notApplied(migrationsDir, rows);
}

/**
 * Several instances started together on one PostgreSQL database: each takes this advisory lock before it looks at
 * the migrations and the seed, so exactly one applies them and the others find nothing left to do. (The migration
 * engine's own advisory lock gives up after 10 s with P1002, and does not cover the seed.) The lock is a session
 * lock on a connection of its own, released when `work` ends or the process dies.
 */
const START_LOCK = 4_841_227_001; // any constant; Prisma's engine uses 72707369 for its own lock.

export async function underStartLock<T>(url: string, work: (client: pg.ClientBase) => Promise<T>, onWait: () => void): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [START_LOCK]);
    if (!rows[0]?.locked) {
      onWait();
      await client.query("SELECT pg_advisory_lock($1)", [START_LOCK]);
    }
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether the migration engine failed because another process holds the database (the file is locked). */
export const lockedByAnotherProcess = (output: string) => /SocketTimeout|database is locked|SQLITE_BUSY|advisory lock/i.test(output);

export const MIGRATIONS_DIR = (root: string) => path.join(root, "prisma", "migrations");
export const POSTGRES_MIGRATIONS_DIR = (root: string) => path.join(root, "prisma", "postgresql", "migrations");
