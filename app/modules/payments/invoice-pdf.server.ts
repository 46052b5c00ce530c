import { mm, newPdf, tableCell } from "~/modules/exports/pdf.server";
import { formatMoney, formatShortDate } from "~/modules/i18n/format";
import { normaliseTaxId } from "./tax-id";
import { translator } from "~/modules/i18n/messages";
import { roundingOf, type InvoiceContent } from "./invoice-content";
import type { InvoiceDocument } from "./xrechnung.server";

/**
 * The invoice or credit note as an A4 PDF with what § 14 Abs. 4 UStG requires: issuer and recipient with their
 * addresses, the issuer's tax number or VAT id, date of issue, the consecutive number, what was supplied and when,
 * net, rate and tax (or the note why no tax is charged), and the payment terms with the bank account.
 * Tagged (PDF/UA): headings, paragraphs and the items as a table, in reading order.
 */
export async function invoicePdf(document: InvoiceDocument, content: InvoiceContent): Promise<Buffer> {
  const language = content.language;
  const t = translator(language);
  const creditNote = document.kind === "credit_note";
  const title = creditNote ? t("invoice.creditNoteTitle") : t("invoice.title");
  const doc = await newPdf({
    size: "A4",
    margins: { top: mm(20), bottom: mm(20), left: mm(25), right: mm(20) },
    title: `${title} ${document.number}`,
    lang: language === "de" ? "de-DE" : "en-GB",
    accessible: true,
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const left = mm(25);
  const width = doc.page.width - mm(45);
  const structure = doc.struct("Document");
  doc.addStructure(structure);
  const paragraph = (text: string, options: PDFKit.Mixins.TextOptions & { font?: string; size?: number; x?: number; y?: number } = {}) => {
    const { font = "regular", size = 10, x, y, ...rest } = options;
    structure.add(
      doc.struct("P", {}, () => {
        doc.font(font).fontSize(size);
        if (x !== undefined && y !== undefined) doc.text(text, x, y, rest);
        else doc.text(text, rest);
      }),
    );
  };
  const issuer = content.issuer;
  const recipient = content.recipient;
  const money = (cents: number) => formatMoney(cents, language);

  // Sender line and recipient in the window of a DIN 5008 envelope, the document's facts to the right.
  paragraph([issuer.name, ...issuer.lines, `${issuer.postcode} ${issuer.city}`.trim()].join(" · "), { size: 7, x: left, y: mm(45), width: mm(85) });
  paragraph([recipient.name, ...recipient.lines, `${recipient.postcode} ${recipient.city}`.trim()].filter(Boolean).join("\n"), {
    size: 10,
    x: left,
    y: mm(51),
    width: mm(85),
  });
  const facts = [
    [t("invoice.number"), document.number],
    [t("invoice.date"), formatShortDate(document.issuedAt, language)],
    [t("invoice.serviceDate"), formatShortDate(new Date(`${content.serviceDate}T12:00:00Z`), language)],
    [t("invoice.reference"), content.registrationReference],
    ...(content.purchaseOrder ? [[t("invoice.purchaseOrder"), content.purchaseOrder]] : []),
    ...(content.leitwegId ? [[t("invoice.leitwegId"), content.leitwegId]] : []),
    ...(content.corrects ? [[t("invoice.corrects"), `${content.corrects.number} (${formatShortDate(new Date(content.corrects.issuedAt), language)})`]] : []),
  ];
  paragraph(facts.map(([label, value]) => `${label}: ${value}`).join("\n"), { size: 9, x: mm(125), y: mm(45), width: mm(65) });

  doc.x = left;
  doc.y = mm(100);
  structure.add(doc.struct("H1", {}, () => doc.font("bold").fontSize(16).text(`${title} ${document.number}`, left, mm(100), { width })));
  doc.moveDown(0.5);
  paragraph(creditNote ? t("invoice.creditNoteIntro", { event: content.eventTitle }) : t("invoice.intro", { event: content.eventTitle }), { width });
  if (content.reason) paragraph(content.reason, { width });
  doc.moveDown(0.8);

  // The items: position, description, quantity, amount (net and gross where tax is charged).
  const columns = [
    { header: t("invoice.position"), width: mm(12), align: "left" as const },
    { header: t("invoice.description"), width: width - mm(12) - mm(15) - mm(30), align: "left" as const },
    { header: t("invoice.quantity"), width: mm(15), align: "right" as const },
    { header: content.vatRatePercent > 0 ? t("invoice.amountNet") : t("invoice.amount"), width: mm(30), align: "right" as const },
  ];
  const table = doc.struct("Table");
  structure.add(table);
  const row = (cells: string[], header: boolean) => {
    const y = doc.y;
    let x = left;
    let height = 0;
    const tableRow = doc.struct("TR");
    table.add(tableRow);
    cells.forEach((cell, index) => {
      const column = columns[index]!;
      tableRow.add(
        tableCell(doc, header ? "TH" : "TD", () => {
          doc.font(header ? "bold" : "regular").fontSize(9);
          doc.text(cell, x, y, { width: column.width - mm(2), align: column.align });
          height = Math.max(height, doc.y - y);
        }),
      );
      x += column.width;
    });
    tableRow.end();
    doc.y = y + height + mm(1.5);
  };
  row(
    columns.map((column) => column.header),
    true,
  );
  content.lines.forEach((line, index) =>
    row([String(index + 1), line.description, String(line.quantity), money(content.vatRatePercent > 0 ? line.netCents : line.grossCents)], false),
  );
  table.end();

  doc.moveDown(0.5);
  // The same cents as the XRechnung: VAT on the sum of the nets, and a rounding cent where the gross sum needs one.
  const rounding = roundingOf(document);
  const totals =
    content.vatRatePercent > 0
      ? [
          `${t("invoice.totalNet")}: ${money(document.netCents)}`,
          `${t("invoice.vat", { rate: content.vatRatePercent })}: ${money(document.taxCents)}`,
          ...(rounding ? [`${t("invoice.rounding")}: ${money(rounding)}`] : []),
          `${creditNote ? t("invoice.totalCredit") : t("invoice.totalGross")}: ${money(document.grossCents)}`,
        ]
      : [`${creditNote ? t("invoice.totalCredit") : t("invoice.total")}: ${money(document.grossCents)}`];
  paragraph(totals.join("\n"), { font: "bold", size: 10, x: left, y: doc.y, width, align: "right" });
  if (content.exemptionNote) paragraph(content.exemptionNote, { x: left, y: doc.y + mm(2), width });
  doc.moveDown(1);

  const payment = creditNote
    ? t("invoice.creditNotePayment")
    : content.paidOnline
      ? content.paidWith?.method === "card"
        ? t("invoice.paidWithCard", { brand: content.paidWith.brand, last4: content.paidWith.last4 })
        : content.paidWith?.method === "sepa_debit"
          ? t("invoice.paidWithSepa")
          : t("invoice.paidOnline")
      : content.bank
        ? t("invoice.transfer", {
            amount: money(document.grossCents),
            due: document.dueAt ? formatShortDate(document.dueAt, language) : "",
            number: document.number,
            holder: content.bank.holder,
            iban: content.bank.iban.replace(/(.{4})/g, "$1 ").trim(),
            bic: content.bank.bic,
          })
        : t("invoice.termsOnly", { days: content.paymentTermDays });
  paragraph(payment, { x: left, y: doc.y, width });

  // The issuer's particulars at the foot of the page, as on any business letter.
  const foot = [
    issuer.name,
    [...issuer.lines, `${issuer.postcode} ${issuer.city}`.trim()].join(", "),
    `${t("invoice.taxId")}: ${normaliseTaxId(issuer.taxId) || "–"}`,
    ...(content.legalId ? [content.legalId] : []),
    issuer.email,
  ].join(" · ");
  paragraph(foot, { size: 7, x: left, y: doc.page.height - mm(28), width, align: "center" });
  structure.end();
  doc.end();
  return done;
}

export const invoiceFileName = (document: { number: string; kind: string }, extension: "pdf" | "xml", language: "de" | "en") =>
  `${document.kind === "credit_note" ? (language === "de" ? "gutschrift" : "credit-note") : language === "de" ? "rechnung" : "invoice"}-${document.number}${extension === "xml" ? "-xrechnung" : ""}.${extension}`;
