import type Stripe from "stripe";
import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { claimSeats, releaseSeats } from "~/modules/capacity/seats.server";
import { bookSeatInSlot } from "~/modules/capacity/bookings.server";
import { WaitlistMoves } from "~/modules/capacity/waitlist.server";
import { forgetCatalogue } from "~/modules/events/catalogue.server";
import { localized, isLanguage } from "~/modules/i18n/language";
import { queueMails, queueMoveMails } from "~/modules/mail/queue.server";
import { cancelAttendeeIn } from "~/modules/registration/changes.server";
import type { PaidWith } from "./invoice-content";
import { issueInvoice } from "./invoices.server";
import { recordMovement, refundOwed } from "./ledger.server";
import { recordPaymentIssue, type PaymentProblem } from "./payment-issues.server";
import { cancelIfRefundedInFull } from "./refunds.server";
import { refundOnline } from "./stripe-actions.server";
import { referenceId, type CheckoutSessionData } from "./stripe-events";
import { paymentDetails } from "./stripe-lookups.server";
import { stripeConfig } from "./stripe.server";

/**
 * Paying online with Stripe Checkout. The registration is written first with its seats claimed and status
 * `awaiting_payment`; then a Checkout Session is created for it (one line per ticket), whose `expires_at` is
 * when the seats are released. The payment's outcome arrives by webhook (webhooks.server.ts) or, should
 * those be lost, by the sweep below that asks Stripe about every overdue session.
 */
type Tx = Prisma.TransactionClient;

export const CHECKOUT_MINUTES = 30;
/**
 * Stripe accepts a session's expiry 30 minutes to 24 hours after the session's creation, by its own clock, and refuses
 * less. The session is asked for 30 minutes plus this margin from the moment the request is sent, so the time a
 * request takes and a clock a little behind Stripe's still leave it above the minimum; the seats are then held until
 * the expiry Stripe confirms.
 */
const STRIPE_EXPIRY_MARGIN_SECONDS = 120;
/** How long after a session's expiry the sweep waits for Stripe's own event before asking itself. */
const SWEEP_GRACE_MS = 2 * 60_000;

export type CheckoutStart = { ok: true; url: string } | { ok: false };

/** Creates the Checkout Session of a registration awaiting payment; on failure the registration is released. */
export async function startCheckout(database: Database, registrationId: string, baseUrl: string, now = new Date()): Promise<CheckoutStart> {
  const config = stripeConfig();
  const registration = await database.read.registration.findUnique({
    where: { id: registrationId },
    include: { event: true, attendees: { where: { status: "awaiting_payment" }, orderBy: { position: "asc" }, include: { ticketType: true } } },
  });
  if (!config || !registration || registration.status !== "awaiting_payment" || !registration.checkoutExpiresAt) return { ok: false };
  if (registration.checkoutSessionId && registration.checkoutUrl) return { ok: true, url: registration.checkoutUrl };
  const language = isLanguage(registration.language) ? registration.language : "de";
  const eventTitle = localized(language, registration.event.titleDe, registration.event.titleEn);
  const manageUrl = `${baseUrl}/registrations/${registration.manageToken}`;
  try {
    const session = await config.stripe.checkout.sessions.create(
      {
        mode: "payment",
        client_reference_id: registration.id,
        customer_email: registration.contactEmail,
        locale: language,
        expires_at: Math.max(
          Math.floor(registration.checkoutExpiresAt.getTime() / 1000),
          Math.floor(Date.now() / 1000) + CHECKOUT_MINUTES * 60 + STRIPE_EXPIRY_MARGIN_SECONDS,
        ),
        line_items: registration.attendees.map((attendee) => ({
          quantity: 1,
          price_data: {
            currency: attendee.ticketType.currency.toLowerCase(),
            unit_amount: attendee.ticketType.priceCents,
            product_data: {
              name: `${eventTitle} – ${localized(language, attendee.ticketType.nameDe, attendee.ticketType.nameEn)}: ${attendee.firstName} ${attendee.lastName}`,
            },
          },
        })),
        metadata: { registrationId: registration.id, reference: registration.reference },
        payment_intent_data: { metadata: { registrationId: registration.id, reference: registration.reference } },
        success_url: `${manageUrl}?payment=return`,
        cancel_url: `${manageUrl}?payment=cancelled`,
      },
      { idempotencyKey: `checkout-${registration.id}` },
    );
    if (!session.url) throw new Error("checkout session without url");
    await database.write.$transaction((tx) =>
      tx.registration.update({
        where: { id: registration.id },
        // The seats are held as long as the session can be paid: until the expiry Stripe confirmed.
        data: { checkoutSessionId: session.id, checkoutUrl: session.url, checkoutExpiresAt: new Date(session.expires_at * 1000) },
      }),
    );
    return { ok: true, url: session.url };
  } catch (error) {
    console.error(`checkout for registration ${registration.id} could not be started: ${(error as Error).message}`);
    await releaseCheckout(database, registration.id, "payment_expired", now, { notify: false });
    return { ok: false };
  }
}

