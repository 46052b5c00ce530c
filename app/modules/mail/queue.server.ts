import type { Prisma } from "~/generated/prisma/client";
import type { WaitlistMoves } from "~/modules/capacity/waitlist.server";
import { insertRows, newId } from "~/modules/db/insert.server";
import type { SqlTx } from "~/modules/db/raw-transaction.server";
import type { Language } from "~/modules/i18n/language";
import type { EmailKind } from "./kinds";

/**
 * The one way to send a mail: queue it in the outbox, inside the transaction of the change it reports,
 * so that a mail exists exactly when its change does. The worker (outbox.server.ts) renders it from the
 * registration as it is when it is sent.
 */
type Tx = Prisma.TransactionClient;

export type MailToQueue = {
  kind: EmailKind;
  registrationId: string;
  /** The attendee whose own mail this is (their ticket only); null for the contact's mail about the whole registration. */
  attendeeId: string | null;
  recipient: string;
  language: Language | string;
  groupMessageId?: string | null;
  programmeItemId?: string | null;
  invoiceId?: string | null;
};

/** Queues mails with one multi-row insert (the registration hot path queues several at once). */
export async function queueMails(tx: SqlTx, mails: MailToQueue[], now = new Date()): Promise<void> {
  await insertRows(
    tx,
    "EmailOutbox",
    mails.map((mail) => ({
      id: newId(),
      registrationId: mail.registrationId,
      attendeeId: mail.attendeeId,
      kind: mail.kind,
      recipient: mail.recipient,
      language: mail.language,
      createdAt: now,
      nextAttemptAt: now,
      groupMessageId: mail.groupMessageId ?? null,
      programmeItemId: mail.programmeItemId ?? null,
      invoiceId: mail.invoiceId ?? null,
    })),
  );
}

/** Queues each mail to the attendee it concerns, at their address and in their registration's language (one read, one insert). */
export async function queueAttendeeMails(
  tx: Tx,
  mails: { kind: EmailKind; attendeeId: string; groupMessageId?: string; programmeItemId?: string }[],
  now = new Date(),
): Promise<void> {
  const unique = [...new Map(mails.map((mail) => [`${mail.kind}:${mail.attendeeId}`, mail])).values()];
  if (unique.length === 0) return;
  const attendees = await tx.attendee.findMany({
    where: { id: { in: [...new Set(unique.map((mail) => mail.attendeeId))] } },
    select: { id: true, email: true, registration: { select: { id: true, language: true } } },
  });
  const byId = new Map(attendees.map((attendee) => [attendee.id, attendee]));
  await queueMails(
    tx,
    unique.map((mail) => {
      const attendee = byId.get(mail.attendeeId);
      if (!attendee) throw new Error(`no attendee ${mail.attendeeId} for a ${mail.kind} mail`);
      return {
        kind: mail.kind,
        registrationId: attendee.registration.id,
        attendeeId: mail.attendeeId,
        recipient: attendee.email,
        language: attendee.registration.language,
        groupMessageId: mail.groupMessageId,
        programmeItemId: mail.programmeItemId,
      };
    }),
    now,
  );
}

/** Tells the people who moved up a waiting list: a booked seat, or an offer to answer. */
export async function queueMoveMails(tx: Tx, moves: WaitlistMoves, now = new Date()): Promise<void> {
  await queueAttendeeMails(
    tx,
    [
      ...[...moves.promoted].map((attendeeId) => ({ kind: "waitlist_promoted" as const, attendeeId })),
      ...[...moves.offered].map((attendeeId) => ({ kind: "waitlist_offer" as const, attendeeId })),
    ],
    now,
  );
}

/** Outbox kind of feedback on accessibility: a mail to the organisers, not about a registration. */
export const FEEDBACK_KIND = "accessibility_feedback";

export async function queueFeedbackMail(tx: Tx, feedbackId: string, recipient: string, now = new Date()): Promise<void> {
  await tx.emailOutbox.create({ data: { kind: FEEDBACK_KIND, feedbackId, recipient, language: "de", createdAt: now, nextAttemptAt: now } });
}
