import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "~/env.server";
import { isPostgresUrl } from "~/modules/db/dialect";
import type { SqlQueryable } from "@prisma/driver-adapter-utils";
import type { RawWriter } from "~/modules/db/raw-transaction.server";
import { startCheckpointer, type Checkpointer } from "~/modules/db/checkpointer.server";

/**
 * The database as the domain modules see it: `read` for plain queries, `write` for `$transaction`.
 *
 * SQLite (the embedded default): two Prisma clients on two connections to one file (docs/decisions/002).
 * - `read` sees only committed data (WAL mode).
 * - `write` is used only inside `$transaction`. The better-sqlite3 adapter serialises transactions with a
 *   mutex but lets a plain query run on the same connection in the middle of another request's open
 *   transaction, where that transaction's rollback would silently take it along. A connection of its
 *   own, used only for transactions, rules that out; a lint rule (eslint.config.js) keeps it so, and
 *   tests/integration/raw-transaction.test.ts shows what happens otherwise.
 *
 * PostgreSQL (the scale-out configuration, docs/decisions/016): one client on a connection pool; every
 * transaction has a pooled connection of its own, so `read` and `write` are the same client.
 */
export type Database = {
  read: PrismaClient;
  write: PrismaClient;
  dialect: "sqlite" | "postgresql";
  /** The write client's driver adapter, for transactions of plain SQL without Prisma's client (raw-transaction.server.ts). */
  rawWriter: RawWriter;
  /** The read client's driver adapter, for plain-SQL reads on hot pages (raw-read.server.ts). */
  rawReader: SqlQueryable;
  close: () => Promise<void>;
};

/**
 * How long a transaction may wait to start: for SQLite's write lock, for a pooled PostgreSQL connection. Prisma's
 * default of 2 s turned a rush larger than the pool (50 people per instance on 10 connections, on a busy machine)
 * into errors; a registration waiting 10 s is slow, an error is a lost registration. Matches SQLite's busy timeout.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000 };

/** Keeps the adapter it connects: the write client's connection and lock serve plain-SQL transactions too, the read client's plain reads. */
class SqliteAdapterFactory extends PrismaBetterSQLite3 {
  connected: RawWriter | undefined;
  override async connect() {
    this.connected = await super.connect();
    return this.connected;
  }
}

async function openSqlite(url: string, backgroundCheckpoints: boolean): Promise<Database> {
  const createClient = (factory: PrismaBetterSQLite3) => new PrismaClient({ adapter: factory, transactionOptions: TRANSACTION_OPTIONS });
  const readFactory = new SqliteAdapterFactory({ url, timeout: 10_000 });
  const read = createClient(readFactory);
  const writeFactory = new SqliteAdapterFactory({ url, timeout: 10_000 });
  const write = createClient(writeFactory);
  for (const client of [write, read]) {
    // WAL lets readers and the writer work side by side; synchronous NORMAL is safe in WAL (a power loss
    // can lose the last transactions, never corrupt the file) and doubles write throughput (docs/stack.md).
    await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await client.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  }
  if (!writeFactory.connected || !readFactory.connected) throw new Error("the SQLite clients did not connect");
  const checkpointer = backgroundCheckpoints ? await checkpointInBackground(url, [write, read]) : null;
  return {
    read,
    write,
    dialect: "sqlite",
    rawWriter: writeFactory.connected,
    rawReader: readFactory.connected,
    close: async () => {
      await checkpointer?.stop();
      await Promise.all([read.$disconnect(), write.$disconnect()]);
    },
  };
}

/** Moves checkpoints off the commits (checkpointer.server.ts); should its thread end, the connections take them back. */
async function checkpointInBackground(url: string, clients: PrismaClient[]): Promise<Checkpointer> {
  const automatic = (pages: number) => Promise.all(clients.map((client) => client.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${pages}`)));
  await automatic(0);
  return startCheckpointer(url.replace(/^file:/, ""), {
    onExit: () => {
      console.error("WAL checkpointer ended; commits checkpoint again");
      void automatic(1000);
    },
  });
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // Loaded only here, so a SQLite installation never loads the PostgreSQL driver or its query compiler.
  const [{ PrismaPg }, { PrismaClient: PostgresClient }, { preparingClient }] = await Promise.all([
    import("@prisma/adapter-pg"),
    import("~/generated/prisma-postgresql/client"),
    import("~/modules/db/prepared-statements.server"),
  ]);
  // Keeps the adapter it connects: its pool also serves plain-SQL transactions (raw-transaction.server.ts).
  class PostgresAdapterFactory extends PrismaPg {
    connected: RawWriter | undefined;
    override async connect() {
      const adapter = await super.connect();
      this.connected = adapter;
      return adapter;
    }
  }
  // Connections that prepare the statements run again and again (prepared-statements.server.ts).
  const factory = new PostgresAdapterFactory({ connectionString: url, max: poolSize, Client: preparingClient() });
  const postgres = new PostgresClient({ adapter: factory, transactionOptions: TRANSACTION_OPTIONS });
  // Both clients are generated from the same models (prisma/postgresql/schema.prisma is derived from
  // prisma/schema.prisma), so their query APIs are the same; TypeScript sees two unrelated classes.
  const client = postgres as unknown as PrismaClient;
  await client.$queryRawUnsafe("SELECT 1");
  if (!factory.connected) throw new Error("the PostgreSQL client did not connect");
  return { read: client, write: client, dialect: "postgresql", rawWriter: factory.connected, rawReader: factory.connected, close: () => client.$disconnect() };
}

/** `backgroundCheckpoints`: SQLite's log is checkpointed by a thread of its own (the app server; tests and scripts leave it to SQLite). */
export function openDatabase(url: string, options: { poolSize?: number; backgroundCheckpoints?: boolean } = {}): Promise<Database> {
  return isPostgresUrl(url) ? openPostgres(url, options.poolSize ?? 10) : openSqlite(url, options.backgroundCheckpoints === true);
}

declare global {
  // One database per process, also across Vite's dev-server reloads.
  var __kongressDatabase: Promise<Database> | undefined;
}

export function getDatabase(): Promise<Database> {
  globalThis.__kongressDatabase ??= openDatabase(getEnv().DATABASE_URL, { poolSize: getEnv().DATABASE_POOL_SIZE, backgroundCheckpoints: true });
  return globalThis.__kongressDatabase;
}
