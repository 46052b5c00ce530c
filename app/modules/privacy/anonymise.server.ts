import type { Database } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { attendeeNameKeys } from "~/modules/attendees/name-keys";
import { audit, auditIn, SYSTEM_ACTOR, type Actor } from "~/modules/audit/log.server";
import { WaitlistMoves } from "~/modules/capacity/waitlist.server";
import { forgetCatalogue } from "~/modules/events/catalogue.server";
import { queueMoveMails } from "~/modules/mail/queue.server";
import { cancelAttendeeIn } from "~/modules/registration/changes.server";

/**
 * Anonymising personal data: after an event's retention period (default six months after it ended), or for
 * one person on request (Art. 17 GDPR). What stays is what counts need and what the law requires:
 *
 * - Attendee: first name becomes "Anonymisiert", last name empty, e-mail an address at anonymisiert.invalid
 *   (unique, undeliverable), organisation "anonymisiert", job function, phone, dietary and accessibility needs
 *   removed, the private link removed, search and sort keys rewritten from the placeholders. Kept: status, ticket type, bookings, waiting-list entries, check-ins and consents
 *   (times and versions, no personal data), so statistics, attendance and fill rates stay right.
 * - Registration: the contact's address and the invoice address stay while an invoice may have to be kept
 *   (paid registrations: 8 years after the event, German tax law); otherwise the contact's address goes too.
 * - Mails: the recipient address and the kept copy of the message are removed; kind, time and status stay.
 * - Answers to own questions: those in the person's own words (text, number, date) are deleted; chosen categories
 *   (one-of, several-of, yes/no) stay for the funding report, like the ticket type.
 */
type Tx = Prisma.TransactionClient;

export const INVOICE_RETENTION_YEARS = 8;
const ANONYMOUS = "Anonymisiert";

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

/**
 * Replaces these attendees' personal data; their mails lose recipient and copy. Three statements for a whole
 * batch: what is the same for everyone in one update, the unique placeholder addresses ('anonym-<id>@…') built
 * by the database itself.
 */
