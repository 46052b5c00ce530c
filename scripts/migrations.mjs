#!/usr/bin/env node
// Migrations without `prisma migrate dev`, whose shadow database the WebAssembly engine cannot make
// (docs/decisions/001). Each migration folder keeps a copy of the schema it brings the database to, so a
// new migration is the diff between that snapshot and prisma/schema.prisma. The drift check trusts no
// snapshot: it builds one database from the migrations and one from the schema and compares them.
// PostgreSQL has migrations of its own (prisma/postgresql/migrations, docs/decisions/016): the first is a
// baseline standing for every SQLite migration up to its name, each later one has the same name as its SQLite
// twin. Both are written by `new`; `check` fails when either set drifts from the schema or the names part.
//   node scripts/migrations.mjs new <name>   writes prisma/migrations/<timestamp>_<name>/migration.sql and
//                                            prisma/postgresql/migrations/<timestamp>_<name>/migration.sql
//   node scripts/migrations.mjs check        exits 1 when schema.prisma and the migrations disagree
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readdirSync, copyFileSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { runPrisma } from "./prisma.mjs";
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, postgresSchemaFrom, postgresSchemaIsCurrent, writePostgresSchema } from "./postgresql-schema.mjs";
import { postgresServerUrl, whyNotUsable, withDatabase } from "./postgres-server.mjs";

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

function migrationFolders(dir = MIGRATIONS) {
  return readdirSync(dir, { withFileTypes: true })
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

/** Tables (columns, indexes, foreign keys) and enums of a PostgreSQL database, comparable across databases. */
async function describePostgres(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const query = async (sql) => (await client.query(sql)).rows;
    const columns = await query(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`);
    const indexes = await query(`SELECT tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`);
    const constraints = await query(`SELECT c.conrelid::regclass::text AS table_name, c.conname, pg_get_constraintdef(c.oid) AS definition
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`);
    const enums = await query(`SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder`);
    return JSON.stringify({ columns, indexes, constraints, enums }, null, 1);
  } finally {
    await client.end();
  }
}

/** Columns whose order must be byte order on PostgreSQL as on SQLite (set by hand in the baseline migration). */
const BYTE_ORDER_COLUMNS = [
  ["Attendee", "searchText"],
  ["Attendee", "sortName"],
  ["Attendee", "sortOrganisation"],
];

async function byteOrderProblem(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT table_name, column_name, collation_name FROM information_schema.columns WHERE table_schema = 'public'`);
    const wrong = BYTE_ORDER_COLUMNS.filter(
      ([table, column]) => rows.find((row) => row.table_name === table && row.column_name === column)?.collation_name !== "C",
    );
    return wrong.length > 0
      ? `PostgreSQL columns that must collate "C" (byte order, as in SQLite) do not: ${wrong.map((pair) => pair.join(".")).join(", ")}`
      : null;
  } finally {
    await client.end();
  }
}

