import type { Prisma } from "~/generated/prisma/client";
import { localized } from "~/modules/i18n/language";
import { isLanguage } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import { formatMoney } from "~/modules/i18n/format";
import { newId } from "~/modules/db/insert.server";
import { documentTotals, parseAddress, splitGross, type InvoiceContent, type InvoiceLine, type PaidWith } from "./invoice-content";

/**
 * Invoices and credit notes (§ 14 UStG). Each is issued inside the transaction of the change that makes it due
 * (a paid registration confirmed, a ticket charged on promotion, a cancellation), takes the next number of its
 * series in that same transaction, and copies everything it shows into its `content`: a rolled-back change
 * leaves no number used, and two registrations at once never get the same one.
 */
type Tx = Prisma.TransactionClient;

const BERLIN_YEAR = new Intl.DateTimeFormat("en", { timeZone: "Europe/Berlin", year: "numeric" });
const BERLIN_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" });
/** "2026-11-25", the day in Berlin. */
export const berlinIsoDate = (at: Date) => BERLIN_DAY.format(at);

/** The next number of a series ("FK-2026" → "FK-2026-00042"): one upsert that both databases run atomically. */
export async function nextInvoiceNumber(tx: Tx, prefix: string, at: Date): Promise<string> {
  const series = `${prefix}-${BERLIN_YEAR.format(at)}`;
  const [row] = await tx.$queryRaw<{ last: number | bigint }[]>`INSERT INTO "InvoiceCounter" ("series", "last") VALUES (${series}, 1)
    ON CONFLICT ("series") DO UPDATE SET "last" = "InvoiceCounter"."last" + 1 RETURNING "last"`;
  return `${series}-${String(Number(row!.last)).padStart(5, "0")}`;
}

const billing = {
  id: true,
  eventId: true,
  reference: true,
  contactEmail: true,
  language: true,
  invoiceAddress: true,
  purchaseOrder: true,
  leitwegId: true,
  paymentMethod: true,
  event: true,
} satisfies Prisma.RegistrationSelect;
type Billing = Prisma.RegistrationGetPayload<{ select: typeof billing }>;

function contentBase(registration: Billing, lines: InvoiceLine[], extra: Partial<InvoiceContent>): InvoiceContent {
  const event = registration.event;
  const language = isLanguage(registration.language) ? registration.language : "de";
  const issuer = parseAddress(event.invoiceIssuer ?? event.organiserName, event.organiserName);
  return {
    language,
    issuer: { ...issuer, taxId: event.invoiceTaxId ?? "", email: event.organiserEmail, phone: event.invoicePhone ?? "", contactName: event.organiserName },
    sellerId: event.invoiceSellerId ?? null,
    legalId: event.invoiceLegalId ?? null,
    bank: event.bankIban ? { holder: event.bankAccountHolder ?? issuer.name, iban: event.bankIban.replace(/\s+/g, ""), bic: event.bankBic ?? "" } : null,
    recipient: { ...parseAddress(registration.invoiceAddress ?? registration.contactEmail, registration.contactEmail), email: registration.contactEmail },
    purchaseOrder: registration.purchaseOrder,
    leitwegId: registration.leitwegId,
    registrationReference: registration.reference,
    eventTitle: localized(language, event.titleDe, event.titleEn),
    serviceDate: berlinIsoDate(event.startsAt),
    lines,
    vatRatePercent: event.vatRatePercent,
    exemptionNote: event.vatRatePercent === 0 ? (event.vatExemptionNote ?? null) : null,
    paymentTermDays: event.paymentTermDays,
    paidOnline: false,
    corrects: null,
    reason: null,
    ...extra,
  };
}

async function insertInvoice(
  tx: Tx,
  registration: Billing,
  kind: "invoice" | "credit_note",
  issued: InvoiceContent,
  now: Date,
  correctsId: string | null = null,
): Promise<{ id: string; number: string; grossCents: number }> {
  const totals = documentTotals(issued.lines, issued.vatRatePercent);
  const { netCents, taxCents, grossCents } = totals;
  const content: InvoiceContent = { ...issued, lines: totals.lines };
  const number = await nextInvoiceNumber(tx, registration.event.invoicePrefix, now);
  const id = newId();
  const dueAt = kind === "invoice" && !content.paidOnline ? new Date(now.getTime() + content.paymentTermDays * 86_400_000) : null;
  await tx.invoice.create({
    data: {
      id,
      eventId: registration.eventId,
      registrationId: registration.id,
      number,
      kind,
      correctsId,
      issuedAt: now,
      dueAt,
      netCents,
      taxCents,
      grossCents,
      content: JSON.stringify(content),
    },
  });
  return { id, number, grossCents };
}

function lineFor(description: string, grossCents: number, vatRatePercent: number, attendeeId: string | null): InvoiceLine {
  return { description, quantity: 1, unitGrossCents: grossCents, grossCents, netCents: splitGross(grossCents, vatRatePercent).netCents, attendeeId };
}

/**
 * Issues an invoice for these attendees' tickets (one line each, with the person's name, so the accounts
 * department can match it). Attendees already on an invoice that no credit note cancelled are skipped, so
 * calling it twice invoices nobody twice. Returns the invoice, or null when there was nothing to invoice.
 */
