import type { Prisma } from "~/generated/prisma/client";
import { releaseSeats } from "./seats.server";

/**
 * Writing and removing an attendee's booking of a programme item, with what calendars need to follow:
 * each change bumps the attendee's CalendarRevision for that item, so the next calendar file carries a
 * higher SEQUENCE, and a removed booking is sent as STATUS:CANCELLED instead of being silently left out
 * (which Outlook and Google Calendar would leave standing).
 */
type Tx = Prisma.TransactionClient;

async function reviseCalendar(tx: Tx, attendeeId: string, programmeItemId: string, cancelled: boolean) {
  await tx.calendarRevision.upsert({
    where: { attendeeId_programmeItemId: { attendeeId, programmeItemId } },
    create: { attendeeId, programmeItemId, revision: 1, cancelled },
    update: { revision: { increment: 1 }, cancelled },
  });
}

/** Removes a booking and gives its seat back; the caller decides who gets the seat next. */
export async function removeBooking(tx: Tx, booking: { id: string; attendeeId: string; programmeItemId: string }) {
  await tx.booking.delete({ where: { id: booking.id } });
  await releaseSeats(tx, "ProgrammeItem", booking.programmeItemId, 1);
  await reviseCalendar(tx, booking.attendeeId, booking.programmeItemId, true);
}

/**
 * Books the attendee into `item`, whose seat the caller has already claimed, replacing what they held in
 * that slot. Returns the id of the item they left (its seat is free now), or null.
 */
export async function bookSeatInSlot(tx: Tx, attendeeId: string, item: { id: string; slotId: string }, now: Date): Promise<string | null> {
  const current = await tx.booking.findUnique({ where: { attendeeId_slotId: { attendeeId, slotId: item.slotId } } });
  if (current) await removeBooking(tx, current);
  await tx.booking.create({ data: { attendeeId, programmeItemId: item.id, slotId: item.slotId, createdAt: now } });
  // A first booking needs no revision row (revision 0); booking an item again after leaving it does.
  await tx.calendarRevision.updateMany({ where: { attendeeId, programmeItemId: item.id }, data: { revision: { increment: 1 }, cancelled: false } });
  return current?.programmeItemId ?? null;
}
