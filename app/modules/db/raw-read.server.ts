import { ColumnTypeEnum, type SqlResultSet } from "@prisma/driver-adapter-utils";
import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { toQuery } from "./raw-transaction.server";

/**
 * Plain-SQL reads on the read client's driver adapter, for the few pages where Prisma's query compiler is most of
 * the work (the confirmation page: docs/decisions/020-reading-a-registration-in-plain-sql.md).
 *
 * Rows come back as objects with the values Prisma's models have: integers as numbers, booleans as booleans,
 * dates as Date. Both adapters give dates as ISO 8601 text and SQLite's integers (booleans too) as decimal text,
 * so each value is decoded by its column's type. The statements must read model columns only, by their names.
 */
export async function readRows<Row>(database: Database, query: Prisma.Sql): Promise<Row[]> {
  return decodeRows(await database.rawReader.queryRaw(toQuery(query, [], database.dialect))) as Row[];
}

function decodeRows(result: SqlResultSet): Record<string, unknown>[] {
  const decoders = result.columnTypes.map(decoderOf);
  return result.rows.map((row) => {
    const decoded: Record<string, unknown> = {};
    for (let index = 0; index < result.columnNames.length; index++) {
      const value = row[index];
      decoded[result.columnNames[index]!] = value === null || value === undefined ? null : decoders[index]!(value);
    }
    return decoded;
  });
}

const asIs = (value: unknown) => value;

function decoderOf(type: SqlResultSet["columnTypes"][number]): (value: unknown) => unknown {
  switch (type) {
    case ColumnTypeEnum.Int32:
    case ColumnTypeEnum.Int64:
      return Number;
    case ColumnTypeEnum.Boolean:
      // SQLite keeps booleans as 0 and 1 (as text here), PostgreSQL as booleans.
      return (value) => value === true || value === "1" || value === 1;
    case ColumnTypeEnum.DateTime:
      return (value) => new Date(String(value));
    default:
      return asIs;
  }
}
