#!/usr/bin/env node
// Migrations without `prisma migrate dev`, whose shadow database the WebAssembly engine cannot make
// (docs/decisions/001). Each migration folder keeps a copy of the schema it brings the database to, so a
// new migration is the diff between that snapshot and prisma/schema.prisma. The drift check trusts no
// snapshot: it builds one database from the migrations and one from the schema and compares them.
//   node scripts/migrations.mjs new <name>   writes prisma/migrations/<timestamp>_<name>/migration.sql
//   node scripts/migrations.mjs check        exits 1 when schema.prisma and the migrations disagree
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readdirSync, copyFileSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { runPrisma } from "./prisma.mjs";

const MIGRATIONS = path.join("prisma", "migrations");
const SCHEMA = path.join("prisma", "schema.prisma");

function prismaOrThrow(args, env = {}) {
  const result = runPrisma(args, env, { capture: true });
  if (result.status !== 0) throw new Error(`prisma ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout.replace(/^Loaded Prisma config.*\n/m, "");
}

/** A comparable description of a SQLite database's tables, columns, indexes and foreign keys. */
function describe(file) {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name")
      .all()
      .map(({ name }) => name);
    return Object.fromEntries(
      tables.map((table) => {
        const quoted = `"${table}"`;
        const columns = db
          .prepare(`PRAGMA table_info(${quoted})`)
          .all()
          .map(({ name, type, notnull, dflt_value, pk }) => ({ name, type, notnull, dflt_value, pk }))
          .sort((a, b) => a.name.localeCompare(b.name));
        const indexes = db
          .prepare(`PRAGMA index_list(${quoted})`)
          .all()
          .map(({ name, unique }) => ({
            name,
            unique,
            columns: db
              .prepare(`PRAGMA index_info("${name}")`)
              .all()
              .map((c) => c.name),
          }))
          .sort((a, b) => a.name.localeCompare(b.name));
        const foreignKeys = db
          .prepare(`PRAGMA foreign_key_list(${quoted})`)
          .all()
          .map(({ table: target, from, to, on_update, on_delete }) => ({ target, from, to, on_update, on_delete }))
          .sort((a, b) => a.from.localeCompare(b.from));
        return [table, { columns, indexes, foreignKeys }];
      }),
    );
  } finally {
    db.close();
  }
}

function migrationFolders() {
  return readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** A SQLite database built from a Prisma schema file, described for comparison. */
function describeSchema(dir, schemaFile, label) {
  const file = path.join(dir, `${label}.db`);
  const sqlFile = path.join(dir, `${label}.sql`);
  // The CLI opens the adapter's database even for a diff of two schemas: give it a scratch file.
  const scratch = { DATABASE_URL: `file:${path.join(dir, "scratch.db")}` };
  writeFileSync(sqlFile, prismaOrThrow(["migrate", "diff", "--from-empty", "--to-schema-datamodel", schemaFile, "--script"], scratch));
  new Database(file).exec(readFileSync(sqlFile, "utf8"));
  return JSON.stringify(describe(file), null, 1);
}

/**
 * What is wrong between schema.prisma, the migrations and their snapshots, or null. A missing or stale
 * snapshot is drift too: the next `db:new-migration` diffs against the last snapshot and would write a
 * wrong migration.
 */
function checkDrift() {
  const missing = migrationFolders().filter((folder) => !existsSync(path.join(MIGRATIONS, folder, "schema.prisma")));
  if (missing.length > 0) return { problem: `migration folder(s) without their schema snapshot (schema.prisma): ${missing.join(", ")}` };
  const dir = mkdtempSync(path.join(tmpdir(), "kongress-migrations-"));
  try {
    const fromMigrations = path.join(dir, "migrations.db");
    prismaOrThrow(["migrate", "deploy"], { DATABASE_URL: `file:${fromMigrations}` });
    const migrations = JSON.stringify(describe(fromMigrations), null, 1);
    const schema = describeSchema(dir, SCHEMA, "schema");
    if (migrations !== schema)
      return { problem: "schema.prisma and prisma/migrations have drifted; run `npm run db:new-migration -- <name>`.", migrations, schema };
    const last = migrationFolders().at(-1);
    if (last && describeSchema(dir, path.join(MIGRATIONS, last, "schema.prisma"), "snapshot") !== migrations) {
      return {
        problem: `${MIGRATIONS}/${last}/schema.prisma is not the schema its migration leads to; copy prisma/schema.prisma there if the migration is right.`,
      };
    }
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [command, name] = process.argv.slice(2);
if (command === "new") {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("usage: npm run db:new-migration -- <name in snake_case>");
    process.exit(2);
  }
  const previous = migrationFolders().at(-1);
  const snapshot = previous && path.join(MIGRATIONS, previous, "schema.prisma");
  if (previous && !existsSync(snapshot)) {
    console.error(`${snapshot} is missing: every migration keeps the schema it leads to.`);
    process.exit(1);
  }
  const from = previous ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const scratchDir = mkdtempSync(path.join(tmpdir(), "kongress-migrations-"));
  let sql;
  try {
    sql = prismaOrThrow(["migrate", "diff", ...from, "--to-schema-datamodel", SCHEMA, "--script"], {
      DATABASE_URL: `file:${path.join(scratchDir, "scratch.db")}`,
    });
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
  if (sql.replace(/--.*$/gm, "").trim() === "") {
    console.log("schema.prisma and the migrations agree: nothing to write.");
    process.exit(0);
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const folder = path.join(MIGRATIONS, `${stamp}_${name}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "migration.sql"), sql);
  copyFileSync(SCHEMA, path.join(folder, "schema.prisma"));
  console.log(`wrote ${folder}/migration.sql; review it, then run npm run db:check`);
} else if (command === "check") {
  const drift = checkDrift();
  if (drift) {
    console.error(drift.problem);
    if (drift.migrations) console.error("--- database built from the migrations ---\n" + drift.migrations);
    if (drift.schema) console.error("--- database built from schema.prisma ---\n" + drift.schema);
    process.exit(1);
  }
  console.log("schema.prisma and the migrations agree.");
} else {
  console.error("usage: node scripts/migrations.mjs new <name> | check");
  process.exit(2);
}
