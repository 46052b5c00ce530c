import { Prisma } from "~/generated/prisma/client";
import type { Database } from "~/db.server";
import type { SqlTx } from "./raw-transaction.server";

/**
 * Writes whose results nobody reads (a registration's inserts), in as few round trips as the database allows.
 *
 * On PostgreSQL each statement of a transaction is a round trip, and between two of them the transaction waits for
 * the instance's event loop to come round to it: in a rush, a registration's nine statements kept it open some 50 ms,
 * and an instance lets four run at once (register.server.ts). There the writes go as one statement, each a
 * data-modifying WITH query: PostgreSQL runs every one of them exactly once and to completion, and checks the foreign
 * keys between them at the end of the statement, so their order does not matter (docs/decisions/024).
 * SQLite has no INSERT inside WITH, and needs none: its statements run in process, one after the other.
 */
export type Writes = Prisma.Sql[];

/** The writes as WITH queries, each followed by a comma, to put ahead of a statement's own WITH queries (PostgreSQL only). */
export function writesAhead(writes: Writes): Prisma.Sql {
  if (writes.length === 0) return Prisma.empty;
  return Prisma.sql`${Prisma.join(
    writes.map((write, index) => Prisma.sql`${Prisma.raw(`"write${index}"`)} AS (${write})`),
    ", ",
  )}, `;
}

/** Runs the writes: on PostgreSQL together, in one statement; on SQLite one after the other. */
export async function runWrites(tx: SqlTx, dialect: Database["dialect"], writes: Writes): Promise<void> {
  if (dialect === "postgresql" && writes.length > 1) {
    await tx.$executeRaw`WITH ${writesAhead(writes)}"written" AS (SELECT 1) SELECT 1 FROM "written"`;
    return;
  }
  for (const write of writes) await tx.$executeRaw(write);
}