/**
 * Releases a registration whose online payment did not happen (expired, abandoned, failed): its attendees are
 * cancelled, their seats go to the next people waiting. Only while it still awaits payment: a paid one is never
 * touched. Returns whether it released anything.
 */
export async function releaseCheckout(
  database: Database,
  registrationId: string,
  reason: "payment_expired" | "payment_failed",
  now = new Date(),
  options: { notify?: boolean } = {},
): Promise<boolean> {
  const released = await database.write.$transaction(async (tx) => releaseCheckoutIn(tx, registrationId, reason, now, options));
  if (released) forgetCatalogue();
  return released;
}

export async function releaseCheckoutIn(
  tx: Tx,
  registrationId: string,
  reason: "payment_expired" | "payment_failed",
  now: Date,
  options: { notify?: boolean } = {},
) {
  const registration = await tx.registration.findUnique({
    where: { id: registrationId },
    select: { status: true, paidCents: true, contactEmail: true, language: true },
  });
  if (!registration || registration.status !== "awaiting_payment" || registration.paidCents > 0) return false;
  const attendees = await tx.attendee.findMany({ where: { registrationId, status: "awaiting_payment" }, select: { id: true } });
  const moves = new WaitlistMoves();
  for (const attendee of attendees) await cancelAttendeeIn(tx, attendee.id, reason, now, moves, { notify: false });
  await tx.registration.update({
    where: { id: registrationId },
    data: { totalCents: 0, paymentStatus: reason === "payment_failed" ? "failed" : "cancelled", checkoutExpiresAt: null, holderKey: null, updatedAt: now },
  });
  await queueMoveMails(tx, moves, now);
  if (options.notify !== false) {
    await queueMails(
      tx,
      [
        {
          kind: reason === "payment_failed" ? "payment_failed" : "checkout_expired",
          registrationId,
          attendeeId: null,
          recipient: registration.contactEmail,
          language: registration.language,
        },
      ],
      now,
    );
  }
  return true;
}

/**
 * The payment arrived: the registration is confirmed, an invoice marked as paid is issued, the tickets go out.
 * Idempotent by the payment intent. Should the seats have been released meanwhile (the session expired and the
 * sweep ran before this event arrived), they are claimed again if free; if not, the payment is refunded in full:
 * every payment received has a seat or a refund. Returns what the caller must still do outside the transaction.
 */
export async function confirmPaid(
  tx: Tx,
  registrationId: string,
  payment: { amountCents: number; paymentIntentId: string | null; sessionId: string; paidWith?: PaidWith | null },
  now: Date,
): Promise<{ refund: number }> {
  const registration = await tx.registration.findUnique({
    where: { id: registrationId },
    include: {
      attendees: {
        where: { status: { in: ["awaiting_payment", "cancelled"] } },
        select: { id: true, status: true, cancelReason: true, eventId: true, ticketTypeId: true },
      },
    },
  });
  if (!registration) return { refund: 0 };
  const recorded = await recordMovement(tx, {
    registrationId,
    kind: "payment",
    method: "stripe",
    amountCents: payment.amountCents,
    at: now,
    externalId: payment.paymentIntentId ?? payment.sessionId,
    note: payment.sessionId,
  });
  if (!recorded) return { refund: 0 };
  await tx.registration.update({
    where: { id: registrationId },
    data: { stripePaymentIntentId: payment.paymentIntentId, checkoutExpiresAt: null, holderKey: null },
  });
  // Refunded in full before the payment's completion reached us (an organiser in Stripe's dashboard): nothing to
  // confirm, no ticket to send; what still holds a seat is cancelled.
  const sums = await tx.registration.findUniqueOrThrow({ where: { id: registrationId }, select: { paidCents: true, refundedCents: true } });
  if (sums.refundedCents >= sums.paidCents) {
    await cancelIfRefundedInFull(tx, registrationId, now);
    return { refund: 0 };
  }

  let waiting = registration.attendees.filter((attendee) => attendee.status === "awaiting_payment");
  if (registration.status === "cancelled") {
    // Released before the payment arrived: take the seats again, if they are still free, for the whole party.
    const released = registration.attendees.filter((attendee) => attendee.cancelReason === "payment_expired");
    if (released.length > 0 && (await reclaimSeats(tx, released))) {
      waiting = released;
      await tx.registration.update({ where: { id: registrationId }, data: { totalCents: payment.amountCents } });
    } else {
      await tx.registration.update({ where: { id: registrationId }, data: { totalCents: 0 } });
      const after = await tx.registration.findUniqueOrThrow({
        where: { id: registrationId },
        select: { totalCents: true, paidCents: true, refundedCents: true },
      });
      return { refund: refundOwed(after) };
    }
  }
  if (waiting.length === 0) return { refund: 0 };
  await tx.attendee.updateMany({
    where: { id: { in: waiting.map((attendee) => attendee.id) } },
    data: { status: "confirmed", cancelReason: null, cancelledAt: null, updatedAt: now },
  });
  // A reinstated attendee's address becomes active again (it was cleared on release).
  // (Unless someone registered that address meanwhile: then the database's unique key must not abort the payment.)
  for (const attendee of waiting) {
    await tx.$executeRaw`UPDATE "Attendee" SET "activeEmail" = "email" WHERE "id" = ${attendee.id} AND NOT EXISTS
      (SELECT 1 FROM "Attendee" AS "other" WHERE "other"."eventId" = "Attendee"."eventId" AND "other"."activeEmail" = "Attendee"."email")`;
  }
  if (registration.status === "cancelled") await restoreBookings(tx, waiting, now);
  await tx.registration.update({ where: { id: registrationId }, data: { status: "confirmed", cancelledAt: null, updatedAt: now } });
  // The invoice, marked as paid, goes with the confirmation mail (which attaches the registration's invoices).
  await issueInvoice(tx, registrationId, "all", now, { paidOnline: true, paidWith: payment.paidWith ?? null });
  const colleagues = await tx.attendee.findMany({
    where: { registrationId, status: "confirmed", email: { not: registration.contactEmail } },
    select: { id: true, email: true },
  });
  await queueMails(
    tx,
    [
      { kind: "registration_confirmed", registrationId, attendeeId: null, recipient: registration.contactEmail, language: registration.language },
      ...colleagues.map((colleague) => ({
        kind: "registration_confirmed" as const,
        registrationId,
        attendeeId: colleague.id,
        recipient: colleague.email,
        language: registration.language,
      })),
    ],
    now,
  );
  return { refund: 0 };
}

