import type Stripe from "stripe";
import type { Database } from "~/db.server";
import type { PaidWith } from "./invoice-content";
import type { StripeRefund } from "./refunds.server";

/**
 * What an event alone does not say, asked of Stripe before the transaction that acts on it (a network call must not
 * hold the database): how a payment was made, every refund of a payment, whose payment a refund belongs to.
 */

/**
 * How the payment was made, for the invoice (the XRechnung codes a card with its last digits). Stripe unreachable or
 * the charge not yet there: the invoice says "paid online" without the details (code 68), and the payment is not held up.
 */
export async function paymentDetails(stripe: Stripe, paymentIntentId: string | null): Promise<PaidWith> {
  if (!paymentIntentId) return { method: "online", type: null };
  try {
    const intent = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
    const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;
    const details = charge?.payment_method_details;
    if (details?.type === "card" && details.card) {
      const funding = details.card.funding;
      return {
        method: "card",
        brand: details.card.brand ?? "card",
        last4: details.card.last4 ?? "",
        funding: funding === "credit" || funding === "debit" || funding === "prepaid" ? funding : "unknown",
        holder: charge?.billing_details?.name ?? null,
      };
    }
    if (details?.type === "sepa_debit") return { method: "sepa_debit", last4: details.sepa_debit?.last4 ?? null };
    return { method: "online", type: details?.type ?? null };
  } catch (error) {
    console.error(`payment details of ${paymentIntentId} not read, the invoice says "paid online": ${(error as Error).message}`);
    return { method: "online", type: null };
  }
}

/** Every refund of a payment, from Stripe: `charge.refunded` no longer lists them (API 2022-11-15 and later). */
export async function refundsOfPaymentIntent(stripe: Stripe, paymentIntentId: string): Promise<StripeRefund[]> {
  const refunds: StripeRefund[] = [];
  // A payment has a handful of refunds at most; the bound keeps a strange one from paging without end.
  for await (const refund of stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })) {
    refunds.push({ id: refund.id, amount: refund.amount, status: refund.status });
    if (refunds.length >= 1000) break;
  }
  return refunds;
}

/**
 * The registration a payment belongs to: by the payment intent stored when it was confirmed, or, for a refund that
 * arrives before the payment's completion, by the registration id the app put into the payment intent's metadata.
 */
export async function registrationOfPaymentIntent(database: Database, stripe: Stripe, paymentIntentId: string): Promise<string | null> {
  const known = await database.read.registration.findUnique({ where: { stripePaymentIntentId: paymentIntentId }, select: { id: true } });
  if (known) return known.id;
  const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
  const registrationId = intent.metadata?.registrationId;
  if (!registrationId) return null;
  const registration = await database.read.registration.findUnique({ where: { id: registrationId }, select: { id: true } });
  return registration?.id ?? null;
}
