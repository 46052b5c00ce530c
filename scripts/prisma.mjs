#!/usr/bin/env node
// Runs the Prisma CLI without native engines: `node scripts/prisma.mjs <prisma args>`.
// Every npm script that calls Prisma goes through here so nobody has to set these variables by hand.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, writePostgresSchema } from "./postgresql-schema.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stub = path.join(root, "scripts", "no-native-prisma-engine.sh");

export function prismaEnv(extra = {}) {
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: stub,
    PRISMA_QUERY_ENGINE_LIBRARY: stub,
    PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    DATABASE_URL: process.env.DATABASE_URL ?? "file:./data/kongress.db",
    ...extra,
  };
}

export function runPrisma(args, extraEnv = {}, options = {}) {
  const result = spawnSync(path.join(root, "node_modules", ".bin", "prisma"), args, {
    cwd: root,
    env: prismaEnv(extraEnv),
    stdio: options.capture ? "pipe" : "inherit",
    encoding: "utf8",
  });
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === "generate" && !args.some((arg) => arg.startsWith("--schema"))) {
    // Both clients, so that one install runs on SQLite and on PostgreSQL alike; the PostgreSQL schema is
    // derived from schema.prisma first, so it can never be generated stale.
    writePostgresSchema();
    for (const schema of [SQLITE_SCHEMA, POSTGRES_SCHEMA]) {
      const result = runPrisma([...args, "--schema", schema]);
      if (result.status !== 0) process.exit(result.status ?? 1);
    }
    process.exit(0);
  }
  const result = runPrisma(args);
  process.exit(result.status ?? 1);
}
