import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "~/env.server";

/**
 * The database as the domain modules see it: two Prisma clients on two SQLite connections to one file
 * (docs/decisions/002-capacity-counters.md).
 * - `read` sees only committed data (WAL mode).
 * - `write` is used only inside `$transaction`. The better-sqlite3 adapter serialises transactions with a
 *   mutex but lets a plain query run on the same connection in the middle of another request's open
 *   transaction, where that transaction's rollback would silently take it along. A connection of its
 *   own, used only for transactions, rules that out.
 */
export type Database = { read: PrismaClient; write: PrismaClient; close: () => Promise<void> };

function createClient(url: string) {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }) });
}

export async function openDatabase(url: string): Promise<Database> {
  const read = createClient(url);
  const write = createClient(url);
  for (const client of [write, read]) {
    // WAL lets readers and the writer work side by side; synchronous NORMAL is safe in WAL (a power loss
    // can lose the last transactions, never corrupt the file) and doubles write throughput (docs/stack.md).
    await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await client.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  }
  return {
    read,
    write,
    close: async () => {
      await Promise.all([read.$disconnect(), write.$disconnect()]);
    },
  };
}

declare global {
  // One database per process, also across Vite's dev-server reloads.
  var __kongressDatabase: Promise<Database> | undefined;
}

export function getDatabase(): Promise<Database> {
  globalThis.__kongressDatabase ??= openDatabase(getEnv().DATABASE_URL);
  return globalThis.__kongressDatabase;
}