export async function issueInvoice(
  tx: Tx,
  registrationId: string,
  attendeeIds: string[] | "all",
  now: Date,
  options: { paidOnline?: boolean; paidWith?: PaidWith | null } = {},
): Promise<{ id: string; number: string; grossCents: number } | null> {
  const registration = await tx.registration.findUniqueOrThrow({ where: { id: registrationId }, select: billing });
  const attendees = await tx.attendee.findMany({
    where: { registrationId, status: { not: "cancelled" }, ...(attendeeIds === "all" ? {} : { id: { in: attendeeIds } }) },
    orderBy: { position: "asc" },
    select: { id: true, firstName: true, lastName: true, ticketType: { select: { nameDe: true, nameEn: true, priceCents: true } } },
  });
  const invoiced = await invoicedAttendeeIds(tx, registrationId);
  const due = attendees.filter((attendee) => attendee.ticketType.priceCents > 0 && !invoiced.has(attendee.id));
  if (due.length === 0) return null;
  const language = isLanguage(registration.language) ? registration.language : "de";
  const t = translator(language);
  const eventTitle = localized(language, registration.event.titleDe, registration.event.titleEn);
  const lines = due.map((attendee) =>
    lineFor(
      t("invoice.lineTicket", {
        event: eventTitle,
        ticket: localized(language, attendee.ticketType.nameDe, attendee.ticketType.nameEn),
        name: `${attendee.firstName} ${attendee.lastName}`,
      }),
      attendee.ticketType.priceCents,
      registration.event.vatRatePercent,
      attendee.id,
    ),
  );
  return insertInvoice(
    tx,
    registration,
    "invoice",
    contentBase(registration, lines, { paidOnline: options.paidOnline ?? false, paidWith: options.paidWith ?? null }),
    now,
  );
}

/** Attendees on an invoice of the registration whose line no credit note has taken back. */
export async function invoicedAttendeeIds(tx: Tx, registrationId: string): Promise<Set<string>> {
  const documents = await tx.invoice.findMany({ where: { registrationId }, orderBy: { issuedAt: "asc" }, select: { kind: true, content: true } });
  const invoiced = new Set<string>();
  for (const document of documents) {
    const content = JSON.parse(document.content) as InvoiceContent;
    for (const line of content.lines) {
      if (!line.attendeeId) continue;
      if (document.kind === "invoice") invoiced.add(line.attendeeId);
      else invoiced.delete(line.attendeeId);
    }
  }
  return invoiced;
}

/**
 * A credit note taking back these attendees' lines, less a cancellation fee each where the refund rule keeps one.
 * It names the invoice it corrects (the latest that holds each attendee); that invoice is marked cancelled when
 * nothing of it is left. Returns the credit note and the amount credited, or null when none was invoiced.
 */
export async function issueCreditNote(
  tx: Tx,
  registrationId: string,
  attendeeIds: string[],
  refundPerAttendeeCents: (priceCents: number) => number,
  reason: string,
  now: Date,
): Promise<{ id: string; number: string; grossCents: number } | null> {
  const registration = await tx.registration.findUniqueOrThrow({ where: { id: registrationId }, select: billing });
  const invoices = await tx.invoice.findMany({ where: { registrationId, kind: "invoice", cancelledAt: null }, orderBy: { issuedAt: "desc" } });
  const wanted = new Set(attendeeIds);
  const invoiced = await invoicedAttendeeIds(tx, registrationId);
  let corrected: (typeof invoices)[number] | null = null;
  const lines: InvoiceLine[] = [];
  const fullAmounts: number[] = [];
  const t = translator(isLanguage(registration.language) ? registration.language : "de");
  for (const invoice of invoices) {
    const content = JSON.parse(invoice.content) as InvoiceContent;
    for (const line of content.lines) {
      if (!line.attendeeId || !wanted.has(line.attendeeId) || !invoiced.has(line.attendeeId)) continue;
      wanted.delete(line.attendeeId);
      corrected ??= invoice;
      const credit = refundPerAttendeeCents(line.grossCents);
      const description =
        credit < line.grossCents
          ? t("invoice.lineCreditLessFee", { line: line.description, fee: formatMoney(line.grossCents - credit, content.language) })
          : line.description;
      lines.push(lineFor(t("invoice.lineCredit", { line: description }), credit, content.vatRatePercent, line.attendeeId));
      fullAmounts.push(line.grossCents);
    }
  }
  if (!corrected || lines.length === 0) return null;
  const correctedContent = JSON.parse(corrected.content) as InvoiceContent;
  const note = await insertInvoice(
    tx,
    registration,
    "credit_note",
    contentBase(registration, lines, {
      vatRatePercent: correctedContent.vatRatePercent,
      exemptionNote: correctedContent.exemptionNote,
      corrects: { number: corrected.number, issuedAt: corrected.issuedAt.toISOString() },
      reason,
      paidOnline: registration.paymentMethod === "stripe",
    }),
    now,
    corrected.id,
  );
  // An invoice whose every line is now credited in full is cancelled as a whole (it no longer counts as open);
  // one that keeps a cancellation fee stays, the fee being what is still owed.
  const creditedInFull = new Set(lines.filter((line, index) => line.grossCents === fullAmounts[index]).map((line) => line.attendeeId));
  for (const invoice of invoices) {
    const content = JSON.parse(invoice.content) as InvoiceContent;
    const untouched = content.lines.some((line) => !line.attendeeId || (invoiced.has(line.attendeeId) && !creditedInFull.has(line.attendeeId)));
    if (!untouched) await tx.invoice.update({ where: { id: invoice.id }, data: { cancelledAt: now } });
  }
  return note;
}
