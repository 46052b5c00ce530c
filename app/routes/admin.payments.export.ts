import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { currentEvent } from "~/modules/attendees/list.server";
import { download, fileDate } from "~/modules/exports/download.server";
import { xlsxStream } from "~/modules/exports/writers.server";
import { getLanguage } from "~/modules/i18n/language.server";
import { translator } from "~/modules/i18n/messages";
import { paymentsOverview } from "~/modules/payments/overview-export.server";
import { requireStaff } from "~/modules/staff/session.server";
import { auditExport } from "~/utils/export-request.server";
import { notFound } from "~/utils/http.server";

/** The payments overview of an event (paid, open, refunded) for the accounts department, as XLSX. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  await auditExport(database, user, request, context);
  const event = await currentEvent(database, new URL(request.url).searchParams.get("event"));
  if (!event) throw notFound();
  const language = await getLanguage(request);
  const overview = await paymentsOverview(database, event.id, language);
  async function* rows() {
    yield overview.rows;
  }
  return download(`${language === "de" ? "zahlungen" : "payments"}-${event.slug}-${fileDate()}`, "xlsx", () =>
    xlsxStream(translator(language)("payments.title"), overview.columns, rows()),
  );
}
