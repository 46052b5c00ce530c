import { ColumnTypeEnum, type SqlDriverAdapter, type SqlQuery, type SqlResultSet, type Transaction } from "@prisma/driver-adapter-utils";
import type { Database } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";

/**
 * Write transactions made only of plain SQL statements (the registration's hot path), run without Prisma's
 * client on SQLite. See docs/decisions/019-raw-sqlite-transactions.md.
 *
 * SQLite has one writer: while a transaction is open, every other registration waits for it. Through Prisma,
 * each statement of the transaction passes its client and query interpreter and awaits several promises, and
 * every await lets other requests' work run first (pages rendering, forms parsing) while the lock stays held.
 * Here the same statements go straight to the connection Prisma's transactions use, under the same lock, and
 * run one after the other without waiting for anything: the lock is held for the statements' own time.
 *
 * On PostgreSQL, where transactions run side by side on pooled connections, the work runs in an ordinary
 * Prisma transaction.
 */

/** What raw statements need of a transaction: a Prisma transaction client has it, and so does the SQLite writer. */
export interface SqlTx {
  $queryRaw<Row = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<Row>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<number>;
}

/** The driver adapter under the SQLite write client: its transactions take the lock Prisma's do. */
export type SqliteWriter = SqlDriverAdapter;

export async function rawWriteTransaction<Result>(database: Database, work: (tx: SqlTx) => Promise<Result>): Promise<Result> {
  const writer = database.sqliteWriter;
  if (!writer) return database.write.$transaction((tx) => work(tx));
  // The adapter's transaction waits for the connection's lock (shared with Prisma's transactions) and opens it.
  const transaction = await writer.startTransaction();
  let committed = false;
  try {
    const result = await work(sqliteTx(transaction));
    await transaction.executeRaw(statement("COMMIT"));
    committed = true;
    return result;
  } finally {
    if (!committed) await transaction.executeRaw(statement("ROLLBACK")).catch(() => 0);
    // Releases the lock only; COMMIT or ROLLBACK was sent above, as Prisma's own transactions do.
    await transaction.commit();
  }
}

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

function toQuery(query: TemplateStringsArray | Prisma.Sql, values: unknown[]): SqlQuery {
  const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
  // The adapter maps each value as Prisma would (dates to ISO 8601, booleans to 0/1); only dates need their type.
  return {
    sql: sql.sql,
    args: sql.values,
    argTypes: sql.values.map((value) => ({ scalarType: value instanceof Date ? "datetime" : "unknown", arity: "scalar" })),
  };
}

/** Rows as objects, with 64-bit integers (COUNT(*), INTEGER columns) as bigint: what Prisma's $queryRaw gives on SQLite. */
function toObjects(result: SqlResultSet): Record<string, unknown>[] {
  return result.rows.map((row) =>
    Object.fromEntries(
      result.columnNames.map((name, index) => {
        const value = row[index];
        if (value === null || value === undefined) return [name, value];
        if (result.columnTypes[index] === ColumnTypeEnum.Int64) return [name, BigInt(String(value))];
        if (result.columnTypes[index] === ColumnTypeEnum.Int32) return [name, Number(value)];
        return [name, value];
      }),
    ),
  );
}

function sqliteTx(transaction: Transaction): SqlTx {
  return {
    // The caller names the row type, as with Prisma's $queryRaw: the statement's columns are its to know.
    $queryRaw: async <Row>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) =>
      toObjects(await transaction.queryRaw(toQuery(query, values))) as Row,
    $executeRaw: (query, ...values) => transaction.executeRaw(toQuery(query, values)),
  };
}
