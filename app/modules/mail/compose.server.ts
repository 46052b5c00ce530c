import type { Database } from "~/db.server";
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
import { formatDate, formatDateTime, formatMoney, formatTimeRange } from "~/modules/i18n/format";
import { isLanguage, localized, type Language } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import { isEmailKind, TICKET_KINDS, type EmailKind } from "./kinds";
import { FEEDBACK_KIND } from "./queue.server";
import { unsubscribeUrl } from "./unsubscribe.server";
import { certificatePdf } from "~/modules/certificates/certificate.server";
import { loadRegistrationById, type AttendeeWithDetails, type RegistrationWithDetails } from "~/modules/registration/view.server";
import { ticketPayload, ticketQrPng } from "~/modules/tickets/qr.server";
import { signingKey } from "~/modules/tickets/signing.server";
import { parseInvoiceContent } from "~/modules/payments/invoice-content";
import { invoiceFileName, invoicePdf } from "~/modules/payments/invoice-pdf.server";
import { xrechnungXml } from "~/modules/payments/xrechnung.server";

export type OutboxMessage = {
  id: string;
  kind: string;
  recipient: string;
  language: string;
  registrationId: string | null;
  attendeeId: string | null;
  groupMessageId?: string | null;
  programmeItemId?: string | null;
  feedbackId?: string | null;
  invoiceId?: string | null;
};

/** Mails about an attendee who is no longer registered: they show that attendee although cancelled. */
const CANCELLED_KINDS: ReadonlySet<EmailKind> = new Set(["registration_cancelled", "registration_rejected", "waitlist_offer_expired"]);

/**
 * Renders one outbox row into a complete message: subject, HTML and text, each ticket's QR code inline
 * (referenced by Content-ID: Outlook blocks data: URIs) and attached to print, and the calendar file(s).
 * Rendered when sent, from the registration as it is then, so a mail never shows a stale state.
 */
