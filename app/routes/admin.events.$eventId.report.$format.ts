import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { download, fileDate } from "~/modules/exports/download.server";
import { getLanguage } from "~/modules/i18n/language.server";
import { fundingReport } from "~/modules/reports/funding.server";
import { reportPdf, reportXlsx } from "~/modules/reports/report-files.server";
import { requireStaff } from "~/modules/staff/session.server";
import { auditExport } from "~/utils/export-request.server";
import { notFound } from "~/utils/http.server";

/** The funding report as XLSX or PDF, the same tables as its page. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const format = params.format;
  if (format !== "xlsx" && format !== "pdf") throw notFound();
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const language = await getLanguage(request);
  const report = await fundingReport(database, params.eventId ?? "", language);
  if (!report) throw notFound();
  await auditExport(database, user, request, context);
  const name = `${language === "de" ? "auswertung" : "funding-report"}-${report.event.slug}-${fileDate()}`;
  return download(name, format, () => (format === "xlsx" ? reportXlsx(report, language) : reportPdf(report, language)));
}
