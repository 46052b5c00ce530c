import type Stripe from "stripe";
import type { Database } from "~/db.server";
import { forgetCatalogue } from "~/modules/events/catalogue.server";
import { isUniqueViolation } from "~/modules/db/errors.server";
import { confirmPaidSession, releaseCheckoutIn } from "./checkout.server";
import type { PaidWith } from "./invoice-content";
import { recordStripeRefunds, type StripeRefund } from "./refunds.server";
import { refundOnline } from "./stripe-actions.server";
import { parseStripeEvent, referenceId, type StripeEventData } from "./stripe-events";
import { paymentDetails, refundsOfPaymentIntent, registrationOfPaymentIntent } from "./stripe-lookups.server";
import { stripeConfig } from "./stripe.server";

/**
 * Stripe's webhooks, at one endpoint. The signature is checked on the raw body with the endpoint's secret, then the
 * body's shape (stripe-events.ts: a malformed event gets 400); what the event does not say is asked of Stripe before
 * the transaction (how it was paid, the refunds of a payment, whose payment it is); each event id is acted on once
 * (its StripeEvent row is written in the transaction that acts on it, so a second delivery, even a concurrent one,
 * finds it and does nothing); and every handler works from the state it finds, so events in any order end in the
 * same place: a paid session is never released, a released one that gets paid is reinstated or refunded, a refund
 * counts once whether it is reported by `charge.refunded`, `refund.*` or the app's own call.
 */
export type WebhookOutcome = { status: 200 | 400 | 503; body: string };

const MAX_BODY_BYTES = 256 * 1024;

/** What the transaction needs besides the event: read from Stripe first. */
type Facts = { paidWith: PaidWith | null; refunds: { registrationId: string; refunds: StripeRefund[] } | null };

export async function receiveWebhook(database: Database, rawBody: string, signature: string | null, now = new Date()): Promise<WebhookOutcome> {
  const config = stripeConfig();
  if (!config) return { status: 400, body: "online payment is not configured" };
  if (!signature || Buffer.byteLength(rawBody) > MAX_BODY_BYTES) return { status: 400, body: "missing signature or body too large" };
  let verified: unknown;
  try {
    verified = config.stripe.webhooks.constructEvent(rawBody, signature, config.webhookSecret);
  } catch {
    return { status: 400, body: "signature verification failed" };
  }
  const parsed = parseStripeEvent(verified);
  if (!parsed) return { status: 400, body: "malformed event" };
  if (parsed.ignored) return { status: 200, body: "ignored" };
  const event = parsed.event;
  if (await database.read.stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } })) return { status: 200, body: "already processed" };

  let facts: Facts;
  try {
    facts = await lookUp(database, config.stripe, event);
  } catch (error) {
    // Stripe did not answer: it delivers the event again later, with backoff, for days.
    console.error(`stripe event ${event.id} (${event.type}) waits for Stripe's answer: ${(error as Error).message}`);
    return { status: 503, body: "try again later" };
  }
  try {
    const outcome = await database.write.$transaction(async (tx) => {
      const seen = await tx.stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } });
      if (seen) return { duplicate: true, refundFor: null as string | null };
      await tx.stripeEvent.create({ data: { id: event.id, type: event.type, receivedAt: now } });
      return { duplicate: false, refundFor: await act(tx, event, facts, now) };
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

async function lookUp(database: Database, stripe: Stripe, event: StripeEventData): Promise<Facts> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      if (session.payment_status !== "paid" || !session.client_reference_id) return { paidWith: null, refunds: null };
      // Only a payment of the session the app made for this registration is worth asking about (others confirm nothing).
      const ours = await database.read.registration.findFirst({
        where: { id: session.client_reference_id, checkoutSessionId: session.id },
        select: { id: true },
      });
      return { paidWith: ours ? await paymentDetails(stripe, referenceId(session.payment_intent)) : null, refunds: null };
    }
    case "charge.refunded": {
      const charge = event.data.object;
      const paymentIntentId = referenceId(charge.payment_intent);
      if (!paymentIntentId) return { paidWith: null, refunds: null };
      const registrationId = await registrationOfPaymentIntent(database, stripe, paymentIntentId);
      if (!registrationId) return { paidWith: null, refunds: null };
      // Events of older API versions listed the refunds; the pinned version does not, so they are asked for.
      const listed = charge.refunds?.data.map((refund) => ({ id: refund.id, amount: refund.amount, status: refund.status }));
      return { paidWith: null, refunds: { registrationId, refunds: listed ?? (await refundsOfPaymentIntent(stripe, paymentIntentId)) } };
    }
    case "refund.created":
    case "refund.updated":
    case "refund.failed":
    case "charge.refund.updated": {
      const refund = event.data.object;
      const paymentIntentId = referenceId(refund.payment_intent);
      const registrationId = paymentIntentId ? await registrationOfPaymentIntent(database, stripe, paymentIntentId) : null;
      return {
        paidWith: null,
        refunds: registrationId ? { registrationId, refunds: [{ id: refund.id, amount: refund.amount, status: refund.status }] } : null,
      };
    }
    default:
      return { paidWith: null, refunds: null };
  }
}

type Tx = Parameters<Parameters<Database["write"]["$transaction"]>[0]>[0];

/** Acts on one event; returns a registration whose overpayment must be refunded after the transaction. */
async function act(tx: Tx, event: StripeEventData, facts: Facts, now: Date): Promise<string | null> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      if (!session.client_reference_id) return null;
      if (session.payment_status === "paid") {
        const outcome = await confirmPaidSession(tx, session, now, facts.paidWith);
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
    default:
      // Refunds, made by the app or in Stripe's dashboard: each recorded once by its id, whichever event brings it.
      if (facts.refunds) await recordStripeRefunds(tx, facts.refunds.registrationId, facts.refunds.refunds, now);
      return null;
  }
}
