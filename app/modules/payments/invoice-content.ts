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

/**
 * How an invoice paid online was paid, as Stripe reported it when the payment arrived: the XRechnung codes it
 * (card: 54 credit, 55 debit, 48 other bank card, with the card's last digits; anything else settled through
 * Stripe, SEPA Direct Debit included: 68, online payment service). Missing on invoices issued before it was kept.
 */
export type PaidWith =
  | { method: "card"; brand: string; last4: string; funding: "credit" | "debit" | "prepaid" | "unknown"; holder: string | null }
  | { method: "sepa_debit"; last4: string | null }
  | { method: "online"; type: string | null };

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
  paidWith?: PaidWith | null;
  /** The seller's identifiers besides the tax number (BT-29, BT-30); absent on invoices issued before they were kept. */
  sellerId?: string | null;
  legalId?: string | null;
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

/**
 * Cents added to net + VAT so that the total is the sum of the gross prices (EN 16931 BT-114): 0, or ±1 where no net
 * amount gives that total with VAT rounded to the cent (documentTotals). Derived from the document's own sums, so
 * invoices issued before it existed read 0.
 */
export const roundingOf = (document: { netCents: number; taxCents: number; grossCents: number }) => document.grossCents - document.netCents - document.taxCents;

/** VAT on a net amount, rounded half up to the cent, in integers (no floating-point cent lost). */
export const vatOf = (netCents: number, ratePercent: number) => Math.sign(netCents) * Math.floor((Math.abs(netCents) * ratePercent + 50) / 100);

/**
 * The totals of a document whose lines state gross prices. EN 16931 computes VAT once, on the sum of the nets
 * (BR-CO-17: taxable amount × rate, rounded), not as the sum of each line's VAT; and the total must stay the sum
 * of the gross prices, which is what was paid or is owed. So the nets, each first rounded from its gross, are moved
 * by a cent where that makes net + VAT(net) equal the gross sum exactly (the cent goes to the last lines); when no
 * net does (VAT rounding skips some totals), the nets stay and the cent is a rounding amount (BT-114).
 */
export function documentTotals(
  lines: InvoiceLine[],
  ratePercent: number,
): { lines: InvoiceLine[]; netCents: number; taxCents: number; grossCents: number; roundingCents: number } {
  const grossCents = lines.reduce((sum, line) => sum + line.grossCents, 0);
  const firstNet = lines.reduce((sum, line) => sum + line.netCents, 0);
  // The rounded nets are at most half a cent per line from the exact net, and the best net is within a cent of
  // that: search outwards from the rounded sum for the net whose total misses the gross sum least (0 where one fits).
  let netCents = firstNet;
  let miss = Math.abs(grossCents - firstNet - vatOf(firstNet, ratePercent));
  for (let distance = 1; distance <= lines.length + 1 && miss > 0; distance++) {
    for (const candidate of [firstNet - distance, firstNet + distance]) {
      const candidateMiss = Math.abs(grossCents - candidate - vatOf(candidate, ratePercent));
      if (candidateMiss < miss) [netCents, miss] = [candidate, candidateMiss];
    }
  }
  const adjusted = lines.map((line) => ({ ...line }));
  for (let rest = netCents - firstNet, index = adjusted.length - 1; rest !== 0; index = (index - 1 + adjusted.length) % adjusted.length) {
    const step = Math.sign(rest);
    adjusted[index]!.netCents += step;
    rest -= step;
  }
  const taxCents = vatOf(netCents, ratePercent);
  return { lines: adjusted, netCents, taxCents, grossCents, roundingCents: roundingOf({ netCents, taxCents, grossCents }) };
}

export function parseInvoiceContent(json: string): InvoiceContent {
  return JSON.parse(json) as InvoiceContent;
}
