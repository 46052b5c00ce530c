import type { Prisma } from "~/generated/prisma/client";
import type { PaymentStatus } from "~/generated/prisma/enums";
import { insertRows, newId } from "~/modules/db/insert.server";

/**
 * The registration's money: what is owed (`totalCents`, reduced by credit notes), what was received
 * (`paidCents`) and paid back (`refundedCents`). Payments and refunds are rows of their own; the payment status
 * is derived from the three sums after every change, in the same transaction, so it never disagrees with them.
 */
type Tx = Prisma.TransactionClient;

export function derivePaymentStatus(sums: { totalCents: number; paidCents: number; refundedCents: number; hadInvoice: boolean }): PaymentStatus {
  const kept = sums.paidCents - sums.refundedCents;
  if (sums.totalCents <= 0) {
    if (sums.paidCents > 0) return kept > 0 ? "paid" : "refunded";
    return sums.hadInvoice ? "cancelled" : "not_required";
  }
  if (kept >= sums.totalCents) return "paid";
  return kept > 0 ? "partially_paid" : "pending";
}

/** Writes the status the sums give (and returns it). */
export async function settle(tx: Tx, registrationId: string): Promise<PaymentStatus> {
  const registration = await tx.registration.findUniqueOrThrow({
    where: { id: registrationId },
    select: { totalCents: true, paidCents: true, refundedCents: true, paymentStatus: true, _count: { select: { invoices: true } } },
  });
  const status = derivePaymentStatus({ ...registration, hadInvoice: registration._count.invoices > 0 });
  if (status !== registration.paymentStatus) await tx.registration.update({ where: { id: registrationId }, data: { paymentStatus: status } });
  return status;
}

/** What was received beyond what is owed: money to pay back (by transfer, for invoices; Stripe refunds it online). */
export const refundOwed = (registration: { totalCents: number; paidCents: number; refundedCents: number }) =>
  Math.max(0, registration.paidCents - registration.refundedCents - registration.totalCents);

/** What is still owed. */
export const amountOpen = (registration: { totalCents: number; paidCents: number; refundedCents: number }) =>
  Math.max(0, registration.totalCents - (registration.paidCents - registration.refundedCents));

export type MoneyMovement = {
  registrationId: string;
  kind: "payment" | "refund";
  method: "invoice" | "stripe";
  amountCents: number;
  at: Date;
  externalId?: string | null;
  note?: string | null;
  createdBy?: string | null;
};

/**
 * Records money received or paid back and settles the status. A movement with an external id (Stripe's) that
 * was recorded before is not recorded again: returns false then. That holds when two transactions record it at
 * the same moment (two events for one payment, the app's refund and Stripe's report of it): the insert skips a
 * taken external id, so the later one waits for the earlier and records nothing, where a read-then-insert
 * would let both pass the read on PostgreSQL.
 */
export async function recordMovement(tx: Tx, movement: MoneyMovement): Promise<boolean> {
  const inserted = await insertRows(
    tx,
    "Payment",
    [
      {
        id: newId(),
        registrationId: movement.registrationId,
        kind: movement.kind,
        method: movement.method,
        amountCents: movement.amountCents,
        receivedAt: movement.at,
        externalId: movement.externalId ?? null,
        note: movement.note ?? null,
        createdBy: movement.createdBy ?? null,
        createdAt: new Date(),
      },
    ],
    { skipConflictOn: "externalId" },
  );
  if (inserted === 0) return false;
  await tx.registration.update({
    where: { id: movement.registrationId },
    data: movement.kind === "payment" ? { paidCents: { increment: movement.amountCents } } : { refundedCents: { increment: movement.amountCents } },
  });
  await settle(tx, movement.registrationId);
  return true;
}