export async function composeMessage(database: Database, message: OutboxMessage, baseUrl: string): Promise<SendMailOptions> {
  const db = database.read;
  if (message.kind === FEEDBACK_KIND) return composeFeedback(db, message, baseUrl);
  if (!message.registrationId || !isEmailKind(message.kind)) throw new Error(`outbox ${message.id}: unknown kind ${message.kind}`);
  const registration = await loadRegistrationById(database, message.registrationId);
  if (!registration) throw new Error(`outbox ${message.id}: registration ${message.registrationId} is gone`);
  const language: Language = isLanguage(message.language) ? message.language : "de";
  const kind: EmailKind = message.kind;

  // The contact's mail holds every attendee; a colleague's own mail holds only their ticket and their own link.
  const attendees = registration.attendees
    .filter((attendee) => attendee.status !== "cancelled" || CANCELLED_KINDS.has(kind))
    .filter((attendee) => message.attendeeId === null || attendee.id === message.attendeeId);
  const manageUrl = manageUrlFor(registration, message.attendeeId, baseUrl);
  const withTicket = (attendee: AttendeeWithDetails) => attendee.status === "confirmed" && TICKET_KINDS.has(kind);

  const attachments: NonNullable<SendMailOptions["attachments"]> = [];
  const ticketHolders = attendees.filter(withTicket);
  const key = ticketHolders.length > 0 ? await signingKey(db, registration.eventId) : null;
  for (const attendee of ticketHolders) {
    const png = ticketQrPng(ticketPayload(key, attendee));
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
  // A cancellation carries the calendar too: its entries as CANCELLED, so calendars drop them.
  const calendarFor = (attendee: AttendeeWithDetails) => withTicket(attendee) || (CANCELLED_KINDS.has(kind) && attendee.status === "cancelled");
  const calendars = attendees.filter(calendarFor).map((attendee) => ({
    filename: `${language === "de" ? "kalender" : "calendar"}-${attendee.ticketReference}.ics`,
    content: attendeeCalendar(registration, attendee, manageUrl, language),
  }));
  for (const calendar of calendars) {
    // An informational calendar: the part's method matches the file's METHOD:PUBLISH, so clients offer "add".
    attachments.push({ filename: calendar.filename, content: calendar.content, contentType: "text/calendar; charset=utf-8; method=PUBLISH" });
  }

  const extras = await kindExtras(db, message, kind, attendees, language, baseUrl);
  if (extras.certificate) attachments.push(extras.certificate);
  // Invoices go to the contact: the one a document mail is about, or with the confirmation every current invoice.
  if (message.attendeeId === null) {
    const documents = await invoiceAttachments(db, registration, message, kind, language);
    attachments.push(...documents.attachments);
    if (documents.names.length > 0)
      extras.notices = [...(extras.notices ?? []), translator(language)("mail.invoiceAttached", { documents: documents.names.join(", ") })];
  }
  // Group messages are bulk mail: each carries its recipient's way out, in the text and in the headers below.
  const unsubscribe = kind === "group_message" && message.attendeeId ? unsubscribeUrl(baseUrl, message.attendeeId) : null;
  const view = emailView(registration, attendees, language, manageUrl, { ...message, kind }, calendars.length > 0, { ...extras, unsubscribeUrl: unsubscribe });
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
    headers: {
      "X-Kongress-Outbox-Id": message.id,
      "Auto-Submitted": "auto-generated",
      // Group messages are bulk mail: a one-click way out (RFC 2369, RFC 8058), as the large providers require.
      ...(unsubscribe ? { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {}),
    },
  };
}

/**
 * The link a mail carries: the registration's for its contact (who manages the group), a colleague's own
 * link in a colleague's mail (it opens only their place).
 */
export function manageUrlFor(registration: RegistrationWithDetails, attendeeId: string | null, baseUrl: string): string {
  const attendee = attendeeId ? registration.attendees.find((candidate) => candidate.id === attendeeId) : undefined;
  const token = attendee && attendee.email !== registration.contactEmail && attendee.manageToken ? attendee.manageToken : registration.manageToken;
  return `${baseUrl}/registrations/${token}`;
}

type Extras = Pick<RegistrationEmailView, "offers" | "notices" | "messageBody" | "subjectOverride" | "unsubscribeUrl"> & {
  certificate?: NonNullable<SendMailOptions["attachments"]>[number];
};

/** What some kinds add to the common mail: offers to answer, the change told of, the organisers' message, the certificate. */
async function kindExtras(
  db: PrismaClient,
  message: OutboxMessage,
  kind: EmailKind,
  attendees: AttendeeWithDetails[],
  language: Language,
  baseUrl: string,
): Promise<Extras> {
  const t = translator(language);
  const when = (startsAt: Date, endsAt: Date) => `${formatDate(startsAt, language)}, ${formatTimeRange(startsAt, endsAt, language)}`;
  if (kind === "waitlist_offer") {
    const offers = attendees.flatMap((attendee) =>
      attendee.waitingList.filter((entry) => entry.status === "offered" && entry.offerToken && entry.offerExpiresAt),
    );
    return {
      offers: offers.map((entry) => ({
        what: entry.programmeItem
          ? t("mail.offerItem", {
              title: localized(language, entry.programmeItem.titleDe, entry.programmeItem.titleEn),
              time: when(entry.programmeItem.startsAt, entry.programmeItem.endsAt),
            })
          : t("mail.offerTicket", { title: entry.ticketType ? localized(language, entry.ticketType.nameDe, entry.ticketType.nameEn) : "" }),
        until: t("mail.offerUntil", { deadline: formatDateTime(entry.offerExpiresAt!, language) }),
        url: `${baseUrl}/offers/${entry.offerToken}`,
      })),
    };
  }
  if ((kind === "programme_changed" || kind === "programme_cancelled") && message.programmeItemId) {
    const item = await db.programmeItem.findUnique({ where: { id: message.programmeItemId } });
    if (!item) return {};
    const title = localized(language, item.titleDe, item.titleEn);
    const time = when(item.departureAt ?? item.startsAt, item.returnAt ?? item.endsAt);
    const place = item.meetingPoint ?? item.room;
    return {
      notices: [
        kind === "programme_cancelled" ? t("mail.cancelledItem", { title, time }) : t("mail.changedItem", { title, time, place: place ? `, ${place}` : "" }),
      ],
    };
  }
  if (kind === "group_message" && message.groupMessageId) {
    const groupMessage = await db.groupMessage.findUnique({ where: { id: message.groupMessageId } });
    return groupMessage ? { messageBody: groupMessage.body, subjectOverride: groupMessage.subject } : {};
  }
  if (kind === "certificate" && message.attendeeId) {
    const certificate = await certificatePdf(db, message.attendeeId, baseUrl, language);
    if (!certificate) return {};
    return {
      notices: [t("mail.certificateVerify", { url: `${baseUrl}/verify`, code: certificate.code })],
      certificate: { filename: certificate.filename, content: certificate.pdf, contentType: "application/pdf" },
    };
  }
  return {};
}

/** The PDF and XRechnung of each invoice a mail carries, and their names for the text. */
async function invoiceAttachments(db: PrismaClient, registration: RegistrationWithDetails, message: OutboxMessage, kind: EmailKind, language: Language) {
  const hasLiveInvoice = registration.invoices.some((invoice) => invoice.kind === "invoice" && invoice.cancelledAt === null);
  const where =
    (kind === "invoice_issued" || kind === "payment_reminder") && message.invoiceId
      ? { id: message.invoiceId }
      : (kind === "registration_confirmed" || kind === "registration_approved") && hasLiveInvoice
        ? { registrationId: message.registrationId!, kind: "invoice", cancelledAt: null }
        : null;
  if (!where) return { attachments: [], names: [] };
  const invoices = await db.invoice.findMany({ where, orderBy: { issuedAt: "asc" } });
  const attachments: NonNullable<SendMailOptions["attachments"]> = [];
  for (const invoice of invoices) {
    const content = parseInvoiceContent(invoice.content);
    attachments.push({ filename: invoiceFileName(invoice, "pdf", language), content: await invoicePdf(invoice, content), contentType: "application/pdf" });
    attachments.push({ filename: invoiceFileName(invoice, "xml", language), content: xrechnungXml(invoice, content), contentType: "application/xml" });
  }
  return { attachments, names: invoices.map((invoice) => invoice.number) };
}

/** Feedback on accessibility, to the organisers: plain text, with Reply-To the person's address when they gave one. */
async function composeFeedback(db: PrismaClient, message: OutboxMessage, baseUrl: string): Promise<SendMailOptions> {
  const feedback = message.feedbackId ? await db.feedback.findUnique({ where: { id: message.feedbackId } }) : null;
  if (!feedback) throw new Error(`outbox ${message.id}: feedback is gone`);
  const t = translator("de");
  const lines = [
    t("mail.subject.accessibility_feedback"),
    "",
    `${t("legal.feedbackName")}: ${feedback.name ?? "–"}`,
    `${t("legal.feedbackEmail")}: ${feedback.email ?? "–"}`,
    `${t("legal.feedbackPage")}: ${feedback.page ?? "–"}`,
    "",
    feedback.message,
  ];
  return {
    to: message.recipient,
    subject: t("mail.subject.accessibility_feedback"),
    text: lines.join("\n"),
    replyTo: feedback.email ?? undefined,
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
  extras: Extras,
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
    ...extras,
    attendees: attendees.map((attendee) => ({
      name: `${attendee.firstName} ${attendee.lastName}`,
      organisation: attendee.organisation,
      ticketType: localized(language, attendee.ticketType.nameDe, attendee.ticketType.nameEn),
      ticketReference: attendee.ticketReference,
      qrCid: attendee.status === "confirmed" && TICKET_KINDS.has(message.kind) ? qrCid(attendee) : null,
      booked: attendee.bookings
        .map((booking) => booking.programmeItem)
        .sort(byTime)
        .map(item),
      waitlisted: attendee.waitingList
        .filter((entry) => entry.status === "waiting")
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
