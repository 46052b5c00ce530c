import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { attendeeNameKeys } from "~/modules/attendees/name-keys";
import { auditIn, SYSTEM_ACTOR, type Actor } from "~/modules/audit/log.server";
import { WaitlistMoves } from "~/modules/capacity/waitlist.server";
import { forgetCatalogue } from "~/modules/events/catalogue.server";
import { queueMoveMails } from "~/modules/mail/queue.server";
import { cancelAttendeeIn } from "~/modules/registration/changes.server";

/**
 * Anonymising personal data: after an event's retention period (default six months after it ended), or for
 * one person on request (Art. 17 GDPR). What stays is what counts need and what the law requires:
 *
 * - Attendee: first and last name become "Anonymisiert", e-mail an address at anonymisiert.invalid (unique,
 *   undeliverable), organisation "anonymisiert", job function, phone, dietary and accessibility needs removed,
 *   the private link removed. Kept: status, ticket type, bookings, waiting-list entries, check-ins and consents
 *   (times and versions, no personal data), so statistics, attendance and fill rates stay right.
 * - Registration: the contact's address and the invoice address stay while an invoice may have to be kept
 *   (paid registrations: 8 years after the event, German tax law); otherwise the contact's address goes too.
 * - Mails: the recipient address and the kept copy of the message are removed; kind, time and status stay.
 */
type Tx = Prisma.TransactionClient;

export const INVOICE_RETENTION_YEARS = 8;
const ANONYMOUS = "Anonymisiert";
const anonymousEmail = (id: string) => `anonym-${id}@anonymisiert.invalid`;

/** When the event's attendees are anonymised. */
export function anonymiseOn(event: { endsAt: Date; retentionMonths: number }): Date {
  const at = new Date(event.endsAt);
  at.setUTCMonth(at.getUTCMonth() + event.retentionMonths);
  return at;
}

function invoiceKeptUntil(event: { endsAt: Date }): Date {
  const at = new Date(event.endsAt);
  at.setUTCFullYear(at.getUTCFullYear() + INVOICE_RETENTION_YEARS);
  return at;
}

/** Replaces one attendee's personal data; their mails lose recipient and copy. */
async function anonymiseAttendeeIn(tx: Tx, attendeeId: string, now: Date) {
  const replaced = { firstName: ANONYMOUS, lastName: "", organisation: "anonymisiert", email: anonymousEmail(attendeeId) };
  await tx.attendee.update({
    where: { id: attendeeId },
    data: {
      ...replaced,
      ...attendeeNameKeys(replaced),
      activeEmail: null,
      jobFunction: null,
      phone: null,
      dietaryNeeds: null,
      accessibilityNeeds: null,
      manageToken: null,
      anonymisedAt: now,
      updatedAt: now,
    },
  });
  await tx.emailOutbox.updateMany({ where: { attendeeId }, data: { recipient: anonymousEmail(attendeeId), capturedMessage: null } });
}

/** The registration's own data: the contact's address, unless an invoice still needs it. */
async function anonymiseRegistrationIn(tx: Tx, registrationId: string, keepInvoiceData: boolean) {
  const registration = await tx.registration.findUniqueOrThrow({ where: { id: registrationId }, select: { totalCents: true } });
  if (keepInvoiceData && registration.totalCents > 0) return;
  await tx.registration.update({ where: { id: registrationId }, data: { contactEmail: anonymousEmail(registrationId), invoiceAddress: null } });
  await tx.emailOutbox.updateMany({ where: { registrationId, attendeeId: null }, data: { recipient: anonymousEmail(registrationId), capturedMessage: null } });
}

/**
 * Anonymises every attendee of an event, once: the event is claimed by a conditional update of `anonymisedAt`, so
 * the daily job in two processes, or the job and an organiser, never do it twice. Returns how many attendees.
 */
export async function anonymiseEvent(database: Database, eventId: string, actor: Actor = SYSTEM_ACTOR, now = new Date()): Promise<number | null> {
  const count = await database.write.$transaction(async (tx) => {
    const claimed = await tx.event.updateMany({ where: { id: eventId, anonymisedAt: null }, data: { anonymisedAt: now } });
    if (claimed.count !== 1) return null;
    const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { endsAt: true } });
    const keepInvoices = now < invoiceKeptUntil(event);
    const attendees = await tx.attendee.findMany({ where: { eventId, anonymisedAt: null }, select: { id: true } });
    for (const { id } of attendees) await anonymiseAttendeeIn(tx, id, now);
    const registrations = await tx.registration.findMany({ where: { eventId }, select: { id: true } });
    for (const { id } of registrations) await anonymiseRegistrationIn(tx, id, keepInvoices);
    await auditIn(tx, actor, "event.anonymise", { subject: `event:${eventId}`, detail: `${attendees.length} attendees anonymised` }, now);
    return attendees.length;
  });
  forgetCatalogue();
  return count;
}

/**
 * The daily job: events past their retention period are anonymised; registrations whose invoice no longer has
 * to be kept lose their invoice data. Returns what it did, for the log (numbers only).
 */
export async function anonymiseDue(database: Database, now = new Date()): Promise<{ events: number; attendees: number; invoices: number }> {
  const candidates = await database.read.event.findMany({
    where: { anonymisedAt: null, endsAt: { lt: now } },
    select: { id: true, endsAt: true, retentionMonths: true },
  });
  let events = 0;
  let attendees = 0;
  for (const event of candidates) {
    if (anonymiseOn(event) > now) continue;
    const done = await anonymiseEvent(database, event.id, SYSTEM_ACTOR, now);
    if (done !== null) {
      events++;
      attendees += done;
    }
  }
  const longAgo = new Date(now);
  longAgo.setUTCFullYear(longAgo.getUTCFullYear() - INVOICE_RETENTION_YEARS);
  const { count: invoices } = await database.write.registration.updateMany({
    where: { event: { endsAt: { lt: longAgo }, anonymisedAt: { not: null } }, invoiceAddress: { not: null } },
    data: { invoiceAddress: null },
  });
  return { events, attendees, invoices };
}

/**
 * Erases one person on request (Art. 17 GDPR): their place is cancelled (seats go to the next in line), their
 * personal data anonymised as above, the registration's contact address too when nobody else in it remains and no
 * invoice needs it. Logged with who did it.
 */
export async function eraseAttendee(database: Database, attendeeId: string, actor: Actor, now = new Date()): Promise<boolean> {
  const done = await database.write.$transaction(async (tx) => {
    const attendee = await tx.attendee.findUnique({ where: { id: attendeeId }, select: { registrationId: true, anonymisedAt: true } });
    if (!attendee || attendee.anonymisedAt) return false;
    const moves = new WaitlistMoves();
    await cancelAttendeeIn(tx, attendeeId, "organiser", now, moves, { notify: false });
    await queueMoveMails(tx, moves, now);
    await anonymiseAttendeeIn(tx, attendeeId, now);
    const others = await tx.attendee.count({ where: { registrationId: attendee.registrationId, anonymisedAt: null } });
    if (others === 0) await anonymiseRegistrationIn(tx, attendee.registrationId, true);
    await auditIn(tx, actor, "attendee.erase", { subject: `attendee:${attendeeId}`, detail: "erased on request (Art. 17 GDPR)" }, now);
    return true;
  });
  forgetCatalogue();
  return done;
}
