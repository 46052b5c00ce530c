/**
 * What an invoice or credit note says, fixed when it is issued (Invoice.content). The PDF and the XRechnung are
 * both rendered from it alone, so they always agree with each other and with what was sent.
 */
export type InvoiceLine = {
  description: string;
  quantity: number;
  /** Gross, as the ticket price is stated. */
  unitGrossCents: number;
  netCents: number;
  grossCents: number;
  attendeeId: string | null;
};

export type InvoiceAddress = { name: string; lines: string[]; postcode: string; city: string; country: string };

export type InvoiceContent = {
  language: "de" | "en";
  issuer: InvoiceAddress & { taxId: string; email: string; phone: string; contactName: string };
  bank: { holder: string; iban: string; bic: string } | null;
  recipient: InvoiceAddress & { email: string };
  purchaseOrder: string | null;
  leitwegId: string | null;
  registrationReference: string;
  eventTitle: string;
  /** The day the service is rendered (Leistungsdatum): the event's first day, ISO date. */
  serviceDate: string;
  lines: InvoiceLine[];
  vatRatePercent: number;
  exemptionNote: string | null;
  paymentTermDays: number;
  /** Paid online when issued: the invoice says so instead of asking for a transfer. */
  paidOnline: boolean;
  /** A credit note: the invoice it corrects, and why. */
  corrects: { number: string; issuedAt: string } | null;
  reason: string | null;
};

/**
 * Splits a free-text postal address ("Stadt Bürstadt\nRathausstraße 2\n68642 Bürstadt") into the parts an
 * e-invoice needs: first line the name, a line "<5 digits> <city>" the postcode and city, the rest street lines.
 */
export function parseAddress(text: string, fallbackName: string): InvoiceAddress {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const name = lines.shift() ?? fallbackName;
  let postcode = "";
  let city = "";
  const cityIndex = lines.findIndex((line) => /^(?:D-)?\d{5}\s+\S/.test(line));
  if (cityIndex >= 0) {
    const match = /^(?:D-)?(\d{5})\s+(.+)$/.exec(lines[cityIndex]!)!;
    postcode = match[1]!;
    city = match[2]!;
    lines.splice(cityIndex, 1);
  } else if (lines.length > 0) {
    city = lines.pop()!;
  }
  return { name, lines, postcode, city, country: "DE" };
}

/** VAT out of a gross amount, rounded to the cent; the rest is net. */
export function splitGross(grossCents: number, ratePercent: number): { netCents: number; taxCents: number } {
  const netCents = Math.round((grossCents * 100) / (100 + ratePercent));
  return { netCents, taxCents: grossCents - netCents };
}

export function parseInvoiceContent(json: string): InvoiceContent {
  return JSON.parse(json) as InvoiceContent;
}
