import type { PrismaClient } from "~/generated/prisma/client";
import { PRIVATE_PAGE_HEADERS } from "~/utils/http.server";
import { parseInvoiceContent } from "./invoice-content";
import { invoiceFileName, invoicePdf } from "./invoice-pdf.server";
import { xrechnungXml } from "./xrechnung.server";

/**
 * An invoice or credit note as a download, PDF or XRechnung (XML), limited to a registration (the manage link)
 * or an event (the back office). Null when it is not there or not theirs.
 */
export async function invoiceDownload(
  db: PrismaClient,
  invoiceId: string,
  format: string,
  within: { registrationId?: string; eventId?: string },
): Promise<Response | null> {
  if (!/^[a-z0-9]{1,64}$/i.test(invoiceId) || (format !== "pdf" && format !== "xml")) return null;
  const invoice = await db.invoice.findFirst({ where: { id: invoiceId, ...within } });
  if (!invoice) return null;
  const content = parseInvoiceContent(invoice.content);
  const filename = invoiceFileName(invoice, format, content.language);
  const body = format === "pdf" ? new Uint8Array(await invoicePdf(invoice, content)) : xrechnungXml(invoice, content);
  return new Response(body, {
    headers: {
      ...PRIVATE_PAGE_HEADERS,
      "Content-Type": format === "pdf" ? "application/pdf" : "application/xml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
    },
  });
}
