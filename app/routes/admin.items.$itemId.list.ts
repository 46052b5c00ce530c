import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { download, fileDate } from "~/modules/exports/download.server";
import { itemListPdf, itemListSheet, loadItemList } from "~/modules/exports/item-lists.server";
import { csvStream, xlsxStream } from "~/modules/exports/writers.server";
import { localized } from "~/modules/i18n/language";
import { getLanguage } from "~/modules/i18n/language.server";
import { requireStaff } from "~/modules/staff/session.server";
import { auditExport } from "~/utils/export-request.server";
import { notFound } from "~/utils/http.server";

/** A workshop's participant list or a bus's passenger list, as PDF (to print), XLSX or CSV. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  await auditExport(database, user, request, context);
  const list = await loadItemList(database, params.itemId ?? "");
  if (!list) throw notFound();
  const language = await getLanguage(request);
  const format = new URL(request.url).searchParams.get("format");
  const name = `${localized(language, list.item.titleDe, list.item.titleEn).slice(0, 60)}-${fileDate()}`;
  if (format === "pdf") return download(name, "pdf", () => itemListPdf(list, language));
  const sheet = itemListSheet(list, language);
  async function* rows() {
    yield sheet.rows;
  }
  return format === "csv"
    ? download(name, "csv", () => csvStream(sheet.columns, rows()))
    : download(name, "xlsx", () => xlsxStream(name.slice(0, 31), sheet.columns, rows()));
}
