import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { attendeeNameKeys } from "~/modules/attendees/name-keys";
import { bookSeatInSlot, removeBooking } from "~/modules/capacity/bookings.server";
import { claimSeats, releaseSeats } from "~/modules/capacity/seats.server";
import { promoteForItem, promoteForTicket, settleRegistrationStatus, takeItemSeat, WaitlistMoves } from "~/modules/capacity/waitlist.server";
import { forgetCatalogue } from "~/modules/events/catalogue.server";
import { mailKindForStatus, type EmailKind } from "~/modules/mail/kinds";
import { queueAttendeeMails, queueMoveMails } from "~/modules/mail/queue.server";
import type { FieldErrors } from "~/modules/forms/errors";
import { FormRefused } from "~/modules/forms/refused.server";
import type { AttendeeDetails } from "./attendee-schema";
import { creditCancelledAttendees } from "~/modules/payments/billing.server";
import { closeCheckout, refundOnline } from "~/modules/payments/stripe-actions.server";

/**
 * Changes after registering, by organisers or by the attendees themselves (self-service.server.ts checks
 * who may): details, bookings, cancellation. Every change runs in one write transaction with the seats it
 * frees or takes, the waiting-list moves that follow and the mails that tell people, so nothing is half done.
 */
type Tx = Prisma.TransactionClient;

/** `mailHeld`: saved, but its confirmation mail was not sent (the person's mail budget was spent, mail-budget.server.ts). */
export type ChangeOutcome = { ok: true; promoted: number; waitlisted?: boolean; mailHeld?: boolean } | { ok: false; errors: FieldErrors };

/** Why an attendee was cancelled; kept on the attendee for the organisers' list and the statistics. */
export type CancelReason = "attendee" | "organiser" | "rejected" | "payment_expired" | "payment_failed" | "refunded";

const CANCEL_MAIL: Record<CancelReason, EmailKind> = {
  attendee: "registration_cancelled",
  organiser: "registration_cancelled",
  rejected: "registration_rejected",
  payment_expired: "checkout_expired",
  payment_failed: "payment_failed",
  refunded: "registration_cancelled",
};

/**
 * Cancels one attendee inside a transaction: their seats (event, ticket type, each booked item) are freed
 * and go on to the next people waiting. Returns false when there was nothing to cancel.
 */
export async function cancelAttendeeIn(
  tx: Tx,
  attendeeId: string,
  reason: CancelReason,
  now: Date,
  moves: WaitlistMoves,
  options: { notify?: boolean } = {},
): Promise<boolean> {
  const attendee = await tx.attendee.findUnique({ where: { id: attendeeId }, include: { bookings: true } });
  if (!attendee || attendee.status === "cancelled") return false;
  // The claim: of two cancellations at once (two organisers, an organiser and the attendee) one does the work.
  const claimed = await tx.attendee.updateMany({
    where: { id: attendeeId, status: attendee.status },
    data: { status: "cancelled", cancelReason: reason, activeEmail: null, cancelledAt: now, updatedAt: now },
  });
  if (claimed.count !== 1) return false;
  const heldSeats = attendee.status === "confirmed" || attendee.status === "pending_approval" || attendee.status === "awaiting_payment";

  // An offer held for them (a seat already claimed) goes on to the next in line, like any freed seat.
  const offers = await withdrawWaiting(tx, { attendeeId, status: { in: ["waiting", "offered"] } }, now, moves);
  for (const booking of attendee.bookings) {
    await removeBooking(tx, booking);
    await promoteForItem(tx, booking.programmeItemId, now, moves);
  }
  if (heldSeats || offers.some((offer) => offer.programmeItemId === null)) {
    await releaseSeats(tx, "Event", attendee.eventId, 1);
    await releaseSeats(tx, "TicketType", attendee.ticketTypeId, 1);
    await promoteForTicket(tx, attendee.eventId, attendee.ticketTypeId, now, moves);
  }
  await settleRegistrationStatus(tx, attendee.registrationId, now);
  if (options.notify !== false) await queueAttendeeMails(tx, [{ kind: CANCEL_MAIL[reason], attendeeId }], now);
  return true;
}

