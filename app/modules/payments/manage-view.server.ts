import { amountOpen, refundOwed } from "./ledger.server";
import { refundFor } from "./refund-rule";

/**
 * What the contact's manage page shows of the money: where the payment stands, the checkout to resume while
 * seats are held, the invoices and credit notes to download, and what a cancellation now would refund.
 */
export function paymentView(
  registration: {
    id: string;
    status: string;
    paymentStatus: string;
    paymentMethod: string;
    totalCents: number;
    paidCents: number;
    refundedCents: number;
    checkoutUrl: string | null;
    checkoutExpiresAt: Date | null;
    event: { refundRule: string; refundUntil: Date | null; cancellationFeeCents: number };
    attendees: { status: string; ticketType: { priceCents: number } }[];
    invoices: { id: string; number: string; kind: string; grossCents: number; issuedAt: Date; cancelledAt: Date | null }[];
  },
  now = new Date(),
) {
  const { invoices } = registration;
  const paidTickets = registration.attendees.filter((attendee) => attendee.status !== "cancelled" && attendee.ticketType.priceCents > 0);
  const awaiting = registration.status === "awaiting_payment";
  const { event } = registration;
  return {
    status: registration.paymentStatus,
    method: registration.paymentMethod,
    totalCents: registration.totalCents,
    paidCents: registration.paidCents,
    refundedCents: registration.refundedCents,
    openCents: amountOpen(registration),
    refundOwedCents: refundOwed(registration),
    awaiting,
    // Held until then; null while a SEPA debit settles (the seats stay held without a deadline).
    heldUntil: awaiting ? registration.checkoutExpiresAt : null,
    canResume: awaiting && registration.checkoutExpiresAt !== null && registration.checkoutExpiresAt > now,
    invoices,
    hasPaidTickets: paidTickets.length > 0 || invoices.length > 0,
    refundRule: { rule: event.refundRule, until: event.refundUntil, feeCents: event.cancellationFeeCents },
    refundIfCancelledNow: paidTickets.reduce((sum, attendee) => sum + refundFor(event, attendee.ticketType.priceCents, now), 0),
  };
}
export type PaymentView = Awaited<ReturnType<typeof paymentView>>;
