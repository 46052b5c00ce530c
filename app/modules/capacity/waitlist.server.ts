import { invoiceAndSend } from "~/modules/payments/billing.server";
import { settle } from "~/modules/payments/ledger.server";
import type { Prisma } from "~/generated/prisma/client";
import { newManageToken } from "~/modules/tickets/secrets.server";
import { bookSeatInSlot } from "./bookings.server";
import { claimSeats, releaseSeats } from "./seats.server";

/**
 * Moving people up the waiting lists when seats become free, inside the transaction that freed them.
 * First come, first served: the oldest waiting entry gets the seat.
 *
 * Per event the organisers choose what "gets" means (Event.waitlistMode):
 * - `book`: the seat is booked for them at once and they are told;
 * - `offer`: the seat is held for them and they are offered it, to accept or decline within a deadline
 *   (offers.server.ts); a declined or expired offer moves the seat on to the next person.
 *
 * - A seat in a programme item goes to the oldest waiting attendee who holds a ticket (status confirmed).
 *   Someone booked into another item of the same slot who waits for this one asked to switch: they are
 *   moved, and the seat they leave goes on to whoever waits for it.
 * - A ticket goes to the oldest attendee waiting for the ticket type (or the full event); with it they are
 *   booked into the programme items they waited for where seats are free, and they owe its price.
 */
type Tx = Prisma.TransactionClient;

/** Who moved up in one transaction: the caller tells each of them once. */
export class WaitlistMoves {
  /** Attendees now booked (a ticket, or a seat in an item). */
  readonly promoted = new Set<string>();
  /** Attendees with a new offer waiting for their answer. */
  readonly offered = new Set<string>();
  get count() {
    return this.promoted.size + this.offered.size;
  }
}

type OfferSettings = { waitlistMode: "book" | "offer"; offerHours: number; startsAt: Date };

/** An offer is never shorter than this; with less time left before the event, the seat is booked directly. */
const MIN_OFFER_MS = 60 * 60 * 1000;

/**
 * Until when an offered seat is held, or null when the seat is booked directly: the event books directly,
 * or it is too close to the event for anyone to answer. Close to the event the deadline shrinks to half the
 * time that is left, so the seat can still move on once or twice.
 */
export function offerDeadline(event: OfferSettings, now: Date): Date | null {
  if (event.waitlistMode !== "offer") return null;
  const left = event.startsAt.getTime() - now.getTime();
  const hold = Math.min(event.offerHours * 3_600_000, left / 2);
  return hold < MIN_OFFER_MS ? null : new Date(now.getTime() + hold);
}

async function makeOffer(tx: Tx, entryId: string, deadline: Date, now: Date) {
  await tx.waitingListEntry.update({
    where: { id: entryId },
    data: { status: "offered", offerToken: newManageToken(), offeredAt: now, offerExpiresAt: deadline },
  });
}

export async function promoteForItem(tx: Tx, programmeItemId: string, now: Date, moves = new WaitlistMoves()): Promise<WaitlistMoves> {
  // A switch frees the seat the attendee leaves; that seat is worked on next, in the same transaction.
  const work = [programmeItemId];
  for (let itemId = work.shift(); itemId; itemId = work.shift()) {
    const item = await tx.programmeItem.findUniqueOrThrow({
      where: { id: itemId },
      select: { id: true, slotId: true, cancelledAt: true, event: { select: { waitlistMode: true, offerHours: true, startsAt: true } } },
    });
    if (item.cancelledAt) continue;
    for (;;) {
      const entry = await tx.waitingListEntry.findFirst({
        where: { programmeItemId: itemId, status: "waiting", attendee: { status: "confirmed" } },
        orderBy: { createdAt: "asc" },
        select: { id: true, attendeeId: true },
      });
      if (!entry) break;
      if (!(await claimSeats(tx, "ProgrammeItem", itemId, 1))) break;
      const deadline = offerDeadline(item.event, now);
      if (deadline) {
        await makeOffer(tx, entry.id, deadline, now);
        moves.offered.add(entry.attendeeId);
        continue;
      }
      const left = await takeItemSeat(tx, entry, item, now);
      if (left) work.push(left);
      moves.promoted.add(entry.attendeeId);
    }
  }
  return moves;
}

/**
 * Books a waiting attendee into the item whose seat was claimed for them; their other waiting in that slot
 * ends, and a booking they held there is left. Returns the item they left, whose seat is now free.
 */
export async function takeItemSeat(tx: Tx, entry: { id: string; attendeeId: string }, item: { id: string; slotId: string }, now: Date) {
  const left = await bookSeatInSlot(tx, entry.attendeeId, item, now);
  await tx.waitingListEntry.update({ where: { id: entry.id }, data: { status: "promoted", promotedAt: now } });
  await tx.waitingListEntry.updateMany({
    where: { attendeeId: entry.attendeeId, status: "waiting", programmeItem: { slotId: item.slotId } },
    data: { status: "withdrawn" },
  });
  return left;
}