/** Cancels one attendee; the attendee and whoever moves up are told. Their check-ins stay on record. */
export async function cancelAttendee(database: Database, attendeeId: string, reason: CancelReason = "organiser", now = new Date()): Promise<ChangeOutcome> {
  return cancelAttendees(database, [attendeeId], reason, now);
}

/** Cancels several attendees in one transaction (a whole registration, or a rejection in bulk). */
export async function cancelAttendees(database: Database, attendeeIds: string[], reason: CancelReason, now = new Date()): Promise<ChangeOutcome> {
  const outcome = await database.write.$transaction(async (tx) => {
    const exists = await tx.attendee.count({ where: { id: { in: attendeeIds } } });
    if (exists === 0) return { ok: false as const, errors: { form: ["errors.notFound"] } };
    const moves = new WaitlistMoves();
    const cancelled: string[] = [];
    for (const id of attendeeIds) if (await cancelAttendeeIn(tx, id, reason, now, moves)) cancelled.push(id);
    // Paid tickets: the refund rule's amount is credited (credit note), and what was paid beyond the rest is owed back.
    const owed = await creditCancelledAttendees(tx, cancelled, now);
    await queueMoveMails(tx, moves, now);
    const unpaidCheckouts = await tx.registration.findMany({
      where: { attendees: { some: { id: { in: cancelled } } }, status: "cancelled", checkoutSessionId: { not: null }, paidCents: 0 },
      select: { id: true },
    });
    return { ok: true as const, promoted: moves.count, owed, unpaidCheckouts };
  });
  forgetCatalogue();
  if (!outcome.ok) return outcome;
  // Online payments are refunded at once; should Stripe not answer, the checkout sweep tries again.
  for (const refund of outcome.owed.filter((candidate) => candidate.method === "stripe")) {
    await refundOnline(database, refund.registrationId, now).catch((error: Error) =>
      console.error(`refund for registration ${refund.registrationId} failed, retried by the sweep: ${error.message}`),
    );
  }
  for (const registration of outcome.unpaidCheckouts) {
    await closeCheckout(database, registration.id).catch((error: Error) =>
      console.error(`checkout of registration ${registration.id} not closed (a late payment is refunded): ${error.message}`),
    );
  }
  return { ok: true, promoted: outcome.promoted };
}

/**
 * Books an attendee into `itemId` for its time slot, or into nothing there (`itemId` null). The old seat
 * goes to the next in line in the same transaction; the new one is taken only if free (capacity holds for
 * organisers too). When it is full and `waitlistIfFull` is set, the attendee keeps what they hold and waits
 * for the new item instead: a seat that comes free there moves them. The attendee gets an updated confirmation.
 */
