import { createHash } from "node:crypto";
import type { Database } from "~/db.server";
import { seatsLeft } from "~/modules/events/catalogue.server";
import type { FieldErrors } from "~/modules/forms/errors";

/**
 * Bounds on seats held unpaid while a Stripe checkout is open (decision 026). Such a hold costs nothing to make: two
 * anonymous forms with made-up addresses held the last 17 paid seats for half an hour, again and again. A checkout
 * may hold seats only when
 * - its contact address has no other checkout open for the event (one pays, then registers again);
 * - its client's address holds at most MAX_SEATS_PER_HOLDER seats in open checkouts of the event, this one included;
 * - it takes at most half of the seats still free (rounded up, and always at least two), so that one hold never
 *   empties a ticket type: whoever comes next finds seats, or a hold that ends within half an hour.
 * A refused hold is told why next to the payment method; paying by invoice (a real, named registration the
 * organisers see) is not bounded by this.
 */
export const MAX_SEATS_PER_HOLDER = 10;

/** The client's address as kept on a holding registration: hashed, and cleared when the checkout ends. */
export const holderKeyOf = (clientAddress: string | null | undefined) =>
  clientAddress ? createHash("sha256").update(`hold:${clientAddress}`).digest("base64url").slice(0, 32) : null;

export function holdAllowance(left: number | null): number | null {
  return left === null ? null : Math.max(2, Math.ceil(left / 2));
}

export async function unpaidHoldRefusal(
  database: Database,
  eventId: string,
  ticketTypeId: string,
  hold: { contactEmail: string; holderKey: string | null; seats: number },
  now: Date,
): Promise<FieldErrors | null> {
  // The seats left as they are now, not as the catalogue (up to a second old) says: holds come in bursts.
  const [counts, ticketType] = await Promise.all([
    database.read.event.findUnique({ where: { id: eventId }, select: { capacity: true, confirmedCount: true } }),
    database.read.ticketType.findUnique({ where: { id: ticketTypeId }, select: { capacity: true, confirmedCount: true } }),
  ]);
  const lefts = [counts ? seatsLeft(counts) : null, ticketType ? seatsLeft(ticketType) : null].filter((left): left is number => left !== null);
  const allowance = holdAllowance(lefts.length > 0 ? Math.min(...lefts) : null);
  if (allowance !== null && hold.seats > allowance) return { paymentMethod: [`errors.holdTooLarge:${allowance}`] };

  const open = { eventId, status: "awaiting_payment" as const, checkoutExpiresAt: { gt: now } };
  const [sameContact, sameHolder] = await Promise.all([
    database.read.registration.count({ where: { ...open, contactEmail: hold.contactEmail } }),
    hold.holderKey
      ? database.read.attendee.count({ where: { status: "awaiting_payment", registration: { ...open, holderKey: hold.holderKey } } })
      : Promise.resolve(0),
  ]);
  if (sameContact > 0) return { paymentMethod: ["errors.checkoutOpen"] };
  if (sameHolder + hold.seats > MAX_SEATS_PER_HOLDER) return { paymentMethod: [`errors.holdsFromAddress:${MAX_SEATS_PER_HOLDER}`] };
  return null;
}
