import type { Database } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { newId } from "~/modules/db/insert.server";
import { parseTicketCode } from "~/modules/tickets/signed-code";
import { signatureValid } from "~/modules/tickets/signing.server";

/**
 * Checking a ticket in on a check-in list (the entrance, a bus). The answer is decided from the attendee as
 * stored, then recorded as a CheckIn row, refused scans too, in one write transaction:
 * - a retried request (same scan id) finds its first row and gets the same answer, with no second effect;
 * - a valid check-in carries `activeKey` = list:attendee, whose unique index lets only one device win
 *   when several scan the same person at once; the others answer "already checked in".
 * Plain SQL on this path (docs/decisions/003): a scan is a handful of indexed lookups and one insert.
 */

export type ScanResult = "valid" | "already_checked_in" | "not_admitted" | "cancelled_ticket" | "unknown_code";

/** Why a ticket does not get in on this list ("forged": a signed code whose signature is wrong or whose key was retired). */
export type RefusalReason = "not_booked" | "ticket_type" | "other_event" | "not_confirmed" | "forged";

export type ScannedAttendee = {
  id: string;
  name: string;
  organisation: string;
  ticketReference: string;
  ticketType: { de: string; en: string | null };
  /** The attendee's booked workshops and site visit, in programme order. */
  bookings: { de: string; en: string | null; kind: string }[];
};

export type ScanAnswer = {
  result: ScanResult;
  checkInId: string;
  attendee: ScannedAttendee | null;
  reason: RefusalReason | null;
  /** For "already checked in": the check-in that counts. */
  earlier: { at: Date; by: string | null } | null;
  /** True when this answer is the replay of an earlier request with the same scan id. */
  replayed: boolean;
};

export type ScanRequest = {
  listId: string;
  scanId: string;
  staffUserId: string;
  /** A scan a device made offline and syncs now: its name, its own time, and what it answered then. */
  device?: { label: string | null; at: Date | null; offline: boolean; offlineResult: string | null };
} & ({ code: string } | { attendeeId: string });

/** The ticket secret in what a camera or a hand scanner delivered, signed or not (signed-code.ts); null for no ticket. */
export function ticketSecretFromCode(code: string): string | null {
  const parsed = parseTicketCode(code);
  return parsed.kind === "none" ? null : parsed.secret;
}

type ListRow = { id: string; eventId: string; programmeItemId: string | null };
type AttendeeRow = {
  id: string;
  eventId: string;
  firstName: string;
  lastName: string;
  organisation: string;
  status: string;
  ticketTypeId: string;
  ticketReference: string;
  ticketNameDe: string;
  ticketNameEn: string | null;
};

export class UnknownCheckInList extends Error {}
/** A scan id that an earlier scan of another code or list already used: refused, never answered with the old answer. */
export class ScanIdReused extends Error {}

export async function scanTicket(database: Database, request: ScanRequest, now = new Date()): Promise<ScanAnswer> {
  const db = database.read;
  const [list] = await db.$queryRaw<ListRow[]>`SELECT "id", "eventId", "programmeItemId" FROM "CheckInList" WHERE "id" = ${request.listId}`;
  if (!list) throw new UnknownCheckInList(request.listId);

  const scannedCode = "code" in request ? request.code.trim().slice(0, 200) : `manual:${request.attendeeId}`;
  const parsed = "code" in request ? parseTicketCode(request.code) : null;
  // A signed code must carry a right signature by a key not retired: a copied secret with a made-up signature is forged.
  const forged = parsed?.kind === "signed" && !(await signatureValid(db, parsed)).valid;
  const secret = parsed && parsed.kind !== "none" && !forged ? parsed.secret : null;
  const attendeeFilter = "code" in request ? Prisma.sql`a."ticketSecret" = ${secret ?? ""}` : Prisma.sql`a."id" = ${request.attendeeId}`;
  const [attendeeRow] =
    "code" in request && !secret
      ? []
      : await db.$queryRaw<AttendeeRow[]>`SELECT a."id", a."eventId", a."firstName", a."lastName", a."organisation", a."status",
          a."ticketTypeId", a."ticketReference", t."nameDe" AS "ticketNameDe", t."nameEn" AS "ticketNameEn"
          FROM "Attendee" a JOIN "TicketType" t ON t."id" = a."ticketTypeId" WHERE ${attendeeFilter}`;

  const attendee = attendeeRow ? await describeAttendee(database, attendeeRow) : null;
  const decision = attendeeRow ? await decide(database, list, attendeeRow) : { result: "unknown_code" as const, reason: forged ? ("forged" as const) : null };
  const device = request.device;

  return database.write.$transaction(async (tx) => {
    const [earlierScan] = await tx.$queryRaw<{ id: string; result: ScanResult; attendeeId: string | null; checkInListId: string; scannedCode: string }[]>`
      SELECT "id", "result", "attendeeId", "checkInListId", "scannedCode" FROM "CheckIn" WHERE "scanId" = ${request.scanId}`;
    if (earlierScan) {
      // A retry repeats list and code; the same id with anything else is another scan wearing a used id.
      if (earlierScan.checkInListId !== list.id || earlierScan.scannedCode !== scannedCode) throw new ScanIdReused(request.scanId);
      const earlier = earlierScan.result === "already_checked_in" && earlierScan.attendeeId ? await activeCheckIn(tx, list.id, earlierScan.attendeeId) : null;
      return { result: earlierScan.result, checkInId: earlierScan.id, attendee, reason: decision.reason, earlier, replayed: true };
    }

    const row = { id: newId(), listId: list.id, attendeeId: attendeeRow?.id ?? null, code: scannedCode };
    // A device that admitted this person offline while another had already: a conflict, kept for the scan log.
    const insert = (result: ScanResult, activeKey: string | null, reason: string | null) => tx.$executeRaw`INSERT INTO "CheckIn"
        ("id", "checkInListId", "attendeeId", "scanId", "scannedCode", "result", "staffUserId", "deviceLabel", "createdAt", "activeKey",
          "deviceAt", "reason", "offline", "conflict")
        VALUES (${row.id}, ${row.listId}, ${row.attendeeId}, ${request.scanId}, ${row.code}, ${result}, ${request.staffUserId},
          ${device?.label ?? null}, ${now}, ${activeKey}, ${device?.at ?? null}, ${reason}, ${device?.offline ?? false},
          ${result === "already_checked_in" && device?.offline === true && device.offlineResult === "valid"})
        ON CONFLICT ("activeKey") DO NOTHING`;

    if (decision.result === "valid" && attendeeRow) {
      if ((await insert("valid", `${list.id}:${attendeeRow.id}`, null)) === 1) {
        return { result: "valid", checkInId: row.id, attendee, reason: null, earlier: null, replayed: false };
      }
      // Someone holds this list's check-in already (another device may have won a moment ago).
      await insert("already_checked_in", null, null);
      return {
        result: "already_checked_in",
        checkInId: row.id,
        attendee,
        reason: null,
        earlier: await activeCheckIn(tx, list.id, attendeeRow.id),
        replayed: false,
      };
    }
    await insert(decision.result, null, decision.reason);
    return { result: decision.result, checkInId: row.id, attendee, reason: decision.reason, earlier: null, replayed: false };
  });
}

