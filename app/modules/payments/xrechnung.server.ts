import { roundingOf, type InvoiceAddress, type InvoiceContent } from "./invoice-content";
import { isVatId, normaliseTaxId } from "./tax-id";

/**
 * The XRechnung (3.0, UN/CEFACT Cross Industry Invoice syntax) of an invoice or credit note: what the e-invoice
 * portals of German public bodies (ZRE, OZG-RE and the Länder's) accept. The buyer reference (BT-10) is the
 * Leitweg-ID where the person gave one, else their order number or the registration's reference.
 * Element order follows the CII schema, which validators check.
 */
export type InvoiceDocument = { number: string; kind: string; issuedAt: Date; dueAt: Date | null; netCents: number; taxCents: number; grossCents: number };

const escape = (value: string) => value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[char]!);
const amount = (cents: number) => (cents / 100).toFixed(2);
const day = (isoOrDate: string | Date) => {
  const date = typeof isoOrDate === "string" ? isoOrDate : berlinDay(isoOrDate);
  return date.slice(0, 10).replace(/-/g, "");
};
const berlinDay = (at: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
const element = (name: string, value: string | null | undefined, attributes = "") => (value ? `<${name}${attributes}>${escape(value)}</${name}>` : "");
const dateTime = (name: string, value: string | Date) => `<${name}><udt:DateTimeString format="102">${day(value)}</udt:DateTimeString></${name}>`;

function address(party: InvoiceAddress) {
  return [
    "<ram:PostalTradeAddress>",
    element("ram:PostcodeCode", party.postcode),
    element("ram:LineOne", party.lines[0]),
    element("ram:LineTwo", party.lines[1]),
    element("ram:LineThree", party.lines.slice(2).join(", ")),
    element("ram:CityName", party.city),
    element("ram:CountryID", party.country),
    "</ram:PostalTradeAddress>",
  ].join("");
}

/**
 * The payment means (BG-16) as the German rules want them: a transfer (58) with the account (BG-17); a card (54
 * credit, 55 debit, 48 other) with its last digits (BG-18); anything else paid through Stripe, SEPA Direct Debit
 * included, as an online payment service (68): Stripe collected it, so the seller has neither the mandate's creditor
 * id nor the payer's IBAN that a direct debit (59, BG-19) must name. A credit note says how the money goes back.
 */
function paymentMeans(content: InvoiceContent, creditNote: boolean): string {
  const means = (code: string, text: string, inner = "") =>
    `<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>${code}</ram:TypeCode>${element("ram:Information", text)}${inner}</ram:SpecifiedTradeSettlementPaymentMeans>`;
  const paidWith = content.paidWith;
  if (creditNote) {
    return content.paidOnline
      ? means("68", "Erstattung über Stripe an das bezahlende Konto")
      : means("1", "Erstattung per Überweisung an die Rechnungsempfängerin");
  }
  if (content.paidOnline) {
    if (paidWith?.method === "card" && /^\d{4,6}$/.test(paidWith.last4)) {
      const code = paidWith.funding === "credit" ? "54" : paidWith.funding === "debit" ? "55" : "48";
      return means(
        code,
        `Bezahlt mit Karte (${paidWith.brand}) über Stripe`,
        `<ram:ApplicableTradeSettlementFinancialCard>${element("ram:ID", paidWith.last4)}${element("ram:CardholderName", paidWith.holder)}</ram:ApplicableTradeSettlementFinancialCard>`,
      );
    }
    if (paidWith?.method === "sepa_debit")
      return means("68", `Bezahlt per SEPA-Lastschrift über Stripe${paidWith.last4 ? ` (IBAN endet auf ${paidWith.last4})` : ""}`);
    return means("68", "Bezahlt online über Stripe");
  }
  if (content.bank) {
    return means(
      "58",
      "SEPA-Überweisung",
      [
        "<ram:PayeePartyCreditorFinancialAccount>",
        element("ram:IBANID", content.bank.iban),
        element("ram:AccountName", content.bank.holder),
        "</ram:PayeePartyCreditorFinancialAccount>",
        content.bank.bic
          ? `<ram:PayeeSpecifiedCreditorFinancialInstitution>${element("ram:BICID", content.bank.bic)}</ram:PayeeSpecifiedCreditorFinancialInstitution>`
          : "",
      ].join(""),
    );
  }
  return means("1", `Zahlbar innerhalb von ${content.paymentTermDays} Tagen`);
}

export function xrechnungXml(document: InvoiceDocument, content: InvoiceContent): string {
  const creditNote = document.kind === "credit_note";
  const exempt = content.vatRatePercent === 0;
  const category = exempt ? "E" : "S";
  const tax = (withAmounts: boolean, basis: number) =>
    [
      "<ram:ApplicableTradeTax>",
      withAmounts ? `<ram:CalculatedAmount>${amount(document.taxCents)}</ram:CalculatedAmount>` : "",
      "<ram:TypeCode>VAT</ram:TypeCode>",
      withAmounts && exempt ? element("ram:ExemptionReason", content.exemptionNote ?? "Steuerbefreit") : "",
      withAmounts ? `<ram:BasisAmount>${amount(basis)}</ram:BasisAmount>` : "",
      `<ram:CategoryCode>${category}</ram:CategoryCode>`,
      `<ram:RateApplicablePercent>${content.vatRatePercent}</ram:RateApplicablePercent>`,
      "</ram:ApplicableTradeTax>",
    ].join("");
  const lines = content.lines.map((line, index) =>
    [
      "<ram:IncludedSupplyChainTradeLineItem>",
      `<ram:AssociatedDocumentLineDocument><ram:LineID>${index + 1}</ram:LineID></ram:AssociatedDocumentLineDocument>`,
      `<ram:SpecifiedTradeProduct>${element("ram:Name", line.description)}</ram:SpecifiedTradeProduct>`,
      `<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>${amount(line.netCents / line.quantity)}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>`,
      `<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">${line.quantity}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>`,
      "<ram:SpecifiedLineTradeSettlement>",
      tax(false, 0),
      `<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${amount(line.netCents)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>`,
      "</ram:SpecifiedLineTradeSettlement>",
      "</ram:IncludedSupplyChainTradeLineItem>",
    ].join(""),
  );
  const issuer = content.issuer;
  // A VAT id is written as its characters alone ("DE123456789"), a tax number as the office wrote it.
  const taxId = normaliseTaxId(issuer.taxId);
  const taxScheme = isVatId(taxId) ? "VA" : "FC";
  const prepaid = content.paidOnline && !creditNote ? document.grossCents : 0;
  // BR-CO-16: due = grand total (net + VAT) - prepaid + rounding, which is the gross sum less what was paid.
  const rounding = roundingOf(document);
  const notes = [content.reason, content.exemptionNote].filter((note): note is string => Boolean(note));

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"',
    ' xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"',
    ' xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"',
    ' xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">',
    "<rsm:ExchangedDocumentContext>",
    "<ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</ram:ID></ram:BusinessProcessSpecifiedDocumentContextParameter>",
    "<ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>",
    "</rsm:ExchangedDocumentContext>",
    "<rsm:ExchangedDocument>",
    element("ram:ID", document.number),
    `<ram:TypeCode>${creditNote ? 381 : 380}</ram:TypeCode>`,
    dateTime("ram:IssueDateTime", document.issuedAt),
    ...notes.map((note) => `<ram:IncludedNote>${element("ram:Content", note)}</ram:IncludedNote>`),
    "</rsm:ExchangedDocument>",
    "<rsm:SupplyChainTradeTransaction>",
    ...lines,
    "<ram:ApplicableHeaderTradeAgreement>",
    element("ram:BuyerReference", content.leitwegId ?? content.purchaseOrder ?? content.registrationReference),
    "<ram:SellerTradeParty>",
    element("ram:ID", content.sellerId),
    element("ram:Name", issuer.name),
    content.legalId ? `<ram:SpecifiedLegalOrganization>${element("ram:ID", content.legalId)}</ram:SpecifiedLegalOrganization>` : "",
    "<ram:DefinedTradeContact>",
    element("ram:PersonName", issuer.contactName),
    issuer.phone ? `<ram:TelephoneUniversalCommunication>${element("ram:CompleteNumber", issuer.phone)}</ram:TelephoneUniversalCommunication>` : "",
    `<ram:EmailURIUniversalCommunication>${element("ram:URIID", issuer.email)}</ram:EmailURIUniversalCommunication>`,
    "</ram:DefinedTradeContact>",
    address(issuer),
    `<ram:URIUniversalCommunication>${element("ram:URIID", issuer.email, ' schemeID="EM"')}</ram:URIUniversalCommunication>`,
    taxId ? `<ram:SpecifiedTaxRegistration>${element("ram:ID", taxId, ` schemeID="${taxScheme}"`)}</ram:SpecifiedTaxRegistration>` : "",
    "</ram:SellerTradeParty>",
    "<ram:BuyerTradeParty>",
    element("ram:Name", content.recipient.name),
    address(content.recipient),
    `<ram:URIUniversalCommunication>${element("ram:URIID", content.recipient.email, ' schemeID="EM"')}</ram:URIUniversalCommunication>`,
    "</ram:BuyerTradeParty>",
    content.purchaseOrder
      ? `<ram:BuyerOrderReferencedDocument>${element("ram:IssuerAssignedID", content.purchaseOrder)}</ram:BuyerOrderReferencedDocument>`
      : "",
    "</ram:ApplicableHeaderTradeAgreement>",
    "<ram:ApplicableHeaderTradeDelivery>",
    `<ram:ActualDeliverySupplyChainEvent>${dateTime("ram:OccurrenceDateTime", content.serviceDate)}</ram:ActualDeliverySupplyChainEvent>`,
    "</ram:ApplicableHeaderTradeDelivery>",
    "<ram:ApplicableHeaderTradeSettlement>",
    element("ram:PaymentReference", document.number),
    "<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>",
    paymentMeans(content, creditNote),
    tax(true, document.netCents),
    "<ram:SpecifiedTradePaymentTerms>",
    element(
      "ram:Description",
      content.paidOnline ? "Bereits bezahlt (Online-Zahlung)" : creditNote ? "Gutschrift" : `Zahlbar innerhalb von ${content.paymentTermDays} Tagen ohne Abzug`,
    ),
    document.dueAt ? dateTime("ram:DueDateDateTime", document.dueAt) : "",
    "</ram:SpecifiedTradePaymentTerms>",
    "<ram:SpecifiedTradeSettlementHeaderMonetarySummation>",
    `<ram:LineTotalAmount>${amount(document.netCents)}</ram:LineTotalAmount>`,
    `<ram:TaxBasisTotalAmount>${amount(document.netCents)}</ram:TaxBasisTotalAmount>`,
    `<ram:TaxTotalAmount currencyID="EUR">${amount(document.taxCents)}</ram:TaxTotalAmount>`,
    rounding ? `<ram:RoundingAmount>${amount(rounding)}</ram:RoundingAmount>` : "",
    `<ram:GrandTotalAmount>${amount(document.netCents + document.taxCents)}</ram:GrandTotalAmount>`,
    `<ram:TotalPrepaidAmount>${amount(prepaid)}</ram:TotalPrepaidAmount>`,
    `<ram:DuePayableAmount>${amount(document.grossCents - prepaid)}</ram:DuePayableAmount>`,
    "</ram:SpecifiedTradeSettlementHeaderMonetarySummation>",
    content.corrects
      ? `<ram:InvoiceReferencedDocument>${element("ram:IssuerAssignedID", content.corrects.number)}${dateTime("ram:FormattedIssueDateTime", new Date(content.corrects.issuedAt)).replace(/udt:DateTimeString/g, "qdt:DateTimeString")}</ram:InvoiceReferencedDocument>`
      : "",
    "</ram:ApplicableHeaderTradeSettlement>",
    "</rsm:SupplyChainTradeTransaction>",
    "</rsm:CrossIndustryInvoice>",
    "",
  ].join("\n");
}