/**
 * Gives reinstated attendees back the workshops and site visit that were released with their seats, where a seat
 * is still free. What the release removed is what their calendar entries record as cancelled: a registration awaiting
 * payment cannot change its bookings, so nothing else is among them.
 */
async function restoreBookings(tx: Tx, attendees: { id: string }[], now: Date) {
  for (const attendee of attendees) {
    const released = await tx.calendarRevision.findMany({
      where: { attendeeId: attendee.id, cancelled: true, programmeItem: { cancelledAt: null } },
      select: { programmeItem: { select: { id: true, slotId: true } } },
    });
    for (const { programmeItem } of released) {
      if (await claimSeats(tx, "ProgrammeItem", programmeItem.id, 1)) await bookSeatInSlot(tx, attendee.id, programmeItem, now);
    }
  }
}

async function reclaimSeats(tx: Tx, attendees: { eventId: string; ticketTypeId: string }[]): Promise<boolean> {
  const count = attendees.length;
  const { eventId, ticketTypeId } = attendees[0]!;
  if (!(await claimSeats(tx, "Event", eventId, count))) return false;
  if (await claimSeats(tx, "TicketType", ticketTypeId, count)) return true;
  await releaseSeats(tx, "Event", eventId, count);
  return false;
}

/**
 * The sweep (every minute, from the journey worker): checkouts past their expiry whose event has not arrived are
 * looked up at Stripe and settled as Stripe says (paid, expired, or expired by us now), and online refunds owed
 * that failed earlier are tried again. Stripe unreachable: the seats stay held until the next round.
 */
