import type { Database } from "~/db.server";
import { attendeeNameKeys } from "~/modules/attendees/name-keys";
import { claimSeats, releaseSeats } from "~/modules/capacity/seats.server";
import { promoteForItem, promoteForTicket, settleRegistrationStatus } from "~/modules/capacity/waitlist.server";
import { forgetCatalogue } from "~/modules/events/catalogue.server";
import { mailKindForStatus } from "~/modules/mail/kinds";
import { queueAttendeeMails } from "~/modules/mail/queue.server";
import type { FieldErrors } from "~/modules/forms/errors";
import { FormRefused } from "~/modules/forms/refused.server";
import type { AttendeeDetails } from "./attendee-schema";

/**
 * What organisers (and later the attendees themselves) change after registering: details, bookings,
 * cancellation. Every change runs in one write transaction with the seats it frees or takes, the waiting
 * list promotions that follow and the emails that tell people, so nothing is half done.
 */

const promotionMails = (attendeeIds: Iterable<string>) => [...attendeeIds].map((attendeeId) => ({ kind: "waitlist_promoted" as const, attendeeId }));

export type ChangeOutcome = { ok: true; promoted: number } | { ok: false; errors: FieldErrors };

/**
 * Cancels one attendee: their seats (event, ticket type, each booked item) are freed and go to the next
 * people waiting, who are told; the attendee is told too. Their check-ins stay on record.
 */
export async function cancelAttendee(database: Database, attendeeId: string, now = new Date()): Promise<ChangeOutcome> {
  const outcome = await database.write.$transaction(async (tx) => {
    const attendee = await tx.attendee.findUnique({ where: { id: attendeeId }, include: { bookings: true } });
    if (!attendee) return { ok: false as const, errors: { form: ["errors.notFound"] } };
    if (attendee.status === "cancelled") return { ok: true as const, promoted: 0 };
    const heldSeats = attendee.status === "confirmed" || attendee.status === "pending_approval";

    await tx.booking.deleteMany({ where: { attendeeId } });
    await tx.waitingListEntry.updateMany({ where: { attendeeId, status: "waiting" }, data: { status: "withdrawn" } });
    await tx.attendee.update({ where: { id: attendeeId }, data: { status: "cancelled", activeEmail: null, cancelledAt: now, updatedAt: now } });
    const promoted = new Set<string>();
    for (const booking of attendee.bookings) {
      await releaseSeats(tx, "ProgrammeItem", booking.programmeItemId, 1);
      for (const id of await promoteForItem(tx, booking.programmeItemId, now)) promoted.add(id);
    }
    if (heldSeats) {
      await releaseSeats(tx, "Event", attendee.eventId, 1);
      await releaseSeats(tx, "TicketType", attendee.ticketTypeId, 1);
      for (const id of await promoteForTicket(tx, attendee.eventId, attendee.ticketTypeId, now)) promoted.add(id);
    }
    await settleRegistrationStatus(tx, attendee.registrationId, now);
    await queueAttendeeMails(tx, [{ kind: "registration_cancelled", attendeeId }, ...promotionMails(promoted)], now);
    return { ok: true as const, promoted: promoted.size };
  });
  forgetCatalogue();
  return outcome;
}

/**
 * Books an attendee into `itemId` for its time slot, or into nothing there (`itemId` null). The old
 * seat is freed for the next in line; the new one is taken only if free (capacity holds for organisers
 * too). The attendee gets an updated confirmation.
 */
