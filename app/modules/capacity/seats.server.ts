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

/** A query of no rows, for a WITH query with nothing to do. */
const NO_ROWS = Prisma.sql`SELECT NULL::text AS "id" WHERE false`;

/** Seats to claim in one item at once; `exact`: they must be its last (others of the party are expected to wait). */
export type ItemClaim = { id: string; seats: number; exact: boolean };

/**
 * PostgreSQL only: a whole party's seats in one statement, as the party is expected to get them (the event's and
 * the ticket type's for everyone; in each item the seats of those expected to get it, and where others of the
 * party are expected to wait, those seats must be its last; items nobody is expected to get must be full). True
 * only if all of that holds, which is exactly when claiming person by person would have given the same seats;
 * the caller undoes the transaction otherwise. For a registration that claims last (decision 021): the counter
 * rows every registration of the event updates are then locked from this one round trip to COMMIT, not from the
 * first of three. SQLite has no UPDATE inside WITH, and needs none: its statements run without round trips.
 */
export async function claimPartyAtOnce(
  tx: Tx,
  eventId: string,
  ticketTypeId: string,
  people: number,
  items: ItemClaim[],
  fullItemIds: string[],
): Promise<boolean> {
  const fits = (holder: "Event" | "TicketType") =>
    Prisma.sql`("${Prisma.raw(holder)}"."capacity" IS NULL OR "${Prisma.raw(holder)}"."confirmedCount" + ${people} <= "${Prisma.raw(holder)}"."capacity")`;
  const claimed =
    items.length === 0
      ? NO_ROWS
      : Prisma.sql`UPDATE "ProgrammeItem" SET "confirmedCount" = "ProgrammeItem"."confirmedCount" + "wanted"."seats"
          FROM (VALUES ${Prisma.join(items.map((item) => Prisma.sql`(${item.id}, ${item.seats}::integer, ${item.exact}::boolean)`))}) AS "wanted"("id", "seats", "exact")
          WHERE "ProgrammeItem"."id" = "wanted"."id" AND CASE WHEN "wanted"."exact"
            THEN "ProgrammeItem"."confirmedCount" + "wanted"."seats" = "ProgrammeItem"."capacity"
            ELSE "ProgrammeItem"."capacity" IS NULL OR "ProgrammeItem"."confirmedCount" + "wanted"."seats" <= "ProgrammeItem"."capacity" END
          RETURNING "ProgrammeItem"."id"`;
  const full =
    fullItemIds.length === 0
      ? NO_ROWS
      : Prisma.sql`SELECT "id" FROM "ProgrammeItem" WHERE "id" IN (${Prisma.join(fullItemIds)}) AND "confirmedCount" >= "capacity"`;
  // Data-modifying WITH queries run exactly once and to completion; the counts say which of them changed a row.
  const [outcome] = await tx.$queryRaw<{ events: number; ticketTypes: number; items: number; full: number }[]>`WITH
    "event" AS (UPDATE "Event" SET "confirmedCount" = "Event"."confirmedCount" + ${people}
      WHERE "Event"."id" = ${eventId} AND ${fits("Event")} RETURNING "Event"."id"),
    "ticketType" AS (UPDATE "TicketType" SET "confirmedCount" = "TicketType"."confirmedCount" + ${people}
      WHERE "TicketType"."id" = ${ticketTypeId} AND ${fits("TicketType")} RETURNING "TicketType"."id"),
    "items" AS (${claimed}),
    "full" AS (${full})
    SELECT (SELECT COUNT(*) FROM "event")::integer AS "events", (SELECT COUNT(*) FROM "ticketType")::integer AS "ticketTypes",
      (SELECT COUNT(*) FROM "items")::integer AS "items", (SELECT COUNT(*) FROM "full")::integer AS "full"`;
  return (
    outcome !== undefined &&
    Number(outcome.events) === 1 &&
    Number(outcome.ticketTypes) === 1 &&
    Number(outcome.items) === items.length &&
    Number(outcome.full) === fullItemIds.length
  );
}
