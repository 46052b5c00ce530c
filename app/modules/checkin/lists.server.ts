import type { Database } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { searchKey } from "~/modules/attendees/name-keys";

/**
 * Check-in lists as the scanner and the dashboard see them: who a list admits, how many of those are in,
 * the latest scans, and a name search as the fallback when a code cannot be read.
 *
 * A list admits the confirmed attendees of its event, narrowed to its ticket types (if any are listed)
 * and to the holders of its programme item (a bus, a workshop door) if it has one. The same rule decides
 * a scan (scan.server.ts).
 */

export function admittedFilter(list: { id: string; eventId: string; programmeItemId: string | null; hasTicketTypes: boolean }) {
  return Prisma.sql`a."eventId" = ${list.eventId} AND a."status" = 'confirmed'
    ${list.hasTicketTypes ? Prisma.sql`AND a."ticketTypeId" IN (SELECT "ticketTypeId" FROM "CheckInListTicketType" WHERE "checkInListId" = ${list.id})` : Prisma.empty}
    ${list.programmeItemId ? Prisma.sql`AND EXISTS (SELECT 1 FROM "Booking" b WHERE b."attendeeId" = a."id" AND b."programmeItemId" = ${list.programmeItemId})` : Prisma.empty}`;
}

/** 1 when attendee `a` holds a valid check-in on the list, else 0 (an SQL expression for the queries here and beside). */
export const checkedInHere = (listId: string) =>
  Prisma.sql`CASE WHEN EXISTS (SELECT 1 FROM "CheckIn" c WHERE c."activeKey" = ${`${listId}:`} || a."id") THEN 1 ELSE 0 END`;

export type CheckInListSummary = {
  id: string;
  eventId: string;
  nameDe: string;
  nameEn: string | null;
  programmeItemId: string | null;
  ticketTypeIds: string[];
  admitted: number;
  checkedIn: number;
};

export async function listCheckInLists(database: Database, eventId?: string): Promise<CheckInListSummary[]> {
  const lists = await database.read.checkInList.findMany({
    where: eventId ? { eventId } : {},
    orderBy: [{ eventId: "asc" }, { createdAt: "asc" }, { nameDe: "asc" }],
    include: { ticketTypes: { select: { ticketTypeId: true } } },
  });
  return Promise.all(lists.map((list) => summarise(database, list)));
}

export async function getCheckInList(database: Database, id: string): Promise<CheckInListSummary | null> {
  const list = await database.read.checkInList.findUnique({ where: { id }, include: { ticketTypes: { select: { ticketTypeId: true } } } });
  return list ? summarise(database, list) : null;
}

async function summarise(
  database: Database,
  list: { id: string; eventId: string; nameDe: string; nameEn: string | null; programmeItemId: string | null; ticketTypes: { ticketTypeId: string }[] },
): Promise<CheckInListSummary> {
  const filter = admittedFilter({ ...list, hasTicketTypes: list.ticketTypes.length > 0 });
  const [counts] = await database.read.$queryRaw<{ admitted: number | bigint; checkedIn: number | bigint }[]>`
    SELECT COUNT(*) AS "admitted",
      SUM(${checkedInHere(list.id)}) AS "checkedIn"
    FROM "Attendee" a WHERE ${filter}`;
  return {
    id: list.id,
    eventId: list.eventId,
    nameDe: list.nameDe,
    nameEn: list.nameEn,
    programmeItemId: list.programmeItemId,
    ticketTypeIds: list.ticketTypes.map((type) => type.ticketTypeId),
    admitted: Number(counts?.admitted ?? 0),
    checkedIn: Number(counts?.checkedIn ?? 0),
  };
}

export type SearchHit = {
  id: string;
  name: string;
  organisation: string;
  ticketReference: string;
  status: string;
  admitted: boolean;
  checkIn: { id: string; at: Date } | null;
};

/**
 * Attendees of the list's event whose name, organisation or ticket reference contains the query (at most
 * 20), with whether this list admits them and their check-in here. For the door, when a code will not scan.
 */
export async function searchForCheckIn(database: Database, list: CheckInListSummary, query: string): Promise<SearchHit[]> {
  const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 4);
  if (words.length === 0) return [];
  const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // Names and organisation through their folded copy (attendees/name-keys.ts): "muller" finds "Müller".
  const conditions = words.map(
    (word) => Prisma.sql`(a."searchText" LIKE ${like(searchKey(word))} ESCAPE '\\' OR a."ticketReference" LIKE ${like(word.toUpperCase())} ESCAPE '\\')`,
  );
  const admitted = admittedFilter({ ...list, hasTicketTypes: list.ticketTypeIds.length > 0 });
  const rows = await database.read.$queryRaw<
    {
      id: string;
      firstName: string;
      lastName: string;
      organisation: string;
      ticketReference: string;
      status: string;
      admitted: number | bigint;
      checkInId: string | null;
      checkedInAt: Date | string | number | null;
    }[]
  >`SELECT a."id", a."firstName", a."lastName", a."organisation", a."ticketReference", a."status",
      CASE WHEN ${admitted} THEN 1 ELSE 0 END AS "admitted", c."id" AS "checkInId", c."createdAt" AS "checkedInAt"
    FROM "Attendee" a LEFT JOIN "CheckIn" c ON c."activeKey" = ${`${list.id}:`} || a."id"
    WHERE a."eventId" = ${list.eventId} AND ${Prisma.join(conditions, " AND ")}
    ORDER BY a."sortName" LIMIT 20`;
  return rows.map((row) => ({
    id: row.id,
    name: `${row.firstName} ${row.lastName}`,
    organisation: row.organisation,
    ticketReference: row.ticketReference,
    status: row.status,
    admitted: Number(row.admitted) === 1,
    checkIn: row.checkInId && row.checkedInAt !== null ? { id: row.checkInId, at: new Date(row.checkedInAt) } : null,
  }));
}

/** The latest scans on a list, refused ones included, for the scanner page and its undo buttons. */
export async function recentScans(database: Database, listId: string, take = 8) {
  const rows = await database.read.checkIn.findMany({
    where: { checkInListId: listId, result: { not: "reverted" } },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      result: true,
      createdAt: true,
      revertedAt: true,
      activeKey: true,
      attendee: { select: { firstName: true, lastName: true, organisation: true } },
      staffUser: { select: { name: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    result: row.result,
    at: row.createdAt,
    undone: row.revertedAt !== null,
    canUndo: row.activeKey !== null,
    name: row.attendee ? `${row.attendee.firstName} ${row.attendee.lastName}` : null,
    by: row.staffUser?.name ?? null,
  }));
}
