import type { PrismaClient } from "~/generated/prisma/client";
import { answersForPerson } from "~/modules/questions/stored.server";

/**
 * Everything stored about one attendee (Art. 15 GDPR), as plain data: the attendee's own fields, the registration
 * they belong to (the contact's address and invoice address only for the contact's own link), bookings, waiting-list
 * places, consents, check-ins and every mail sent to them. Served as JSON and as a readable page.
 */
export async function personalData(db: PrismaClient, attendeeId: string, includeRegistration: boolean) {
  const attendee = await db.attendee.findUnique({
    where: { id: attendeeId },
    include: {
      event: { select: { titleDe: true, startsAt: true, endsAt: true, organiserName: true, organiserEmail: true, retentionMonths: true } },
      ticketType: { select: { nameDe: true, priceCents: true } },
      registration: {
        select: {
          reference: true,
          contactEmail: true,
          invoiceAddress: true,
          language: true,
          createdAt: true,
          status: true,
          totalCents: true,
          paymentStatus: true,
          paymentMethod: true,
          paidCents: true,
          refundedCents: true,
          purchaseOrder: true,
          leitwegId: true,
          invoices: { orderBy: { issuedAt: "asc" }, select: { number: true, kind: true, issuedAt: true, grossCents: true } },
          payments: { orderBy: { receivedAt: "asc" }, select: { kind: true, method: true, amountCents: true, receivedAt: true } },
        },
      },
      bookings: { include: { programmeItem: { select: { titleDe: true, startsAt: true, endsAt: true } } } },
      waitingList: { include: { programmeItem: { select: { titleDe: true } } } },
      consents: true,
      checkIns: { where: { result: "valid" }, include: { checkInList: { select: { nameDe: true } } } },
    },
  });
  if (!attendee) return null;
  const mails = await db.emailOutbox.findMany({
    where: { OR: [{ attendeeId }, ...(includeRegistration ? [{ registrationId: attendee.registrationId, attendeeId: null }] : [])] },
    orderBy: { createdAt: "asc" },
    select: { kind: true, recipient: true, subject: true, status: true, createdAt: true, sentAt: true },
  });
  // The own questions' answers, the registration's ones only for the contact's own link (like its other details).
  const answers = (
    await answersForPerson(
      { read: db },
      { id: attendee.id, registrationId: includeRegistration ? attendee.registrationId : "", eventId: attendee.eventId },
      "de",
    )
  ).map(({ question, answer }) => ({ question, answer }));
  return {
    generatedAt: new Date().toISOString(),
    controller: { name: attendee.event.organiserName, email: attendee.event.organiserEmail },
    event: { title: attendee.event.titleDe, startsAt: attendee.event.startsAt, endsAt: attendee.event.endsAt, retentionMonths: attendee.event.retentionMonths },
    person: {
      firstName: attendee.firstName,
      lastName: attendee.lastName,
      email: attendee.email,
      organisation: attendee.organisation,
      jobFunction: attendee.jobFunction,
      phone: attendee.phone,
      dietaryNeeds: attendee.dietaryNeeds,
      accessibilityNeeds: attendee.accessibilityNeeds,
      status: attendee.status,
      cancelledAt: attendee.cancelledAt,
      registeredAt: attendee.createdAt,
      ticketType: attendee.ticketType.nameDe,
      ticketReference: attendee.ticketReference,
      certificateCode: attendee.certificateCode,
    },
    registration: includeRegistration
      ? {
          reference: attendee.registration.reference,
          contactEmail: attendee.registration.contactEmail,
          invoiceAddress: attendee.registration.invoiceAddress,
          language: attendee.registration.language,
          status: attendee.registration.status,
          totalCents: attendee.registration.totalCents,
          paymentStatus: attendee.registration.paymentStatus,
          paymentMethod: attendee.registration.paymentMethod,
          paidCents: attendee.registration.paidCents,
          refundedCents: attendee.registration.refundedCents,
          purchaseOrder: attendee.registration.purchaseOrder,
          leitwegId: attendee.registration.leitwegId,
          // Invoices and credit notes (kept 8 years by law) and the money received or paid back.
          invoices: attendee.registration.invoices,
          payments: attendee.registration.payments,
          createdAt: attendee.registration.createdAt,
        }
      : { reference: attendee.registration.reference },
    bookings: attendee.bookings.map((booking) => ({
      item: booking.programmeItem.titleDe,
      startsAt: booking.programmeItem.startsAt,
      bookedAt: booking.createdAt,
    })),
    waitingList: attendee.waitingList.map((entry) => ({
      item: entry.programmeItem?.titleDe ?? attendee.ticketType.nameDe,
      status: entry.status,
      since: entry.createdAt,
    })),
    consents: attendee.consents.map((consent) => ({
      kind: consent.kind,
      textVersion: consent.textVersion,
      givenAt: consent.givenAt,
      revokedAt: consent.revokedAt,
    })),
    answers,
    checkIns: attendee.checkIns.map((scan) => ({ list: scan.checkInList.nameDe, at: scan.createdAt, undone: scan.revertedAt !== null })),
    mails: mails.map((mail) => ({
      kind: mail.kind,
      to: mail.recipient,
      subject: mail.subject,
      status: mail.status,
      queuedAt: mail.createdAt,
      sentAt: mail.sentAt,
    })),
  };
}

export type PersonalData = NonNullable<Awaited<ReturnType<typeof personalData>>>;