async function withScratchDatabases(server, names, work) {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const drop = () => Promise.all(names.map((name) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
  try {
    await drop();
    for (const name of names) await admin.query(`CREATE DATABASE "${name}"`);
    return await work(names.map((name) => withDatabase(server, name)));
  } finally {
    await drop().catch(() => {});
    await admin.end();
  }
}

/** The first PostgreSQL migration is the baseline; every SQLite migration after it needs a twin of the same name. */
function postgresNamesProblem() {
  const sqlite = migrationFolders();
  const postgres = migrationFolders(POSTGRES_MIGRATIONS);
  const baseline = postgres[0];
  if (!baseline || !sqlite.includes(baseline)) return `${POSTGRES_MIGRATIONS} must start with a baseline named like one of prisma/migrations' folders`;
  const expected = sqlite.filter((name) => name >= baseline);
  if (JSON.stringify(expected) !== JSON.stringify(postgres))
    return `the PostgreSQL migrations are not in step with SQLite's:\n  SQLite after the baseline: ${expected.join(", ")}\n  PostgreSQL:                ${postgres.join(", ")}`;
  return null;
}

/** PostgreSQL's half of the drift check; the database comparison needs a server and is skipped, saying so, without one. */
async function checkPostgresDrift() {
  if (!postgresSchemaIsCurrent()) return { problem: `${POSTGRES_SCHEMA} is stale: run \`npm run db:generate\`.` };
  const names = postgresNamesProblem();
  if (names) return { problem: names };
  const server = postgresServerUrl();
  const unusable = server ? await whyNotUsable(server) : "KONGRESS_POSTGRES_URL=off";
  if (unusable) {
    console.log(`PostgreSQL: migrations not compared with the schema, no server to build them on (${unusable}).`);
    return null;
  }
  return withScratchDatabases(
    server,
    [`kongress_check_${process.pid}_migrations`, `kongress_check_${process.pid}_schema`],
    async ([fromMigrations, fromSchema]) => {
      prismaOrThrow(["migrate", "deploy"], { DATABASE_URL: fromMigrations });
      const sql = prismaOrThrow(["migrate", "diff", "--from-empty", "--to-schema-datamodel", POSTGRES_SCHEMA, "--script"], { DATABASE_URL: fromSchema });
      const client = new pg.Client({ connectionString: fromSchema });
      await client.connect();
      await client.query(sql).finally(() => client.end());
      const collations = await byteOrderProblem(fromMigrations);
      if (collations) return { problem: collations };
      const [migrations, schema] = [await describePostgres(fromMigrations), await describePostgres(fromSchema)];
      if (migrations !== schema)
        return {
          problem: `${POSTGRES_SCHEMA} and ${POSTGRES_MIGRATIONS} have drifted; write the missing migration with \`npm run db:new-migration\`.`,
          migrations,
          schema,
        };
      return null;
    },
  );
}

/** The PostgreSQL twin of a new SQLite migration: the diff between the previous snapshot and the schema, both as PostgreSQL. */
function writePostgresMigration(folderName, previousSnapshot) {
  writePostgresSchema();
  const dir = mkdtempSync(path.join(tmpdir(), "kongress-migrations-"));
  try {
    const from = path.join(dir, "previous.prisma");
    writeFileSync(from, postgresSchemaFrom(readFileSync(previousSnapshot, "utf8")));
    // A SQLite scratch URL: the diff of two schema files needs no PostgreSQL server.
    const sql = prismaOrThrow(["migrate", "diff", "--from-schema-datamodel", from, "--to-schema-datamodel", POSTGRES_SCHEMA, "--script"], {
      DATABASE_URL: `file:${path.join(dir, "scratch.db")}`,
    });
    mkdirSync(path.join(POSTGRES_MIGRATIONS, folderName), { recursive: true });
    writeFileSync(path.join(POSTGRES_MIGRATIONS, folderName, "migration.sql"), sql);
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
  writePostgresMigration(`${stamp}_${name}`, snapshot);
  console.log(`wrote ${folder}/migration.sql and ${POSTGRES_MIGRATIONS}/${stamp}_${name}/migration.sql; review them, then run npm run db:check`);
} else if (command === "check") {
  const drift = checkDrift() ?? (await checkPostgresDrift());
  if (drift) {
    console.error(drift.problem);
    if (drift.migrations && drift.schema) {
      // Only what differs: the descriptions are hundreds of lines long.
      const only = (a, b) => a.split("\n").filter((line) => !new Set(b.split("\n")).has(line));
      console.error("--- only in the database built from the migrations ---\n" + only(drift.migrations, drift.schema).join("\n"));
      console.error("--- only in the database built from the schema ---\n" + only(drift.schema, drift.migrations).join("\n"));
    }
    process.exit(1);
  }
  console.log("schema.prisma and the migrations (SQLite and PostgreSQL) agree.");
} else {
  console.error("usage: node scripts/migrations.mjs new <name> | check");
  process.exit(2);
}