export async function promoteForTicket(tx: Tx, eventId: string, ticketTypeId: string, now: Date, moves = new WaitlistMoves()): Promise<WaitlistMoves> {
  const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { waitlistMode: true, offerHours: true, startsAt: true } });
  for (;;) {
    const entry = await tx.waitingListEntry.findFirst({
      where: { eventId, ticketTypeId, programmeItemId: null, status: "waiting", attendee: { status: "waitlisted" } },
      orderBy: { createdAt: "asc" },
      select: { id: true, attendeeId: true },
    });
    if (!entry) break;
    if (!(await claimSeats(tx, "Event", eventId, 1))) break;
    if (!(await claimSeats(tx, "TicketType", ticketTypeId, 1))) {
      await releaseSeats(tx, "Event", eventId, 1);
      break;
    }
    const deadline = offerDeadline(event, now);
    if (deadline) {
      await makeOffer(tx, entry.id, deadline, now);
      moves.offered.add(entry.attendeeId);
      continue;
    }
    await takeTicketSeat(tx, entry, now, moves);
  }
  return moves;
}

/** Gives a waiting attendee the ticket whose seats were claimed for them: status, price, waited-for items. */
export async function takeTicketSeat(tx: Tx, entry: { id: string; attendeeId: string }, now: Date, moves: WaitlistMoves) {
  const attendee = await tx.attendee.findUniqueOrThrow({
    where: { id: entry.attendeeId },
    select: { registrationId: true, ticketType: { select: { requiresApproval: true, priceCents: true } } },
  });
  const status = attendee.ticketType.requiresApproval ? "pending_approval" : "confirmed";
  await tx.attendee.update({ where: { id: entry.attendeeId }, data: { status, updatedAt: now } });
  await tx.waitingListEntry.update({ where: { id: entry.id }, data: { status: "promoted", promotedAt: now } });
  await bookWaitedForItems(tx, entry.attendeeId, now, moves);
  await chargeTicket(tx, attendee.registrationId, entry.attendeeId, attendee.ticketType.priceCents, status === "confirmed", now);
  await settleRegistrationStatus(tx, attendee.registrationId, now);
  moves.promoted.add(entry.attendeeId);
}

/**
 * Someone who waited for a ticket owes its price once they hold one, like anyone who got one at once: the
 * registration's total grows and its payment is due by invoice (a seat that comes free cannot wait for a
 * checkout). The invoice goes out at once unless the ticket still needs approval (then it goes with that).
 */
async function chargeTicket(tx: Tx, registrationId: string, attendeeId: string, priceCents: number, confirmed: boolean, now: Date) {
  if (priceCents <= 0) return;
  const registration = await tx.registration.findUniqueOrThrow({ where: { id: registrationId }, select: { paymentMethod: true } });
  await tx.registration.update({
    where: { id: registrationId },
    data: {
      totalCents: { increment: priceCents },
      paymentStatus: "pending",
      paymentMethod: registration.paymentMethod === "none" ? "invoice" : registration.paymentMethod,
      updatedAt: now,
    },
  });
  if (confirmed) await invoiceAndSend(tx, registrationId, [attendeeId], now);
  await settle(tx, registrationId);
}

/** The items an attendee waited for together with their ticket: booked where a seat is free. */
async function bookWaitedForItems(tx: Tx, attendeeId: string, now: Date, moves: WaitlistMoves) {
  const entries = await tx.waitingListEntry.findMany({
    where: { attendeeId, status: "waiting", programmeItemId: { not: null } },
    orderBy: { createdAt: "asc" },
    select: { id: true, createdAt: true, programmeItem: { select: { id: true, slotId: true, cancelledAt: true } } },
  });
  for (const entry of entries) {
    const item = entry.programmeItem!;
    if (item.cancelledAt) continue;
    // Anyone who has waited longer for this item goes first; this attendee keeps their place otherwise.
    const earlier = await tx.waitingListEntry.count({
      where: { programmeItemId: item.id, status: "waiting", attendee: { status: "confirmed" }, createdAt: { lt: entry.createdAt } },
    });
    if (earlier > 0 || !(await claimSeats(tx, "ProgrammeItem", item.id, 1))) continue;
    const left = await takeItemSeat(tx, { id: entry.id, attendeeId }, item, now);
    if (left) await promoteForItem(tx, left, now, moves);
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
        : statuses.has("awaiting_payment")
          ? "awaiting_payment"
          : "confirmed";
  await tx.registration.update({ where: { id: registrationId }, data: { status, cancelledAt: status === "cancelled" ? now : null, updatedAt: now } });
}