export async function changeBooking(
  database: Database,
  attendeeId: string,
  slotId: string,
  itemId: string | null,
  options: { waitlistIfFull?: boolean; now?: Date; notify?: boolean } = {},
): Promise<ChangeOutcome> {
  const now = options.now ?? new Date();
  const field = `slot.${slotId}`;
  const notify = options.notify !== false;
  try {
    const outcome = await database.write.$transaction(async (tx): Promise<ChangeOutcome> => {
      const attendee = await tx.attendee.findUnique({ where: { id: attendeeId }, select: { id: true, eventId: true, status: true } });
      if (!attendee) return { ok: false, errors: { form: ["errors.notFound"] } };
      if (attendee.status !== "confirmed") return { ok: false, errors: { [field]: ["errors.bookingNeedsTicket"] } };
      const current = await tx.booking.findUnique({ where: { attendeeId_slotId: { attendeeId, slotId } } });
      const waitingInSlot = { attendeeId, status: { in: ["waiting" as const, "offered" as const] }, programmeItem: { slotId } };
      const moves = new WaitlistMoves();
      if ((current?.programmeItemId ?? null) === itemId) {
        // Staying with what one holds ends any waiting for something else in the slot.
        await withdrawWaiting(tx, waitingInSlot, now, moves);
        await queueMoveMails(tx, moves, now);
        return { ok: true, promoted: 0 };
      }

      let item: { id: string; slotId: string } | null = null;
      if (itemId) {
        const found = await tx.programmeItem.findUnique({
          where: { id: itemId },
          select: { id: true, eventId: true, slotId: true, kind: true, cancelledAt: true },
        });
        if (
          !found ||
          found.eventId !== attendee.eventId ||
          found.slotId !== slotId ||
          found.cancelledAt ||
          (found.kind !== "workshop" && found.kind !== "site_visit")
        ) {
          return { ok: false, errors: { [field]: ["errors.invalidChoice"] } };
        }
        item = found;
      }
      // A seat held for them in this very item (an open offer) is theirs to take: no second seat is claimed.
      const heldOffer = item
        ? await tx.waitingListEntry.findFirst({ where: { attendeeId, programmeItemId: item.id, status: "offered", offerExpiresAt: { gt: now } } })
        : null;
      if (item && heldOffer) {
        const left = await takeItemSeat(tx, heldOffer, item, now);
        await withdrawWaiting(tx, waitingInSlot, now, moves);
        if (left) await promoteForItem(tx, left, now, moves);
        if (notify) await queueAttendeeMails(tx, [{ kind: "registration_updated", attendeeId }], now);
        await queueMoveMails(tx, moves, now);
        return { ok: true, promoted: moves.count };
      }
      if (item && !(await claimSeats(tx, "ProgrammeItem", item.id, 1))) {
        if (!options.waitlistIfFull) throw new FormRefused({ [field]: ["errors.itemFull"] });
        // Waiting for another item of the slot ends; waiting for this one keeps its place in line.
        await withdrawWaiting(tx, { ...waitingInSlot, programmeItemId: { not: item.id } }, now, moves);
        const waiting = await tx.waitingListEntry.findFirst({ where: { attendeeId, programmeItemId: item.id, status: "waiting" } });
        if (!waiting) await tx.waitingListEntry.create({ data: { eventId: attendee.eventId, attendeeId, programmeItemId: item.id, createdAt: now } });
        if (notify) await queueAttendeeMails(tx, [{ kind: "registration_updated", attendeeId }], now);
        await queueMoveMails(tx, moves, now);
        return { ok: true, promoted: 0, waitlisted: true };
      }
      await withdrawWaiting(tx, waitingInSlot, now, moves);
      if (item) await bookSeatInSlot(tx, attendeeId, item, now);
      else if (current) await removeBooking(tx, current);
      if (current) await promoteForItem(tx, current.programmeItemId, now, moves);
      if (notify) await queueAttendeeMails(tx, [{ kind: "registration_updated", attendeeId }], now);
      await queueMoveMails(tx, moves, now);
      return { ok: true, promoted: moves.count };
    });
    forgetCatalogue();
    return outcome;
  } catch (error) {
    if (error instanceof FormRefused) return { ok: false, errors: error.errors };
    throw error;
  }
}

/**
 * Ends waiting (and open offers) that a decision made moot. The seat held for an offered programme item moves on
 * to the next in line; a held ticket is the caller's to release. Returns the offers that were withdrawn.
 */
async function withdrawWaiting(tx: Tx, where: Prisma.WaitingListEntryWhereInput, now: Date, moves: WaitlistMoves) {
  const offers = await tx.waitingListEntry.findMany({ where: { AND: [where, { status: "offered" }] }, select: { programmeItemId: true } });
  await tx.waitingListEntry.updateMany({ where, data: { status: "withdrawn" } });
  for (const offer of offers) {
    if (!offer.programmeItemId) continue;
    await releaseSeats(tx, "ProgrammeItem", offer.programmeItemId, 1);
    await promoteForItem(tx, offer.programmeItemId, now, moves);
  }
  return offers;
}

/**
 * Corrects an attendee's details. An address another attendee of the event already uses is refused.
 * `notify` sends the attendee the updated confirmation (self-service does; an organiser's typo fix need not).
 */
