import type { Database } from "~/db.server";
import { recordMovement, refundOwed } from "./ledger.server";
import { stripeConfig } from "./stripe.server";

/**
 * What the app asks Stripe to do after a change on its side, outside any transaction (a network call must not
 * hold the database): pay back what a registration paid beyond what it owes, close the checkout of a
 * registration cancelled before it was paid.
 */

/** Pays back online what a registration paid beyond what it owes; recorded when Stripe confirms the refund. */
export async function refundOnline(database: Database, registrationId: string, now = new Date()): Promise<number> {
  const config = stripeConfig();
  const registration = await database.read.registration.findUnique({
    where: { id: registrationId },
    select: { stripePaymentIntentId: true, totalCents: true, paidCents: true, refundedCents: true },
  });
  if (!config || !registration?.stripePaymentIntentId) return 0;
  const amount = refundOwed(registration);
  if (amount <= 0) return 0;
  const refund = await config.stripe.refunds.create(
    { payment_intent: registration.stripePaymentIntentId, amount, metadata: { registrationId } },
    // The same amount owed after the same refunds so far is one refund, however often this is retried.
    { idempotencyKey: `refund-${registrationId}-${registration.refundedCents}-${amount}` },
  );
  await database.write.$transaction((tx) =>
    recordMovement(tx, { registrationId, kind: "refund", method: "stripe", amountCents: refund.amount, at: now, externalId: refund.id }),
  );
  return refund.amount;
}

/** Closes the open checkout of a registration cancelled before paying, so nobody pays for released seats. */
export async function closeCheckout(database: Database, registrationId: string): Promise<void> {
  const config = stripeConfig();
  const registration = await database.read.registration.findUnique({
    where: { id: registrationId },
    select: { checkoutSessionId: true, status: true, paidCents: true },
  });
  if (!config || !registration?.checkoutSessionId || registration.status !== "cancelled" || registration.paidCents > 0) return;
  const session = await config.stripe.checkout.sessions.retrieve(registration.checkoutSessionId);
  if (session.status === "open") await config.stripe.checkout.sessions.expire(registration.checkoutSessionId);
}
