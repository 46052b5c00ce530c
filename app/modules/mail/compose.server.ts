import type { SendMailOptions } from "nodemailer";
import {
  registrationSubject,
  renderRegistrationHtml,
  renderRegistrationText,
  type EmailItem,
  type RegistrationEmailView,
} from "../../../emails/registration-email";
import type { PrismaClient } from "~/generated/prisma/client";
import { attendeeCalendar } from "~/modules/calendar/calendar.server";
import { formatDate, formatMoney, formatTimeRange } from "~/modules/i18n/format";
import { isLanguage, localized, type Language } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import { isEmailKind, type EmailKind } from "./kinds";
import { loadRegistrationById, type AttendeeWithDetails, type RegistrationWithDetails } from "~/modules/registration/view.server";
import { ticketQrPng } from "~/modules/tickets/qr.server";

export type OutboxMessage = {
  id: string;
  kind: string;
  recipient: string;
  language: string;
  registrationId: string | null;
  attendeeId: string | null;
};

/**
 * Renders one outbox row into a complete message: subject, HTML and text, each ticket's QR code inline
 * (referenced by Content-ID: Outlook blocks data: URIs) and attached to print, and the calendar file(s).
 * Rendered when sent, from the registration as it is then, so a mail never shows a stale state.
 */
export async function composeMessage(db: PrismaClient, message: OutboxMessage, baseUrl: string): Promise<SendMailOptions> {
  const kind = message.kind;
  if (!message.registrationId || !isEmailKind(kind)) throw new Error(`outbox ${message.id}: unknown kind ${kind}`);
  const registration = await loadRegistrationById(db, message.registrationId);
  if (!registration) throw new Error(`outbox ${message.id}: registration ${message.registrationId} is gone`);
  const language: Language = isLanguage(message.language) ? message.language : "de";
  const manageUrl = `${baseUrl}/registrations/${registration.manageToken}`;

  // The contact's mail holds every attendee; a colleague's own mail holds only their ticket.
  const attendees = registration.attendees
    .filter((attendee) => attendee.status !== "cancelled" || message.kind === "registration_cancelled")
    .filter((attendee) => message.attendeeId === null || attendee.id === message.attendeeId);
  const withTicket = (attendee: AttendeeWithDetails) => attendee.status === "confirmed" && message.kind !== "registration_cancelled";

  const attachments: NonNullable<SendMailOptions["attachments"]> = [];
  for (const attendee of attendees.filter(withTicket)) {
    const png = ticketQrPng(attendee.ticketSecret);
    // The same image twice: inline for the HTML, and as a named attachment to print or forward.
    attachments.push({
      cid: qrCid(attendee),
      filename: `qr-${attendee.ticketReference}.png`,
      content: png,
      contentType: "image/png",
      contentDisposition: "inline",
    });
    attachments.push({ filename: `ticket-${attendee.ticketReference}.png`, content: png, contentType: "image/png" });
  }
  const calendars = attendees.filter(withTicket).map((attendee) => ({
    filename: `${language === "de" ? "kalender" : "calendar"}-${attendee.ticketReference}.ics`,
    content: attendeeCalendar(registration, attendee, manageUrl, language),
  }));
  for (const calendar of calendars) {
    // An informational calendar: the part's method matches the file's METHOD:PUBLISH, so clients offer "add".
    attachments.push({ filename: calendar.filename, content: calendar.content, contentType: "text/calendar; charset=utf-8; method=PUBLISH" });
  }

  const view = emailView(registration, attendees, language, manageUrl, { ...message, kind }, calendars.length > 0);
  return {
    to: message.recipient,
    subject: registrationSubject(view),
    html: renderRegistrationHtml(view),
    text: renderRegistrationText(view),
    attachments,
    // Lets replies reach the organisers rather than the sending mailbox.
    replyTo: registration.event.organiserEmail,
    // One Message-ID per outbox row, the same on every attempt: a mail that a crash made go out twice is
    // one message to the recipient's client, which drops the copy.
    messageId: outboxMessageId(message.id, baseUrl),
    headers: { "X-Kongress-Outbox-Id": message.id, "Auto-Submitted": "auto-generated" },
  };
}

export function outboxMessageId(outboxId: string, baseUrl: string): string {
  return `<outbox.${outboxId}@${new URL(baseUrl).hostname || "kongress.local"}>`;
}

const qrCid = (attendee: AttendeeWithDetails) => `qr-${attendee.id}@kongress`;

function emailView(
  registration: RegistrationWithDetails,
  attendees: AttendeeWithDetails[],
  language: Language,
  manageUrl: string,
  message: OutboxMessage & { kind: EmailKind },
  hasCalendar: boolean,
): RegistrationEmailView {
  const t = translator(language);
  const event = registration.event;
  const item = (programmeItem: AttendeeWithDetails["bookings"][number]["programmeItem"]): EmailItem => ({
    time: formatTimeRange(programmeItem.departureAt ?? programmeItem.startsAt, programmeItem.returnAt ?? programmeItem.endsAt, language),
    title: localized(language, programmeItem.titleDe, programmeItem.titleEn),
    place: programmeItem.meetingPoint ?? programmeItem.room,
  });
  const byTime = <T extends { startsAt: Date }>(a: T, b: T) => a.startsAt.getTime() - b.startsAt.getTime();
  return {
    kind: message.kind,
    language,
    eventTitle: localized(language, event.titleDe, event.titleEn),
    eventWhen: `${formatDate(event.startsAt, language)}, ${formatTimeRange(event.startsAt, event.endsAt, language)}`,
    venue: `${event.venueName}, ${event.venueAddress}`,
    reference: registration.reference,
    manageUrl,
    organiserName: event.organiserName,
    organiserEmail: event.organiserEmail,
    paymentText:
      registration.totalCents > 0 && message.attendeeId === null
        ? registration.paymentStatus === "paid"
          ? t("confirmation.paymentPaid", { amount: formatMoney(registration.totalCents, language) })
          : t("confirmation.paymentInvoice", { amount: formatMoney(registration.totalCents, language) })
        : null,
    registeredBy: message.attendeeId === null ? null : contactDescription(registration),
    hasCalendar,
    attendees: attendees.map((attendee) => ({
      name: `${attendee.firstName} ${attendee.lastName}`,
      organisation: attendee.organisation,
      ticketType: localized(language, attendee.ticketType.nameDe, attendee.ticketType.nameEn),
      ticketReference: attendee.ticketReference,
      qrCid: attendee.status === "confirmed" && message.kind !== "registration_cancelled" ? qrCid(attendee) : null,
      booked: attendee.bookings
        .map((booking) => booking.programmeItem)
        .sort(byTime)
        .map(item),
      waitlisted: attendee.waitingList
        .flatMap((entry) => (entry.programmeItem ? [entry.programmeItem] : []))
        .sort(byTime)
        .map(item),
    })),
  };
}

/**
 * Who registered a colleague, as the colleague's mail names them: the contact's name when they registered
 * themselves too ("Jörg Weiß (jw@…)"), otherwise their address, the only thing the form asks of them.
 */
function contactDescription(registration: RegistrationWithDetails): string {
  const self = registration.attendees.find((attendee) => attendee.email === registration.contactEmail);
  return self ? `${self.firstName} ${self.lastName} (${registration.contactEmail})` : registration.contactEmail;
}