export async function sweepCheckouts(database: Database, now = new Date()): Promise<{ settled: number; refunded: number }> {
  const config = stripeConfig();
  if (!config) return { settled: 0, refunded: 0 };
  const overdue = await database.read.registration.findMany({
    where: { status: "awaiting_payment", checkoutExpiresAt: { lt: new Date(now.getTime() - SWEEP_GRACE_MS) } },
    select: { id: true, checkoutSessionId: true },
    take: 100,
  });
  let settled = 0;
  for (const registration of overdue) {
    try {
      const session = registration.checkoutSessionId ? await retrieveOrExpire(config.stripe, registration.checkoutSessionId) : null;
      if (session?.status === "complete" && session.payment_status === "paid") {
        // A payment that does not match stays with the accounts department; its seats are not held for ever.
        if (!(await settleCompletedSession(database, session, now))) await releaseCheckout(database, registration.id, "payment_expired", now);
      } else if (session?.status === "complete") {
        // Paid by a method that settles later (SEPA): the seats stay held until its outcome arrives.
        await database.write.$transaction((tx) => tx.registration.update({ where: { id: registration.id }, data: { checkoutExpiresAt: null } }));
      } else {
        await releaseCheckout(database, registration.id, "payment_expired", now);
      }
      settled++;
    } catch (error) {
      console.error(`checkout sweep: registration ${registration.id} left for the next round: ${(error as Error).message}`);
    }
  }
  const owing = await database.read.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Registration"
    WHERE "paymentMethod" = 'stripe' AND "stripePaymentIntentId" IS NOT NULL AND "paidCents" - "refundedCents" > "totalCents" LIMIT 100`;
  let refunded = 0;
  for (const registration of owing) {
    try {
      refunded += await refundOnline(database, registration.id, now);
    } catch (error) {
      console.error(`refund for registration ${registration.id} failed, retried next round: ${(error as Error).message}`);
    }
  }
  return { settled, refunded };
}

async function retrieveOrExpire(stripe: Stripe, sessionId: string): Promise<Stripe.Checkout.Session> {
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  if (session.status !== "open") return session;
  // Still open past our deadline (clocks disagree): close it, so nobody can pay for seats already released.
  return stripe.checkout.sessions.expire(sessionId);
}

/**
 * A completed Checkout Session, from the sweep (its webhook was lost): paid now (card) confirms the registration;
 * paid later (SEPA Direct Debit) keeps the seats held without expiry until the async outcome arrives. Returns false
 * when the payment does not match what the registration owes (decision 025): it is left for the accounts department.
 */
export async function settleCompletedSession(database: Database, session: Stripe.Checkout.Session, now = new Date()): Promise<boolean> {
  const registrationId = session.client_reference_id;
  if (!registrationId) return false;
  if (session.payment_status === "paid") {
    const config = stripeConfig();
    const paidWith = config ? await paymentDetails(config.stripe, referenceId(session.payment_intent)) : null;
    const outcome = await database.write.$transaction((tx) => confirmPaidSession(tx, session, now, paidWith));
    forgetCatalogue();
    if (outcome.refund > 0) await refundOnline(database, registrationId, now);
    return outcome.matched;
  }
  await database.write.$transaction((tx) =>
    tx.registration.updateMany({ where: { id: registrationId, status: "awaiting_payment" }, data: { checkoutExpiresAt: null } }),
  );
  return true;
}

/**
 * Confirms the registration a paid session names, if the payment is what it owes: the session the app created for
 * it, in the tickets' currency, for the amount of its checkout, and the registration pays online. Anything else
 * confirms nothing, mails nothing, and is recorded for the accounts department (payment-issues.server.ts).
 */
export async function confirmPaidSession(
  tx: Tx,
  session: CheckoutSessionData | Stripe.Checkout.Session,
  now: Date,
  paidWith: PaidWith | null = null,
): Promise<{ refund: number; matched: boolean }> {
  const registrationId = session.client_reference_id!;
  const problem = await paymentProblem(tx, registrationId, session);
  if (problem) {
    await recordPaymentIssue(
      tx,
      { ...problem, stripeObjectId: session.id, amountCents: session.amount_total ?? null, currency: session.currency ?? null },
      now,
    );
    return { refund: 0, matched: false };
  }
  const paymentIntentId = referenceId(session.payment_intent ?? null);
  const outcome = await confirmPaid(tx, registrationId, { amountCents: session.amount_total ?? 0, paymentIntentId, sessionId: session.id, paidWith }, now);
  return { ...outcome, matched: true };
}

async function paymentProblem(
  tx: Tx,
  registrationId: string,
  session: CheckoutSessionData | Stripe.Checkout.Session,
): Promise<{ problem: PaymentProblem; eventId: string | null; registrationId: string | null; expectedCents: number | null } | null> {
  const registration = await tx.registration.findUnique({
    where: { id: registrationId },
    select: {
      eventId: true,
      paymentMethod: true,
      checkoutSessionId: true,
      // What the checkout was for: those still waiting for it, or those it released when it ran out.
      attendees: {
        where: { OR: [{ status: "awaiting_payment" }, { status: "cancelled", cancelReason: "payment_expired" }] },
        select: { ticketType: { select: { priceCents: true, currency: true } } },
      },
    },
  });
  if (!registration) return { problem: "unknown_registration", eventId: null, registrationId: null, expectedCents: null };
  const found = (problem: PaymentProblem, expectedCents: number | null = null) => ({ problem, eventId: registration.eventId, registrationId, expectedCents });
  if (registration.paymentMethod !== "stripe") return found("not_online");
  if (registration.checkoutSessionId !== session.id) return found("session");
  const expected = registration.attendees.reduce((sum, attendee) => sum + attendee.ticketType.priceCents, 0);
  const currency = registration.attendees[0]?.ticketType.currency.toLowerCase() ?? "eur";
  if ((session.currency ?? "").toLowerCase() !== currency) return found("currency", expected);
  if (session.amount_total !== expected) return found("amount", expected);
  return null;
}
