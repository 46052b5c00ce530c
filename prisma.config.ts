import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { isPostgresUrl } from "./app/modules/db/dialect";
import { migrationPool } from "./prisma/postgresql/migration-pool";

// The CLI runs on the WebAssembly schema engine through the same driver adapters the app uses: no native
// Prisma engine is downloaded or needed (docs/decisions/001-prisma-6-without-native-engines.md). DATABASE_URL
// picks the database: a file: URL is SQLite with prisma/migrations, a postgresql:// URL is PostgreSQL with
// prisma/postgresql/migrations (docs/decisions/016-postgresql-as-a-configuration.md).
const url = process.env.DATABASE_URL ?? "file:./data/kongress.db";
const postgres = isPostgresUrl(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => (postgres ? new PrismaPg(migrationPool(url)) : new PrismaBetterSQLite3({ url })),
  schema: postgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: postgres ? "prisma/postgresql/migrations" : "prisma/migrations" },
});
