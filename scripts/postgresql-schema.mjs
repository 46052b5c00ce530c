// The PostgreSQL variant of the Prisma schema is not written by hand: it is prisma/schema.prisma with another
// datasource provider and another client output (docs/decisions/016-postgresql-as-a-configuration.md). Keeping
// it derived is what keeps PostgreSQL a configuration rather than a fork; `npm run db:check` fails when the
// committed copy is stale.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SQLITE_SCHEMA = path.join("prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join("prisma", "postgresql", "schema.prisma");
export const POSTGRES_MIGRATIONS = path.join("prisma", "postgresql", "migrations");

const HEADER = "// Generated from ../schema.prisma by scripts/postgresql-schema.mjs (npm run db:generate). Do not edit: edit ../schema.prisma.\n";

/** The PostgreSQL schema text for a SQLite schema text (also used for the migrations' snapshots). */
export function postgresSchemaFrom(sqliteSchema) {
  const replaced = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output(\s*)=\s*"\.\.\/app\/generated\/prisma"/, 'output$1= "../../app/generated/prisma-postgresql"');
  if (!replaced.includes('provider = "postgresql"') || !replaced.includes("prisma-postgresql"))
    throw new Error("schema.prisma no longer has the datasource provider or client output this script rewrites");
  return HEADER + replaced;
}

export function expectedPostgresSchema() {
  return postgresSchemaFrom(readFileSync(path.join(root, SQLITE_SCHEMA), "utf8"));
}

/** Whether the committed PostgreSQL schema is the one derived from schema.prisma. */
export function postgresSchemaIsCurrent() {
  const file = path.join(root, POSTGRES_SCHEMA);
  return existsSync(file) && readFileSync(file, "utf8") === expectedPostgresSchema();
}

export function writePostgresSchema() {
  writeFileSync(path.join(root, POSTGRES_SCHEMA), expectedPostgresSchema());
}
