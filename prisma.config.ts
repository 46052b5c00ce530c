import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// The CLI runs on the WebAssembly schema engine through the same driver adapter the app uses:
// no native Prisma engine is downloaded or needed (docs/decisions/001-prisma-6-without-native-engines.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? "file:./data/kongress.db" }),
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
