import { Prisma } from "~/generated/prisma/client";
import type { SqlTx } from "~/modules/db/raw-transaction.server";

/**
 * Claiming seats is one conditional UPDATE of a counter: it adds the seats only if they still fit, and
 * the number of changed rows says whether they did. The database applies it atomically, so concurrent
 * registrations can never take more seats than there are — in SQLite (writes are serialised) as in
 * PostgreSQL (the row is locked and the condition re-checked). See docs/decisions/002-capacity-counters.md.
 *
 * Plain SQL that SQLite and PostgreSQL both understand, written with Prisma's tagged templates so the
 * placeholders fit the database; raw statements also skip Prisma's query compilation on the hot path.
 */
type Tx = SqlTx;

export type SeatHolder = "Event" | "TicketType" | "ProgrammeItem";

// The table names are fixed identifiers from the union above, never user input.
const table = (holder: SeatHolder) => Prisma.raw(`"${holder}"`);

export async function claimSeats(tx: Tx, holder: SeatHolder, id: string, seats: number): Promise<boolean> {
  const changed = await tx.$executeRaw`UPDATE ${table(holder)} SET "confirmedCount" = "confirmedCount" + ${seats}
    WHERE "id" = ${id} AND ("capacity" IS NULL OR "confirmedCount" + ${seats} <= "capacity")`;
  return changed === 1;
}

/**
 * One seat in each of several items (one person's choices, one per time slot), in one statement: the same
 * conditional update per row, and the rows that changed say which seats were taken. On the registration's
 * hot path every statement inside the transaction counts (the write lock is held across all of them).
 */
export async function claimItemSeats(tx: Tx, itemIds: string[]): Promise<Set<string>> {
  if (itemIds.length === 0) return new Set();
  // Two seats in one item would be claimed as one: a caller's mistake, never a person's.
  if (new Set(itemIds).size !== itemIds.length) throw new Error("claimItemSeats: the same item twice");
  const claimed = await tx.$queryRaw<{ id: string }[]>`UPDATE "ProgrammeItem" SET "confirmedCount" = "confirmedCount" + 1
    WHERE "id" IN (${Prisma.join(itemIds)}) AND ("capacity" IS NULL OR "confirmedCount" + 1 <= "capacity")
    RETURNING "id"`;
  return new Set(claimed.map((row) => row.id));
}

/** Gives seats back (a cancellation, or a claim undone within the same transaction). Never below zero. */
export async function releaseSeats(tx: Tx, holder: SeatHolder, id: string, seats: number): Promise<void> {
  await tx.$executeRaw`UPDATE ${table(holder)}
    SET "confirmedCount" = CASE WHEN "confirmedCount" > ${seats} THEN "confirmedCount" - ${seats} ELSE 0 END
    WHERE "id" = ${id}`;
}
