import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { auditIn, type Actor } from "~/modules/audit/log.server";
import type { FieldErrors } from "~/modules/forms/errors";
import { formatMoney } from "~/modules/i18n/format";
import { invoiceAndSend, mailDocument } from "./billing.server";
import { amountOpen, recordMovement, refundOwed } from "./ledger.server";
import type { PaymentFilter } from "./accounts-schema";

/**
 * The organisers' side of the money (the accounts department's): what is open, paid and to be refunded per
 * event; transfers received (partial ones too) and refunds made by transfer; reminders; invoices for
 * registrations that have none yet (older ones, from before invoices existed).
 */
export const PAYMENTS_PAGE_SIZE = 200;

const paidRegistrations = (eventId: string): Prisma.RegistrationWhereInput => ({
  eventId,
  OR: [{ totalCents: { gt: 0 } }, { paidCents: { gt: 0 } }, { invoices: { some: {} } }],
});

export async function listPayments(database: Database, eventId: string, filter: PaymentFilter) {
  const rows = await database.read.registration.findMany({
    where: {
      ...paidRegistrations(eventId),
      ...(filter === "open" ? { paymentStatus: { in: ["pending", "partially_paid"] }, status: { not: "awaiting_payment" } } : {}),
    },
    orderBy: { createdAt: "asc" },
    take: filter === "refund" ? undefined : PAYMENTS_PAGE_SIZE,
    select: {
      id: true,
      reference: true,
      status: true,
      contactEmail: true,
      invoiceAddress: true,
      purchaseOrder: true,
      leitwegId: true,
      paymentStatus: true,
      paymentMethod: true,
      totalCents: true,
      paidCents: true,
      refundedCents: true,
      createdAt: true,
      invoices: {
        orderBy: { issuedAt: "asc" },
        select: { id: true, number: true, kind: true, grossCents: true, dueAt: true, cancelledAt: true, remindedAt: true, issuedAt: true },
      },
      payments: { orderBy: { receivedAt: "asc" }, select: { kind: true, method: true, amountCents: true, receivedAt: true, note: true, createdBy: true } },
    },
  });
  const withSums = rows.map((row) => ({ ...row, open: amountOpen(row), refundOwed: refundOwed(row) }));
  return filter === "refund" ? withSums.filter((row) => row.refundOwed > 0).slice(0, PAYMENTS_PAGE_SIZE) : withSums;
}

/** Totals per event: invoiced (net of credit notes), received, open, refunded and still to refund. */
export async function paymentSummary(database: Database, eventId: string) {
  const [documents, registrations] = await Promise.all([
    database.read.invoice.groupBy({ by: ["kind"], where: { eventId }, _sum: { grossCents: true } }),
    database.read.registration.findMany({
      where: paidRegistrations(eventId),
      select: { totalCents: true, paidCents: true, refundedCents: true, status: true },
    }),
  ]);
  const sum = (kind: string) => documents.find((row) => row.kind === kind)?._sum.grossCents ?? 0;
  const counted = registrations.filter((registration) => registration.status !== "awaiting_payment");
  return {
    invoiced: sum("invoice") - sum("credit_note"),
    received: registrations.reduce((total, row) => total + row.paidCents, 0),
    refunded: registrations.reduce((total, row) => total + row.refundedCents, 0),
    open: counted.reduce((total, row) => total + amountOpen(row), 0),
    refundOwed: registrations.reduce((total, row) => total + refundOwed(row), 0),
    registrations: registrations.length,
  };
}

export type AccountsOutcome = { ok: true; message: string; values?: Record<string, string | number> } | { ok: false; errors: FieldErrors };

type Transfer = { amountCents: number; receivedAt: Date; note: string | null };

/**
 * A transfer booked by the accounts department, in (a payment: at most what is open; a partial one leaves the rest
 * open) or out (a refund for an invoice paid and then credited: at most what is owed back).
 */
