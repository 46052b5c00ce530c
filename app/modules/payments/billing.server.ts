import type { Prisma } from "~/generated/prisma/client";
import { queueMails } from "~/modules/mail/queue.server";
import { isLanguage } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import { invoicedAttendeeIds, issueCreditNote, issueInvoice } from "./invoices.server";
import { refundOwed, settle } from "./ledger.server";
import { refundFor } from "./refund-rule";

/**
 * What registration changes mean for the money, inside their transactions: an invoice when a ticket becomes
 * due, a credit note and a smaller total when paid tickets are cancelled. Each document is mailed to the
 * registration's contact through the outbox, with its PDF and XRechnung attached.
 */
type Tx = Prisma.TransactionClient;

/** Issues an invoice for these attendees (if anything is left to invoice) and mails it to the contact. */
export async function invoiceAndSend(tx: Tx, registrationId: string, attendeeIds: string[] | "all", now: Date, options: { paidOnline?: boolean } = {}) {
  const invoice = await issueInvoice(tx, registrationId, attendeeIds, now, options);
  if (invoice) await mailDocument(tx, registrationId, invoice.id, now);
  return invoice;
}

export async function mailDocument(
  tx: Tx,
  registrationId: string,
  invoiceId: string,
  now: Date,
  kind: "invoice_issued" | "payment_reminder" = "invoice_issued",
) {
  const registration = await tx.registration.findUniqueOrThrow({ where: { id: registrationId }, select: { contactEmail: true, language: true } });
  await queueMails(tx, [{ kind, registrationId, attendeeId: null, recipient: registration.contactEmail, language: registration.language, invoiceId }], now);
}

/**
 * After attendees of paid tickets were cancelled (by themselves or the organisers): what the refund rule gives
 * back is taken off the total, and a credit note for it is issued against the invoice and mailed. Money already
 * received beyond the new total is to be refunded: online payments by Stripe (after the transaction, by the
 * caller), transfers by the organisers. Returns the registrations that now have a refund owed. `inFull` credits the
 * whole price whatever the refund rule (the money went back already).
 */
export async function creditCancelledAttendees(
  tx: Tx,
  attendeeIds: string[],
  now: Date,
  options: { inFull?: boolean } = {},
): Promise<{ registrationId: string; method: string; owed: number }[]> {
  if (attendeeIds.length === 0) return [];
  const attendees = await tx.attendee.findMany({
    where: { id: { in: attendeeIds }, ticketType: { priceCents: { gt: 0 } } },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      registrationId: true,
      ticketType: { select: { priceCents: true } },
      event: { select: { refundRule: true, refundUntil: true, cancellationFeeCents: true } },
      registration: { select: { status: true, totalCents: true, language: true } },
    },
  });
  const byRegistration = new Map<string, typeof attendees>();
  for (const attendee of attendees) byRegistration.set(attendee.registrationId, [...(byRegistration.get(attendee.registrationId) ?? []), attendee]);
  const owed: { registrationId: string; method: string; owed: number }[] = [];
  for (const [registrationId, group] of byRegistration) {
    const rule = group[0]!.event;
    // Only tickets that were charged are credited: a checkout that never completed or a waiting place owed nothing.
    const charged = await tx.registration.findUniqueOrThrow({
      where: { id: registrationId },
      select: { totalCents: true, paidCents: true, refundedCents: true, paymentMethod: true, status: true },
    });
    if (charged.totalCents <= 0) continue;
    // A payment refunded in Stripe is credited in full: no refund rule's fee is kept of money already returned.
    const refund = (price: number) => (options.inFull ? price : refundFor(rule, price, now));
    // Invoiced tickets are credited by the refund rule; one never invoiced (a rejected approval, say) owes nothing.
    const invoiced = await invoicedAttendeeIds(tx, registrationId);
    const credited = group.filter((attendee) => invoiced.has(attendee.id));
    const total = Math.min(
      charged.totalCents,
      group.reduce((sum, attendee) => sum + (invoiced.has(attendee.id) ? refund(attendee.ticketType.priceCents) : attendee.ticketType.priceCents), 0),
    );
    const t = translator(isLanguage(group[0]!.registration.language) ? group[0]!.registration.language : "de");
    const reason =
      charged.status === "cancelled"
        ? t("invoice.reasonCancelled")
        : t("invoice.reasonCancelledBy", { names: group.map((attendee) => `${attendee.firstName} ${attendee.lastName}`).join(", ") });
    const note =
      credited.length > 0
        ? await issueCreditNote(
            tx,
            registrationId,
            credited.map((attendee) => attendee.id),
            refund,
            reason,
            now,
          )
        : null;
    await tx.registration.update({ where: { id: registrationId }, data: { totalCents: { decrement: total }, updatedAt: now } });
    await settle(tx, registrationId);
    if (note) await mailDocument(tx, registrationId, note.id, now);
    const after = await tx.registration.findUniqueOrThrow({
      where: { id: registrationId },
      select: { totalCents: true, paidCents: true, refundedCents: true },
    });
    const due = refundOwed(after);
    if (due > 0) owed.push({ registrationId, method: charged.paymentMethod, owed: due });
  }
  return owed;
}