async function anonymiseAttendeesIn(tx: Tx, attendeeIds: string[], now: Date) {
  if (attendeeIds.length === 0) return;
  const keys = attendeeNameKeys({ firstName: ANONYMOUS, lastName: "", organisation: "anonymisiert", email: "" });
  await tx.attendee.updateMany({
    where: { id: { in: attendeeIds } },
    data: {
      firstName: ANONYMOUS,
      lastName: "",
      organisation: "anonymisiert",
      ...keys,
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
  const ids = Prisma.join(attendeeIds);
  await tx.$executeRaw`UPDATE "Attendee" SET "email" = 'anonym-' || "id" || '@anonymisiert.invalid' WHERE "id" IN (${ids})`;
  await tx.$executeRaw`UPDATE "EmailOutbox" SET "recipient" = 'anonym-' || "attendeeId" || '@anonymisiert.invalid', "capturedMessage" = NULL
    WHERE "attendeeId" IN (${ids})`;
  await tx.$executeRaw`DELETE FROM "Answer" WHERE "attendeeId" IN (${ids}) AND "questionId" IN (SELECT "id" FROM "Question" WHERE ${FREE_ANSWER})`;
}

/** Answers in the person's own words (text, numbers, dates) go with anonymising; chosen categories stay, like the ticket type. */
const FREE_ANSWER = Prisma.sql`"kind" IN ('text', 'long_text', 'number', 'date')`;

/**
 * The registrations' own data: the contact's address and billing details, unless invoices still have to be kept
 * (§ 14b UStG, § 147 AO: 8 years): then those registrations keep them, and their invoices (which hold the
 * recipient's address) stay as issued. After the 8 years the invoices and credit notes themselves are deleted.
 */
async function anonymiseRegistrationsIn(tx: Tx, registrationIds: string[], keepInvoiceData: boolean) {
  if (registrationIds.length === 0) return;
  const ids = Prisma.join(registrationIds);
  const keep = keepInvoiceData
    ? Prisma.sql`AND "totalCents" = 0 AND "paidCents" = 0 AND NOT EXISTS (SELECT 1 FROM "Invoice" WHERE "Invoice"."registrationId" = "Registration"."id")`
    : Prisma.empty;
  if (!keepInvoiceData) {
    await tx.$executeRaw`DELETE FROM "Invoice" WHERE "registrationId" IN (${ids})`;
    await tx.$executeRaw`UPDATE "Payment" SET "note" = NULL WHERE "registrationId" IN (${ids})`;
  }
  await tx.$executeRaw`DELETE FROM "Answer" WHERE "attendeeId" IS NULL AND "registrationId" IN (${ids})
    AND "questionId" IN (SELECT "id" FROM "Question" WHERE ${FREE_ANSWER})`;
  await tx.$executeRaw`UPDATE "Registration" SET "contactEmail" = 'anonym-' || "id" || '@anonymisiert.invalid', "invoiceAddress" = NULL,
    "purchaseOrder" = NULL, "leitwegId" = NULL WHERE "id" IN (${ids}) ${keep}`;
  await tx.$executeRaw`UPDATE "EmailOutbox" SET "recipient" = 'anonym-' || "registrationId" || '@anonymisiert.invalid', "capturedMessage" = NULL
    WHERE "attendeeId" IS NULL AND "registrationId" IN (SELECT "id" FROM "Registration" WHERE "id" IN (${ids}) ${keep})`;
}

/** Rows per transaction: the write lock is never held long, so registrations of other events keep flowing. */
const BATCH = 200;

/**
 * Anonymises every attendee of an event, once: the event is claimed by a conditional update of `anonymisedAt`, so
 * the daily job in two processes, or the job and an organiser, never do it twice. The work then runs in short
 * transactions of 200 rows; should the process stop half-way, the next run resumes (`resume`). Returns how many
 * attendees were anonymised, or null when someone else had claimed the event.
 */
export async function anonymiseEvent(
  database: Database,
  eventId: string,
  actor: Actor = SYSTEM_ACTOR,
  now = new Date(),
  resume = false,
): Promise<number | null> {
  // The claim and its audit entry in one transaction: an anonymisation that stops half-way is on record from its start.
  const claimed = await database.write.$transaction(async (tx) => {
    const claim = await tx.event.updateMany({ where: { id: eventId, anonymisedAt: null }, data: { anonymisedAt: now } });
    if (claim.count === 1) await auditIn(tx, actor, "event.anonymise", { subject: `event:${eventId}`, detail: "started" }, now);
    return claim;
  });
  if (claimed.count !== 1 && !resume) return null;
  const event = await database.read.event.findUniqueOrThrow({ where: { id: eventId }, select: { endsAt: true } });
  const keepInvoices = now < invoiceKeptUntil(event);
  let attendees = 0;
  for (;;) {
    const done = await database.write.$transaction(async (tx) => {
      const batch = await tx.attendee.findMany({ where: { eventId, anonymisedAt: null }, select: { id: true }, take: BATCH });
      await anonymiseAttendeesIn(
        tx,
        batch.map((attendee) => attendee.id),
        now,
      );
      return batch.length;
    });
    attendees += done;
    // Let requests in between batches: the database calls resolve without waiting, so a long loop would otherwise
    // hold the event loop itself.
    await new Promise((resolve) => setImmediate(resolve));
    if (done < BATCH) break;
  }
  for (let after: string | undefined; ;) {
    const batch = await database.read.registration.findMany({
      where: { eventId, NOT: { contactEmail: { endsWith: "@anonymisiert.invalid" } }, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      select: { id: true },
      take: BATCH,
    });
    if (batch.length === 0) break;
    await database.write.$transaction((tx) =>
      anonymiseRegistrationsIn(
        tx,
        batch.map((registration) => registration.id),
        keepInvoices,
      ),
    );
    after = batch.at(-1)!.id;
    await new Promise((resolve) => setImmediate(resolve));
  }
  // The whole event's count, not this run's: a run that finishes an interrupted one reports everything that was done.
  const total = await database.read.attendee.count({ where: { eventId, anonymisedAt: { not: null } } });
  const resumed = resume && claimed.count !== 1;
  await audit(
    database,
    actor,
    "event.anonymise",
    { subject: `event:${eventId}`, detail: `${total} attendees anonymised${resumed ? ` (finished after an interruption, ${attendees} in this run)` : ""}` },
    now,
  );
  forgetCatalogue();
  return attendees;
}

/**
 * The daily job: events past their retention period are anonymised; paid registrations whose invoice no longer
 * has to be kept lose contact and invoice address. Returns what it did, for the log (numbers only).
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
  // An earlier run that stopped half-way (the event claimed, some attendees left) is finished now.
  const unfinished = await database.read.event.findMany({
    where: { anonymisedAt: { not: null, lt: now }, attendees: { some: { anonymisedAt: null } } },
    select: { id: true },
  });
  for (const event of unfinished) attendees += (await anonymiseEvent(database, event.id, SYSTEM_ACTOR, now, true)) ?? 0;
  // Invoices kept for 8 years: after that the paid registrations lose contact and invoice address too.
  const longAgo = new Date(now);
  longAgo.setUTCFullYear(longAgo.getUTCFullYear() - INVOICE_RETENTION_YEARS);
  let invoices = 0;
  for (;;) {
    const batch = await database.read.registration.findMany({
      where: { event: { endsAt: { lt: longAgo }, anonymisedAt: { not: null } }, NOT: { contactEmail: { endsWith: "@anonymisiert.invalid" } } },
      select: { id: true },
      take: BATCH,
    });
    if (batch.length === 0) break;
    await database.write.$transaction((tx) =>
      anonymiseRegistrationsIn(
        tx,
        batch.map((registration) => registration.id),
        false,
      ),
    );
    invoices += batch.length;
    await new Promise((resolve) => setImmediate(resolve));
  }
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
    await anonymiseAttendeesIn(tx, [attendeeId], now);
    const others = await tx.attendee.count({ where: { registrationId: attendee.registrationId, anonymisedAt: null } });
    if (others === 0) await anonymiseRegistrationsIn(tx, [attendee.registrationId], true);
    await auditIn(tx, actor, "attendee.erase", { subject: `attendee:${attendeeId}`, detail: "erased on request (Art. 17 GDPR)" }, now);
    return true;
  });
  forgetCatalogue();
  return done;
}
