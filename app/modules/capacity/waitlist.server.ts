import type { Prisma } from "~/generated/prisma/client";
import { claimSeats, releaseSeats } from "./seats.server";

/**
 * Moving people up the waiting lists when seats become free, inside the transaction that freed them.
 * First come, first served: the oldest waiting entry gets the seat. Returns the attendees who moved up,
 * so the caller can tell each of them once.
 *
 * - A seat in a programme item goes to the oldest waiting attendee who holds a ticket (status confirmed)
 *   and has nothing else booked in that time slot.
 * - A ticket goes to the oldest attendee waiting for the ticket type (or the full event); with it they are
 *   booked into the programme items they waited for where seats are free.
 */
type Tx = Prisma.TransactionClient;

export async function promoteForItem(tx: Tx, programmeItemId: string, now: Date): Promise<Set<string>> {
  const promoted = new Set<string>();
  const item = await tx.programmeItem.findUniqueOrThrow({ where: { id: programmeItemId }, select: { slotId: true } });
  for (;;) {
    const entry = await tx.waitingListEntry.findFirst({
      where: { programmeItemId, status: "waiting", attendee: { status: "confirmed" } },
      orderBy: { createdAt: "asc" },
      select: { id: true, attendeeId: true },
    });
    if (!entry) break;
    const clash = await tx.booking.findUnique({ where: { attendeeId_slotId: { attendeeId: entry.attendeeId, slotId: item.slotId } } });
    if (clash) {
      // They have since been booked into something else in that slot: their place in this line lapses.
      await tx.waitingListEntry.update({ where: { id: entry.id }, data: { status: "withdrawn" } });
      continue;
    }
    if (!(await claimSeats(tx, "ProgrammeItem", programmeItemId, 1))) break;
    await tx.booking.create({ data: { attendeeId: entry.attendeeId, programmeItemId, slotId: item.slotId, createdAt: now } });
    await tx.waitingListEntry.update({ where: { id: entry.id }, data: { status: "promoted", promotedAt: now } });
    promoted.add(entry.attendeeId);
  }
  return promoted;
}

export async function promoteForTicket(tx: Tx, eventId: string, ticketTypeId: string, now: Date): Promise<Set<string>> {
  const promoted = new Set<string>();
  for (;;) {
    const entry = await tx.waitingListEntry.findFirst({
      where: { eventId, ticketTypeId, programmeItemId: null, status: "waiting", attendee: { status: "waitlisted" } },
      orderBy: { createdAt: "asc" },
      select: { id: true, attendeeId: true, ticketType: { select: { requiresApproval: true } } },
    });
    if (!entry) break;
    if (!(await claimSeats(tx, "Event", eventId, 1))) break;
    if (!(await claimSeats(tx, "TicketType", ticketTypeId, 1))) {
      await releaseSeats(tx, "Event", eventId, 1);
      break;
    }
    const status = entry.ticketType?.requiresApproval ? "pending_approval" : "confirmed";
    const attendee = await tx.attendee.update({ where: { id: entry.attendeeId }, data: { status, updatedAt: now }, select: { registrationId: true } });
    await tx.waitingListEntry.update({ where: { id: entry.id }, data: { status: "promoted", promotedAt: now } });
    if (status === "confirmed") await bookWaitedForItems(tx, entry.attendeeId, now);
    await settleRegistrationStatus(tx, attendee.registrationId, now);
    promoted.add(entry.attendeeId);
  }
  return promoted;
}

/** The items an attendee waited for together with their ticket: booked where a seat is free. */
async function bookWaitedForItems(tx: Tx, attendeeId: string, now: Date) {
  const entries = await tx.waitingListEntry.findMany({
    where: { attendeeId, status: "waiting", programmeItemId: { not: null } },
    orderBy: { createdAt: "asc" },
    select: { id: true, createdAt: true, programmeItem: { select: { id: true, slotId: true } } },
  });
  for (const entry of entries) {
    const item = entry.programmeItem!;
    // Anyone who has waited longer for this item goes first; this attendee keeps their place otherwise.
    const earlier = await tx.waitingListEntry.count({
      where: { programmeItemId: item.id, status: "waiting", attendee: { status: "confirmed" }, createdAt: { lt: entry.createdAt } },
    });
    if (earlier > 0 || !(await claimSeats(tx, "ProgrammeItem", item.id, 1))) continue;
    await tx.booking.create({ data: { attendeeId, programmeItemId: item.id, slotId: item.slotId, createdAt: now } });
    await tx.waitingListEntry.update({ where: { id: entry.id }, data: { status: "promoted", promotedAt: now } });
  }
}

/**
 * A registration's status follows its attendees: cancelled when all are, waitlisted while any waits for a
 * ticket, pending approval while any awaits it, else confirmed.
 */
export async function settleRegistrationStatus(tx: Tx, registrationId: string, now: Date) {
  const attendees = await tx.attendee.findMany({ where: { registrationId }, select: { status: true } });
  const statuses = new Set(attendees.map((attendee) => attendee.status));
  const status = [...statuses].every((s) => s === "cancelled")
    ? "cancelled"
    : statuses.has("waitlisted")
      ? "waitlisted"
      : statuses.has("pending_approval")
        ? "pending_approval"
        : "confirmed";
  await tx.registration.update({ where: { id: registrationId }, data: { status, cancelledAt: status === "cancelled" ? now : null, updatedAt: now } });
}
