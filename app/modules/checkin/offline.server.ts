import { createHash } from "node:crypto";
import type { Database } from "~/db.server";
import { publicTicketKeys } from "~/modules/tickets/signing.server";
import type { OfflineList } from "./offline-list";
import { admittedFilter, checkedInHere, type CheckInListSummary } from "./lists.server";
import { ScanIdReused, scanTicket } from "./scan.server";

/**
 * Check-in without a network, the server's side. A device that opens a list downloads what it needs to decide
 * alone (offline-list.ts): the event's public keys, the tickets the list admits (a hash of each secret, never the
 * secret, with the name to show) and the revoked ones (cancelled attendees). Scans made offline come back in
 * batches with their ids and device times and are recorded like any scan: once per scan id, with both times;
 * a person admitted offline by two devices keeps both scans, the later one marked as a conflict.
 */
export const ticketHash = (secret: string) => createHash("sha256").update(secret).digest("base64url").slice(0, 22);

export async function offlineListData(database: Database, list: CheckInListSummary, now = new Date()): Promise<OfflineList> {
  const filter = admittedFilter({ ...list, hasTicketTypes: list.ticketTypeIds.length > 0 });
  const db = database.read;
  const [tickets, revoked, keys, bookings] = await Promise.all([
    db.$queryRaw<
      {
        id: string;
        ticketSecret: string;
        firstName: string;
        lastName: string;
        organisation: string;
        ticketReference: string;
        nameDe: string;
        checkedIn: number | bigint;
      }[]
    >`
      SELECT a."id", a."ticketSecret", a."firstName", a."lastName", a."organisation", a."ticketReference", t."nameDe",
        ${checkedInHere(list.id)} AS "checkedIn"
      FROM "Attendee" a JOIN "TicketType" t ON t."id" = a."ticketTypeId" WHERE ${filter} ORDER BY a."sortName"`,
    db.$queryRaw<{ ticketSecret: string }[]>`SELECT "ticketSecret" FROM "Attendee" WHERE "eventId" = ${list.eventId} AND "status" = 'cancelled'`,
    publicTicketKeys(db, list.eventId),
    db.$queryRaw<{ attendeeId: string; titleDe: string }[]>`
      SELECT b."attendeeId", p."titleDe" FROM "Booking" b JOIN "ProgrammeItem" p ON p."id" = b."programmeItemId"
      WHERE p."eventId" = ${list.eventId} AND p."kind" IN ('workshop', 'site_visit') ORDER BY p."startsAt"`,
  ]);
  const booked = new Map<string, string[]>();
  for (const row of bookings) booked.set(row.attendeeId, [...(booked.get(row.attendeeId) ?? []), row.titleDe]);
  return {
    listId: list.id,
    eventId: list.eventId,
    name: list.nameDe,
    // An entrance list admits every confirmed attendee: a validly signed ticket registered after the download
    // is let in offline too. A bus or a workshop door admits only the holders it knows.
    openToSignedTickets: list.programmeItemId === null && list.ticketTypeIds.length === 0,
    keys: keys.map((key) => ({ id: key.id, publicKey: key.publicKey, retired: key.retired })),
    tickets: tickets.map((ticket) => ({
      h: ticketHash(ticket.ticketSecret),
      name: `${ticket.firstName} ${ticket.lastName}`,
      organisation: ticket.organisation,
      reference: ticket.ticketReference,
      ticketType: ticket.nameDe,
      bookings: booked.get(ticket.id) ?? [],
      checkedIn: Number(ticket.checkedIn) === 1,
    })),
    revoked: revoked.map((row) => ticketHash(row.ticketSecret)),
    generatedAt: now.toISOString(),
  };
}

export type SyncedScan = { scanId: string; code: string; at: string; offlineResult: string };
export const MAX_SYNC_BATCH = 200;
/**
 * The device times a scan may claim: from a week before the server's time (a scanner that was offline the whole
 * event day and synced days later) to ten minutes after it (a clock a little fast). Outside that the device's clock is
 * wrong, and its time says nothing: the scan is recorded without one, at the server's time.
 */
export const DEVICE_TIME_PAST_MS = 7 * 86_400_000;
export const DEVICE_TIME_FUTURE_MS = 10 * 60_000;

export function plausibleDeviceTime(at: string, now: Date): Date | null {
  const time = new Date(at).getTime();
  if (Number.isNaN(time) || time < now.getTime() - DEVICE_TIME_PAST_MS || time > now.getTime() + DEVICE_TIME_FUTURE_MS) return null;
  return new Date(time);
}

/** How often one code may be recorded in one batch with the same offline answer "already in" (a door's real repeats). */
export const MAX_REPEATS_PER_BATCH = 5;

/**
 * Records a batch of scans made offline; returns each one's result on the server, and whether it was a conflict.
 * Repeats of one code in one batch are bounded: a device admits a ticket once and says "already in on this device"
 * after it, so a second "valid" of the same code cannot come from a real scanner (a forged batch of 200 made 199
 * conflict rows); it is answered like the first and not recorded. Real repeats ("already in") are recorded, each with
 * its time, up to MAX_REPEATS_PER_BATCH per code.
 */
export async function syncScans(database: Database, listId: string, staffUserId: string, deviceLabel: string | null, scans: SyncedScan[], now = new Date()) {
  const results: { scanId: string; result: string; conflict: boolean }[] = [];
  const seen = new Map<string, { answer: { result: string; conflict: boolean }; times: number }>();
  for (const scan of scans.slice(0, MAX_SYNC_BATCH)) {
    const key = `${scan.code}\u0000${scan.offlineResult}`;
    const before = seen.get(key);
    if (before && (scan.offlineResult === "valid" || before.times >= MAX_REPEATS_PER_BATCH)) {
      results.push({ scanId: scan.scanId, ...before.answer });
      continue;
    }
    try {
      const answer = await scanTicket(database, {
        listId,
        staffUserId,
        scanId: scan.scanId,
        code: scan.code,
        device: { label: deviceLabel, at: plausibleDeviceTime(scan.at, now), offline: true, offlineResult: scan.offlineResult },
      });
      const outcome = { result: answer.result, conflict: answer.result === "already_checked_in" && scan.offlineResult === "valid" };
      seen.set(key, { answer: outcome, times: (before?.times ?? 0) + 1 });
      results.push({ scanId: scan.scanId, ...outcome });
    } catch (error) {
      // A scan id used for another code: never recorded twice, never answered with another scan's answer.
      if (!(error instanceof ScanIdReused)) throw error;
      results.push({ scanId: scan.scanId, result: "rejected", conflict: false });
    }
  }
  return results;
}
