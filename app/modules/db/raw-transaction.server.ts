import { ColumnTypeEnum, type SqlDriverAdapter, type SqlQuery, type SqlResultSet, type Transaction } from "@prisma/driver-adapter-utils";
import type { Database } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";

/**
 * Write transactions made only of plain SQL statements (the registration's hot path), run on the write client's
 * driver adapter without Prisma's client. See docs/decisions/019-plain-sql-transactions.md.
 *
 * Through Prisma's interactive transaction, each statement passes its client and query interpreter and awaits
 * several promises, and every await lets other requests' work run first (pages rendering, forms parsing).
 * - On SQLite, with one writer, the write lock stays held all that time, and every other registration waits.
 *   Here the statements go straight to the connection Prisma's transactions use, under the same lock, and run
 *   one after the other without waiting for anything: the lock is held for the statements' own time.
 * - On PostgreSQL, the transaction gets a pooled connection of its own, as Prisma's would. The statements skip
 *   the client's work, which on a busy server is CPU every other request needs, and the counter rows a
 *   registration locks are held for less time.
 */

/** What raw statements need of a transaction: a Prisma transaction client has it, and so does the raw writer. */
export interface SqlTx {
  $queryRaw<Row = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<Row>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<number>;
}

/** The driver adapter under the write client: its transactions are the ones Prisma's use (lock, pooled connection). */
export type RawWriter = SqlDriverAdapter;

export async function rawWriteTransaction<Result>(database: Database, work: (tx: SqlTx) => Promise<Result>): Promise<Result> {
  // Opens the transaction as Prisma's own do: SQLite's connection lock, or a pooled PostgreSQL connection, and BEGIN.
  const transaction = await database.rawWriter.startTransaction();
  let committed = false;
  try {
    const result = await work(adapterTx(transaction, database.dialect));
    await transaction.executeRaw(statement("COMMIT"));
    committed = true;
    return result;
  } finally {
    if (!committed) await transaction.executeRaw(statement("ROLLBACK")).catch(() => 0);
    // Releases the lock or the connection only; COMMIT or ROLLBACK was sent above, as Prisma's own transactions do.
    await transaction.commit();
  }
}

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

export function toQuery(query: TemplateStringsArray | Prisma.Sql, values: unknown[], dialect: Database["dialect"]): SqlQuery {
  const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
  // The adapter maps each value as Prisma would (dates to ISO 8601 or PostgreSQL's UTC text, booleans to 0/1 on
  // SQLite); only dates need their type. Placeholders: `?` for SQLite, `$1` … for PostgreSQL.
  return {
    sql: dialect === "postgresql" ? sql.text : sql.sql,
    args: sql.values,
    argTypes: sql.values.map((value) => ({ scalarType: value instanceof Date ? "datetime" : "unknown", arity: "scalar" })),
  };
}

/**
 * Rows as objects, with 64-bit integers (COUNT(*), SQLite's INTEGER columns) as bigint, as Prisma's $queryRaw gives
 * them. Other values come as the driver adapter returns them (dates as text): the hot path reads back ids only.
 */
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

function adapterTx(transaction: Transaction, dialect: Database["dialect"]): SqlTx {
  return {
    // The caller names the row type, as with Prisma's $queryRaw: the statement's columns are its to know.
    $queryRaw: async <Row>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) =>
      toObjects(await transaction.queryRaw(toQuery(query, values, dialect))) as Row,
    $executeRaw: (query, ...values) => transaction.executeRaw(toQuery(query, values, dialect)),
  };
}