const TRANSFERS = {
  payment: { limit: amountOpen, tooHigh: "errors.amountTooHigh", audit: "payment.record", message: "payments.recorded" },
  refund: { limit: refundOwed, tooHigh: "errors.refundTooHigh", audit: "payment.refund", message: "payments.refundRecorded" },
} as const;

async function bookTransfer(database: Database, kind: keyof typeof TRANSFERS, registrationId: string, input: Transfer, actor: Actor): Promise<AccountsOutcome> {
  const rule = TRANSFERS[kind];
  return database.write.$transaction(async (tx): Promise<AccountsOutcome> => {
    const registration = await tx.registration.findUnique({
      where: { id: registrationId },
      select: { totalCents: true, paidCents: true, refundedCents: true },
    });
    if (!registration) return { ok: false, errors: { form: ["errors.notFound"] } };
    const limit = rule.limit(registration);
    if (input.amountCents > limit) return { ok: false, errors: { amount: [`${rule.tooHigh}:${formatMoney(limit, "de")}`] } };
    await recordMovement(tx, {
      registrationId,
      kind,
      method: "invoice",
      amountCents: input.amountCents,
      at: input.receivedAt,
      note: input.note,
      createdBy: actor.name,
    });
    await auditIn(tx, actor, rule.audit, { subject: registrationId, detail: `${kind} ${input.amountCents} cents` });
    return { ok: true, message: rule.message, values: { amount: input.amountCents } };
  });
}

export const recordTransfer = (database: Database, registrationId: string, input: Transfer, actor: Actor) =>
  bookTransfer(database, "payment", registrationId, input, actor);
export const recordRefundTransfer = (database: Database, registrationId: string, input: Transfer, actor: Actor) =>
  bookTransfer(database, "refund", registrationId, input, actor);

/** Mails the latest open invoice again as a payment reminder. */
export async function sendPaymentReminder(database: Database, registrationId: string, actor: Actor, now = new Date()): Promise<AccountsOutcome> {
  return database.write.$transaction(async (tx): Promise<AccountsOutcome> => {
    const registration = await tx.registration.findUnique({
      where: { id: registrationId },
      select: { contactEmail: true, totalCents: true, paidCents: true, refundedCents: true },
    });
    const invoice = await tx.invoice.findFirst({
      where: { registrationId, kind: "invoice", cancelledAt: null },
      orderBy: { issuedAt: "desc" },
      select: { id: true },
    });
    if (!registration || !invoice || amountOpen(registration) <= 0) return { ok: false, errors: { form: ["errors.notFound"] } };
    await tx.invoice.update({ where: { id: invoice.id }, data: { remindedAt: now } });
    await mailDocument(tx, registrationId, invoice.id, now, "payment_reminder");
    await auditIn(tx, actor, "invoice.reminder", { subject: registrationId });
    return { ok: true, message: "payments.reminded", values: { email: registration.contactEmail } };
  });
}

/** Invoices what is due but not yet invoiced (registrations from before invoices existed). */
export async function issueMissingInvoice(database: Database, registrationId: string, actor: Actor, now = new Date()): Promise<AccountsOutcome> {
  return database.write.$transaction(async (tx): Promise<AccountsOutcome> => {
    const registration = await tx.registration.findUnique({ where: { id: registrationId }, select: { status: true } });
    if (!registration || registration.status !== "confirmed") return { ok: false, errors: { form: ["payments.nothingToIssue"] } };
    const confirmed = await tx.attendee.findMany({ where: { registrationId, status: "confirmed" }, select: { id: true } });
    const invoice = await invoiceAndSend(
      tx,
      registrationId,
      confirmed.map((attendee) => attendee.id),
      now,
    );
    if (!invoice) return { ok: false, errors: { form: ["payments.nothingToIssue"] } };
    await auditIn(tx, actor, "invoice.issue", { subject: registrationId, detail: invoice.number });
    return { ok: true, message: "payments.issued", values: { number: invoice.number } };
  });
}
