import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { auditIn, type Actor } from "~/modules/audit/log.server";
import { newId } from "~/modules/db/insert.server";

/**
 * Stripe payments that did not match what they were for (decision 025): they confirm nothing and wait here, on the
 * accounts department's payments page, until someone dealt with them (refunded it in Stripe, booked it by hand).
 */
type Tx = Prisma.TransactionClient;

export type PaymentProblem = "amount" | "currency" | "session" | "not_online" | "unknown_registration";

export type PaymentIssueInput = {
  problem: PaymentProblem;
  stripeObjectId: string;
  eventId: string | null;
  registrationId: string | null;
  amountCents: number | null;
  currency: string | null;
  expectedCents: number | null;
};

/** Records the problem once per Stripe object (a redelivered event, the sweep asking again, finds it there). */
export async function recordPaymentIssue(tx: Tx, issue: PaymentIssueInput, now: Date): Promise<void> {
  await tx.$executeRaw`INSERT INTO "PaymentIssue" ("id", "eventId", "registrationId", "problem", "stripeObjectId", "amountCents", "currency", "expectedCents", "createdAt")
    VALUES (${newId()}, ${issue.eventId}, ${issue.registrationId}, ${issue.problem}, ${issue.stripeObjectId}, ${issue.amountCents}, ${issue.currency}, ${issue.expectedCents}, ${now})
    ON CONFLICT ("stripeObjectId", "problem") DO NOTHING`;
}

export function openPaymentIssues(database: Database, eventId: string) {
  return database.read.paymentIssue.findMany({
    where: { eventId, resolvedAt: null },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: { id: true, problem: true, stripeObjectId: true, amountCents: true, currency: true, expectedCents: true, createdAt: true, registrationId: true },
  });
}

/** Marks an issue of this event as dealt with, by whom; false when there is no such open issue. */
export async function resolvePaymentIssue(database: Database, eventId: string, issueId: string, actor: Actor, now = new Date()): Promise<boolean> {
  return database.write.$transaction(async (tx) => {
    const resolved = await tx.paymentIssue.updateMany({ where: { id: issueId, eventId, resolvedAt: null }, data: { resolvedAt: now, resolvedBy: actor.name } });
    if (resolved.count === 0) return false;
    await auditIn(tx, actor, "payment.issue_resolved", { subject: issueId });
    return true;
  });
}
