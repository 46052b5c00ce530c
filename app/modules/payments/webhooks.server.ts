import type Stripe from "stripe";
import type { Database } from "~/db.server";
import { forgetCatalogue } from "~/modules/events/catalogue.server";
import { isUniqueViolation } from "~/modules/db/errors.server";
import { confirmPaidSession, releaseCheckoutIn } from "./checkout.server";
import { recordMovement } from "./ledger.server";
import { refundOnline } from "./stripe-actions.server";
import { stripeConfig } from "./stripe.server";

/**
 * Stripe's webhooks, at one endpoint. The signature is checked on the raw body with the endpoint's secret;
 * each event id is acted on once (its StripeEvent row is written in the transaction that acts on it, so a
 * second delivery, even a concurrent one, finds it and does nothing); and every handler works from the state
 * it finds, so events in any order end in the same place: a paid session is never released, a released one
 * that gets paid is reinstated or refunded.
 */
export type WebhookOutcome = { status: 200 | 400; body: string };

const MAX_BODY_BYTES = 256 * 1024;

export async function receiveWebhook(database: Database, rawBody: string, signature: string | null, now = new Date()): Promise<WebhookOutcome> {
  const config = stripeConfig();
  if (!config) return { status: 400, body: "online payment is not configured" };
  if (!signature || Buffer.byteLength(rawBody) > MAX_BODY_BYTES) return { status: 400, body: "missing signature or body too large" };
  let event: Stripe.Event;
  try {
    event = config.stripe.webhooks.constructEvent(rawBody, signature, config.webhookSecret);
  } catch {
    return { status: 400, body: "signature verification failed" };
  }
  try {
    const outcome = await database.write.$transaction(async (tx) => {
      const seen = await tx.stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } });
      if (seen) return { duplicate: true, refundFor: null as string | null };
      await tx.stripeEvent.create({ data: { id: event.id, type: event.type, receivedAt: now } });
      return { duplicate: false, refundFor: await act(tx, event, now) };
    });
    if (outcome.duplicate) return { status: 200, body: "already processed" };
    forgetCatalogue();
    if (outcome.refundFor) await refundOnline(database, outcome.refundFor, now);
    return { status: 200, body: "ok" };
  } catch (error) {
    // The same event delivered twice at the same moment: the other delivery acted on it.
    if (isUniqueViolation(error, "StripeEvent")) return { status: 200, body: "already processed" };
    throw error;
  }
}

type Tx = Parameters<Parameters<Database["write"]["$transaction"]>[0]>[0];

/** Acts on one event; returns a registration whose overpayment must be refunded after the transaction. */
async function act(tx: Tx, event: Stripe.Event, now: Date): Promise<string | null> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      if (!session.client_reference_id) return null;
      if (session.payment_status === "paid") {
        const outcome = await confirmPaidSession(tx, session, now);
        return outcome.refund > 0 ? session.client_reference_id : null;
      }
      // Completed but paid later (SEPA Direct Debit): the seats stay held, without expiry, until the outcome.
      await tx.registration.updateMany({ where: { id: session.client_reference_id, status: "awaiting_payment" }, data: { checkoutExpiresAt: null } });
      return null;
    }
    case "checkout.session.async_payment_failed":
      if (event.data.object.client_reference_id) await releaseCheckoutIn(tx, event.data.object.client_reference_id, "payment_failed", now);
      return null;
    case "checkout.session.expired":
      if (event.data.object.client_reference_id) await releaseCheckoutIn(tx, event.data.object.client_reference_id, "payment_expired", now);
      return null;
    case "charge.refunded": {
      // Refunds made in Stripe's dashboard too: each refund id is recorded once, whoever started it.
      const charge = event.data.object;
      const paymentIntentId = typeof charge.payment_intent === "string" ? charge.payment_intent : (charge.payment_intent?.id ?? null);
      if (!paymentIntentId) return null;
      const registration = await tx.registration.findUnique({ where: { stripePaymentIntentId: paymentIntentId }, select: { id: true } });
      if (!registration) return null;
      for (const refund of charge.refunds?.data ?? []) {
        if (refund.status === "failed" || refund.status === "canceled") continue;
        await recordMovement(tx, {
          registrationId: registration.id,
          kind: "refund",
          method: "stripe",
          amountCents: refund.amount,
          at: now,
          externalId: refund.id,
        });
      }
      return null;
    }
    default:
      return null;
  }
}
