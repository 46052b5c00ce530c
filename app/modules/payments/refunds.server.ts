import type { Prisma } from "~/generated/prisma/client";
import { WaitlistMoves } from "~/modules/capacity/waitlist.server";
import { queueMoveMails } from "~/modules/mail/queue.server";
import { cancelAttendeeIn } from "~/modules/registration/changes.server";
import { creditCancelledAttendees } from "./billing.server";
import { recordMovement } from "./ledger.server";

/**
 * Refunds of online payments, whoever made them (the app on a cancellation, an organiser in Stripe's dashboard)
 * and in whatever order Stripe reports them (decision 025). Each refund is recorded once, by its Stripe id; a refund
 * that fails later is taken back once. A registration whose payment is refunded in full is cancelled: its people
 * lose their tickets, their seats go to the next people waiting, the invoice is credited in full.
 */
type Tx = Prisma.TransactionClient;

export type StripeRefund = { id: string; amount: number; status: string | null };

/** Refunds that count: money on its way back or back. A failed or cancelled one returns nothing. */
const counts = (refund: StripeRefund) => refund.status !== "failed" && refund.status !== "canceled";

export async function recordStripeRefunds(tx: Tx, registrationId: string, refunds: StripeRefund[], now: Date): Promise<void> {
  for (const refund of refunds) {
    if (counts(refund)) {
      await recordMovement(tx, { registrationId, kind: "refund", method: "stripe", amountCents: refund.amount, at: now, externalId: refund.id });
      continue;
    }
    // Failed after it was recorded (a card that no longer exists): the money did not go back, so the record is undone.
    const recorded = await tx.payment.findUnique({ where: { externalId: refund.id }, select: { amountCents: true } });
    if (recorded) {
      await recordMovement(tx, {
        registrationId,
        kind: "refund",
        method: "stripe",
        amountCents: -recorded.amountCents,
        at: now,
        externalId: `${refund.id}:${refund.status}`,
        note: `Stripe: refund ${refund.status}`,
      });
    }
  }
  await cancelIfRefundedInFull(tx, registrationId, now);
}

/**
 * A registration paid online and refunded in full (paid > 0, nothing kept) is over: everyone on it is cancelled
 * ("refunded"), without a refund rule's fee, and told. Does nothing to a registration that keeps money.
 */
export async function cancelIfRefundedInFull(tx: Tx, registrationId: string, now: Date): Promise<boolean> {
  const registration = await tx.registration.findUnique({ where: { id: registrationId }, select: { paidCents: true, refundedCents: true } });
  if (!registration || registration.paidCents <= 0 || registration.refundedCents < registration.paidCents) return false;
  const attendees = await tx.attendee.findMany({ where: { registrationId, status: { not: "cancelled" } }, select: { id: true } });
  if (attendees.length === 0) return false;
  const moves = new WaitlistMoves();
  const cancelled: string[] = [];
  for (const attendee of attendees) if (await cancelAttendeeIn(tx, attendee.id, "refunded", now, moves)) cancelled.push(attendee.id);
  await creditCancelledAttendees(tx, cancelled, now, { inFull: true });
  await queueMoveMails(tx, moves, now);
  return cancelled.length > 0;
}
