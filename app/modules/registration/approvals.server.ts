import type { Database } from "~/db.server";
import { settleRegistrationStatus, WaitlistMoves } from "~/modules/capacity/waitlist.server";
import { forgetCatalogue } from "~/modules/events/catalogue.server";
import { queueAttendeeMails, queueMoveMails } from "~/modules/mail/queue.server";
import { cancelAttendeeIn } from "./changes.server";
import { creditCancelledAttendees, invoiceAndSend } from "~/modules/payments/billing.server";

/**
 * Organisers' decisions on registrations for ticket types that need approval. A pending attendee already
 * holds their seats; approving confirms them (and sends the tickets), rejecting frees the seats for the next
 * in line. Each decision is a conditional update from `pending_approval`: when two organisers decide the same
 * person at once, the first decision stands and the second is reported as skipped.
 */
export type DecisionOutcome = { decided: number; skipped: number };

export const MAX_DECISIONS = 500;

export async function listPendingApprovals(database: Database, eventId: string) {
  return database.read.attendee.findMany({
    where: { eventId, status: "pending_approval" },
    orderBy: { createdAt: "asc" },
    take: MAX_DECISIONS,
    select: {
      id: true,
      firstName: true,
      lastName: true,
      email: true,
      organisation: true,
      jobFunction: true,
      createdAt: true,
      ticketType: { select: { nameDe: true, nameEn: true } },
      registration: { select: { reference: true } },
    },
  });
}

export async function approveAttendees(database: Database, attendeeIds: string[], now = new Date()): Promise<DecisionOutcome> {
  const ids = [...new Set(attendeeIds)].slice(0, MAX_DECISIONS);
  return database.write.$transaction(async (tx) => {
    const approved: string[] = [];
    for (const id of ids) {
      const claimed = await tx.attendee.updateMany({ where: { id, status: "pending_approval" }, data: { status: "confirmed", updatedAt: now } });
      if (claimed.count === 1) approved.push(id);
    }
    const decided = approved.length;
    const rows = await tx.attendee.findMany({ where: { id: { in: approved } }, select: { registrationId: true } });
    const registrations = new Set(rows.map((row) => row.registrationId));
    for (const registrationId of registrations) {
      await settleRegistrationStatus(tx, registrationId, now);
      // Paid tickets are invoiced once approved (the invoice goes to the registration's contact).
      await invoiceAndSend(tx, registrationId, approved, now);
    }
    await queueAttendeeMails(
      tx,
      approved.map((attendeeId) => ({ kind: "registration_approved" as const, attendeeId })),
      now,
    );
    return { decided, skipped: ids.length - decided };
  });
}

export async function rejectAttendees(database: Database, attendeeIds: string[], now = new Date()): Promise<DecisionOutcome> {
  const ids = [...new Set(attendeeIds)].slice(0, MAX_DECISIONS);
  const outcome = await database.write.$transaction(async (tx) => {
    const pending = await tx.attendee.findMany({ where: { id: { in: ids }, status: "pending_approval" }, select: { id: true } });
    const moves = new WaitlistMoves();
    const rejected: string[] = [];
    for (const { id } of pending) if (await cancelAttendeeIn(tx, id, "rejected", now, moves)) rejected.push(id);
    const decided = rejected.length;
    // Their price is no longer owed (nothing was invoiced for them).
    await creditCancelledAttendees(tx, rejected, now);
    await queueMoveMails(tx, moves, now);
    return { decided, skipped: ids.length - decided };
  });
  forgetCatalogue();
  return outcome;
}