export async function updateAttendeeDetails(
  database: Database,
  attendeeId: string,
  details: AttendeeDetails,
  options: { notify?: boolean; now?: Date; answers?: { questionIds: string[]; values: Map<string, string> } } = {},
): Promise<ChangeOutcome> {
  const now = options.now ?? new Date();
  return database.write.$transaction(async (tx): Promise<ChangeOutcome> => {
    const attendee = await tx.attendee.findUnique({ where: { id: attendeeId }, select: { eventId: true, status: true, registrationId: true } });
    if (!attendee) return { ok: false, errors: { form: ["errors.notFound"] } };
    const other = await tx.attendee.findFirst({
      where: { eventId: attendee.eventId, email: details.email, status: { not: "cancelled" }, id: { not: attendeeId } },
      select: { id: true },
    });
    if (other) return { ok: false, errors: { email: ["errors.alreadyRegistered"] } };
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
        dietaryNeeds: details.needsConsent ? (details.dietaryNeeds ?? null) : null,
        accessibilityNeeds: details.needsConsent ? (details.accessibilityNeeds ?? null) : null,
        ...attendeeNameKeys(details),
        updatedAt: now,
      },
    });
    await recordNeedsConsent(tx, attendeeId, attendee.eventId, Boolean(details.needsConsent && (details.dietaryNeeds || details.accessibilityNeeds)), now);
    // The answers to the questions the form showed replace the ones given before; others stay as they are.
    if (options.answers && options.answers.questionIds.length > 0) {
      await tx.answer.deleteMany({ where: { attendeeId, questionId: { in: options.answers.questionIds } } });
      await tx.answer.createMany({
        data: [...options.answers.values].map(([questionId, value]) => ({ questionId, value, attendeeId, registrationId: attendee.registrationId })),
      });
    }
    if (options.notify) await queueAttendeeMails(tx, [{ kind: "registration_updated", attendeeId }], now);
    return { ok: true, promoted: 0 };
  });
}

/**
 * Keeps the health-data consent in step with what is stored: given (once, with the notice's version) when needs are
 * kept, revoked when they are removed.
 */
async function recordNeedsConsent(tx: Tx, attendeeId: string, eventId: string, needsKept: boolean, now: Date) {
  const active = await tx.consent.findFirst({ where: { attendeeId, kind: "special_needs", revokedAt: null } });
  if (needsKept && !active) {
    const { privacyNoticeVersion } = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { privacyNoticeVersion: true } });
    await tx.consent.create({ data: { attendeeId, kind: "special_needs", textVersion: privacyNoticeVersion, givenAt: now } });
  } else if (!needsKept && active) {
    await tx.consent.updateMany({ where: { attendeeId, kind: "special_needs", revokedAt: null }, data: { revokedAt: now } });
  }
}

/** Revokes the consent to dietary and accessibility details: the values are deleted with it. */
export async function revokeNeedsConsent(database: Database, attendeeId: string, now = new Date()): Promise<boolean> {
  return database.write.$transaction(async (tx) => {
    const attendee = await tx.attendee.findUnique({ where: { id: attendeeId }, select: { eventId: true } });
    if (!attendee) return false;
    await tx.attendee.update({ where: { id: attendeeId }, data: { dietaryNeeds: null, accessibilityNeeds: null, updatedAt: now } });
    await recordNeedsConsent(tx, attendeeId, attendee.eventId, false, now);
    return true;
  });
}

/** Sends the attendee their current confirmation (or waiting-list notice) again. */
export async function resendConfirmation(database: Database, attendeeId: string, now = new Date()): Promise<boolean> {
  return database.write.$transaction(async (tx) => {
    const attendee = await tx.attendee.findUnique({ where: { id: attendeeId }, select: { status: true } });
    if (!attendee) return false;
    const kind = mailKindForStatus(attendee.status);
    if (kind) await queueAttendeeMails(tx, [{ kind, attendeeId }], now);
    return kind !== null;
  });
}