/** Whether this list admits this attendee, before looking at earlier check-ins. */
async function decide(database: Database, list: ListRow, attendee: AttendeeRow): Promise<{ result: ScanResult; reason: RefusalReason | null }> {
  if (attendee.eventId !== list.eventId) return { result: "not_admitted", reason: "other_event" };
  if (attendee.status === "cancelled") return { result: "cancelled_ticket", reason: null };
  if (attendee.status !== "confirmed") return { result: "not_admitted", reason: "not_confirmed" };
  const admitted = await database.read.$queryRaw<{ ticketTypeId: string }[]>`
    SELECT "ticketTypeId" FROM "CheckInListTicketType" WHERE "checkInListId" = ${list.id}`;
  if (admitted.length > 0 && !admitted.some((row) => row.ticketTypeId === attendee.ticketTypeId)) return { result: "not_admitted", reason: "ticket_type" };
  if (list.programmeItemId) {
    const [booking] = await database.read.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Booking" WHERE "attendeeId" = ${attendee.id} AND "programmeItemId" = ${list.programmeItemId}`;
    if (!booking) return { result: "not_admitted", reason: "not_booked" };
  }
  return { result: "valid", reason: null };
}

async function describeAttendee(database: Database, row: AttendeeRow): Promise<ScannedAttendee> {
  const bookings = await database.read.$queryRaw<{ titleDe: string; titleEn: string | null; kind: string }[]>`
    SELECT p."titleDe", p."titleEn", p."kind" FROM "Booking" b JOIN "ProgrammeItem" p ON p."id" = b."programmeItemId"
    WHERE b."attendeeId" = ${row.id} ORDER BY p."startsAt", p."sortOrder"`;
  return {
    id: row.id,
    name: `${row.firstName} ${row.lastName}`,
    organisation: row.organisation,
    ticketReference: row.ticketReference,
    ticketType: { de: row.ticketNameDe, en: row.ticketNameEn },
    bookings: bookings.map((booking) => ({ de: booking.titleDe, en: booking.titleEn, kind: booking.kind })),
  };
}

async function activeCheckIn(tx: Prisma.TransactionClient, listId: string, attendeeId: string) {
  const [row] = await tx.$queryRaw<{ createdAt: Date | string | number; name: string | null }[]>`
    SELECT c."createdAt", s."name" FROM "CheckIn" c LEFT JOIN "StaffUser" s ON s."id" = c."staffUserId"
    WHERE c."activeKey" = ${`${listId}:${attendeeId}`}`;
  return row ? { at: new Date(row.createdAt), by: row.name } : null;
}

/**
 * Undoes a valid check-in (let in by mistake, or left again): the person can be checked in anew. The
 * original row keeps its history; a "reverted" row records who undid it and when.
 */
export async function undoCheckIn(database: Database, listId: string, checkInId: string, staffUserId: string, now = new Date()): Promise<boolean> {
  return database.write.$transaction(async (tx) => {
    // Only on the list it was made on: undoing on the bus page must not let someone out of the entrance.
    const changed = await tx.$executeRaw`UPDATE "CheckIn" SET "revertedAt" = ${now}, "revertedById" = ${staffUserId}, "activeKey" = NULL
      WHERE "id" = ${checkInId} AND "checkInListId" = ${listId} AND "result" = 'valid' AND "revertedAt" IS NULL`;
    if (changed !== 1) return false;
    const original = await tx.checkIn.findUniqueOrThrow({ where: { id: checkInId }, select: { checkInListId: true, attendeeId: true, scannedCode: true } });
    await tx.checkIn.create({
      data: {
        checkInListId: original.checkInListId,
        attendeeId: original.attendeeId,
        scanId: `undo:${checkInId}`,
        scannedCode: original.scannedCode,
        result: "reverted",
        staffUserId,
        createdAt: now,
      },
    });
    return true;
  });
}
