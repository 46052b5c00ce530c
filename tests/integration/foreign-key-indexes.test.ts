import { expect, it } from "vitest";
import { useTestDatabase } from "../support/database";

const database = await useTestDatabase();

/**
 * Foreign keys whose table stays small by nature (an event's programme and check-in lists: tens of rows), where a
 * parent's deletion may read it whole.
 */
const SMALL_BY_NATURE = new Set(["ProgrammeItem.fieldOfActionId", "CheckInList.programmeItemId", "CheckInListTicketType.ticketTypeId"]);

type Row = Record<string, unknown>;
const rows = (sql: string) => database.read.$queryRawUnsafe<Row[]>(sql);

// Deleting a parent row (an invoice at the end of its retention, a question, a team member) makes the database find
// the rows that point at it, to delete them, clear the link or refuse. Without an index that starts with the key,
// that is a read of the whole table per parent row: anonymising 1,000 invoices read every mail 1,000 times.
// SQLite's schema is the one checked; PostgreSQL's migrations are kept in step with it by `npm run db:check`.
it.runIf(database.dialect === "sqlite")("every foreign key of a table that grows with the attendees is the first column of an index", async () => {
  const unindexed: string[] = [];
  const tables = await rows(`SELECT "name" FROM sqlite_master WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite%' AND "name" NOT LIKE '\\_%' ESCAPE '\\'`);
  for (const { name } of tables) {
    const leading = new Set<unknown>();
    for (const index of await rows(`PRAGMA index_list("${String(name)}")`)) {
      const columns = await rows(`PRAGMA index_info("${String(index.name)}")`);
      leading.add(columns.find((column) => Number(column.seqno) === 0)?.name);
    }
    for (const key of await rows(`PRAGMA foreign_key_list("${String(name)}")`)) {
      const column = `${String(name)}.${String(key.from)}`;
      if (!leading.has(key.from) && !SMALL_BY_NATURE.has(column)) unindexed.push(`${column} → ${String(key.table)} (ON DELETE ${String(key.on_delete)})`);
    }
  }
  expect(tables.length).toBeGreaterThan(20);
  expect(unindexed).toEqual([]);
});
