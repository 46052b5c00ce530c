import type { Database } from "~/db.server";
import type { CellValue } from "~/modules/exports/cells";
import type { SheetColumn } from "~/modules/exports/writers.server";
import type { Language } from "~/modules/i18n/language";
import { translator, type MessageKey } from "~/modules/i18n/messages";
import { amountOpen, refundOwed } from "./ledger.server";

/**
 * The payments overview for the accounts department: one row per paid registration with its invoices and
 * credit notes, amounts (money columns: numbers in a € format, so Excel sums them), paid, open, refunded, and a totals row.
 */
export async function paymentsOverview(database: Database, eventId: string, language: Language): Promise<{ columns: SheetColumn[]; rows: CellValue[][] }> {
  const t = translator(language);
  const registrations = await database.read.registration.findMany({
    where: { eventId, OR: [{ totalCents: { gt: 0 } }, { paidCents: { gt: 0 } }, { invoices: { some: {} } }] },
    orderBy: { createdAt: "asc" },
    select: {
      reference: true,
      status: true,
      contactEmail: true,
      invoiceAddress: true,
      purchaseOrder: true,
      leitwegId: true,
      paymentMethod: true,
      paymentStatus: true,
      totalCents: true,
      paidCents: true,
      refundedCents: true,
      createdAt: true,
      invoices: { orderBy: { issuedAt: "asc" }, select: { number: true, kind: true, dueAt: true } },
    },
  });
  const columns: SheetColumn[] = [
    { header: t("payments.registration"), width: 14 },
    { header: t("admin.attendees.registered"), width: 17, kind: "dateTime" },
    { header: t("payments.recipient"), width: 40 },
    { header: t("register.contactEmail"), width: 28 },
    { header: t("invoice.purchaseOrder"), width: 16 },
    { header: t("invoice.leitwegId"), width: 20 },
    { header: t("payments.invoiceNumbers"), width: 22 },
    { header: t("payments.dueAt"), width: 12, kind: "day" },
    { header: t("register.paymentMethod"), width: 14 },
    { header: t("admin.attendees.status"), width: 16 },
    { header: t("payment.total"), width: 13, kind: "money" },
    { header: t("payment.paid"), width: 13, kind: "money" },
    { header: t("payment.open"), width: 13, kind: "money" },
    { header: t("payment.refunded"), width: 13, kind: "money" },
    { header: t("payment.refundOwed"), width: 13, kind: "money" },
  ];
  const rows: CellValue[][] = registrations.map((registration) => {
    const invoices = registration.invoices.filter((invoice) => invoice.kind === "invoice");
    const credits = registration.invoices.filter((invoice) => invoice.kind === "credit_note");
    return [
      registration.reference,
      registration.createdAt,
      (registration.invoiceAddress ?? "").replace(/\s*\n\s*/g, ", "),
      registration.contactEmail,
      registration.purchaseOrder,
      registration.leitwegId,
      [...invoices.map((invoice) => invoice.number), ...credits.map((credit) => `${credit.number} (${t("invoice.creditNoteTitle")})`)].join(", "),
      invoices.at(-1)?.dueAt ?? null,
      t(`payment.method.${registration.paymentMethod}` as MessageKey),
      t(`payment.status.${registration.paymentStatus}` as MessageKey),
      registration.totalCents,
      registration.paidCents,
      amountOpen(registration),
      registration.refundedCents,
      refundOwed(registration),
    ];
  });
  const sum = (index: number) => rows.reduce((total, row) => total + Number(row[index] ?? 0), 0);
  rows.push(["Σ", null, null, null, null, null, null, null, null, null, sum(10), sum(11), sum(12), sum(13), sum(14)]);
  return { columns, rows };
}