export async function changeBooking(database: Database, attendeeId: string, slotId: string, itemId: string | null, now = new Date()): Promise<ChangeOutcome> {
  const field = `slot.${slotId}`;
  try {
    const outcome = await database.write.$transaction(async (tx) => {
      const attendee = await tx.attendee.findUnique({ where: { id: attendeeId }, select: { id: true, eventId: true, status: true } });
      if (!attendee) return { ok: false as const, errors: { form: ["errors.notFound"] } };
      if (attendee.status !== "confirmed") return { ok: false as const, errors: { [field]: ["errors.bookingNeedsTicket"] } };
      const current = await tx.booking.findUnique({ where: { attendeeId_slotId: { attendeeId, slotId } } });
      if ((current?.programmeItemId ?? null) === itemId) return { ok: true as const, promoted: 0 };

      if (itemId) {
        const item = await tx.programmeItem.findUnique({ where: { id: itemId }, select: { eventId: true, slotId: true, kind: true } });
        if (!item || item.eventId !== attendee.eventId || item.slotId !== slotId || (item.kind !== "workshop" && item.kind !== "site_visit")) {
          return { ok: false as const, errors: { [field]: ["errors.invalidChoice"] } };
        }
      }
      const promoted = new Set<string>();
      if (current) {
        await tx.booking.delete({ where: { id: current.id } });
        await releaseSeats(tx, "ProgrammeItem", current.programmeItemId, 1);
      }
      if (itemId) {
        if (!(await claimSeats(tx, "ProgrammeItem", itemId, 1))) throw new FormRefused({ [field]: ["errors.itemFull"] });
        await tx.booking.create({ data: { attendeeId, programmeItemId: itemId, slotId, createdAt: now } });
      }
      // Waiting for something in this slot ends with a decision about the slot.
      await tx.waitingListEntry.updateMany({ where: { attendeeId, status: "waiting", programmeItem: { slotId } }, data: { status: "withdrawn" } });
      if (current) for (const id of await promoteForItem(tx, current.programmeItemId, now)) promoted.add(id);
      await queueAttendeeMails(tx, [{ kind: "registration_confirmed", attendeeId }, ...promotionMails(promoted)], now);
      return { ok: true as const, promoted: promoted.size };
    });
    forgetCatalogue();
    return outcome;
  } catch (error) {
    if (error instanceof FormRefused) return { ok: false, errors: error.errors };
    throw error;
  }
}

/** Corrects an attendee's details. An address another attendee of the event already uses is refused. */
export async function updateAttendeeDetails(database: Database, attendeeId: string, details: AttendeeDetails, now = new Date()): Promise<ChangeOutcome> {
  return database.write.$transaction(async (tx): Promise<ChangeOutcome> => {
    const attendee = await tx.attendee.findUnique({ where: { id: attendeeId }, select: { eventId: true, status: true } });
    if (!attendee) return { ok: false as const, errors: { form: ["errors.notFound"] } };
    const other = await tx.attendee.findFirst({
      where: { eventId: attendee.eventId, email: details.email, status: { not: "cancelled" }, id: { not: attendeeId } },
      select: { id: true },
    });
    if (other) return { ok: false as const, errors: { email: ["errors.alreadyRegistered"] } };
    await tx.attendee.update({
      where: { id: attendeeId },
      data: {
        firstName: details.firstName,
        lastName: details.lastName,
        email: details.email,
        activeEmail: attendee.status === "cancelled" ? null : details.email,
        organisation: details.organisation,
        jobFunction: details.jobFunction ?? null,
        phone: details.phone ?? null,
        dietaryNeeds: details.dietaryNeeds ?? null,
        accessibilityNeeds: details.accessibilityNeeds ?? null,
        ...attendeeNameKeys(details),
        updatedAt: now,
      },
    });
    return { ok: true as const, promoted: 0 };
  });
}

/** Sends the attendee their current confirmation (or waiting-list notice) again. */
export async function resendConfirmation(database: Database, attendeeId: string, now = new Date()): Promise<boolean> {
  return database.write.$transaction(async (tx) => {
    const attendee = await tx.attendee.findUnique({ where: { id: attendeeId }, select: { status: true } });
    if (!attendee) return false;
    await queueAttendeeMails(tx, [{ kind: mailKindForStatus(attendee.status), attendeeId }], now);
    return true;
  });
}
