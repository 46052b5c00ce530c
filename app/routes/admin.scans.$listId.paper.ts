import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { getCheckInList } from "~/modules/checkin/lists.server";
import { paperCheckInList } from "~/modules/checkin/scan-log.server";
import { download, fileDate } from "~/modules/exports/download.server";
import { getLanguage } from "~/modules/i18n/language.server";
import { requireStaff } from "~/modules/staff/session.server";
import { auditExport } from "~/utils/export-request.server";
import { notFound } from "~/utils/http.server";

/** A check-in list on paper (A4, alphabetical, with a column to sign): the door's last fallback. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const list = await getCheckInList(database, params.listId ?? "");
  if (!list) throw notFound();
  await auditExport(database, user, request, context);
  const language = await getLanguage(request);
  return download(`${language === "de" ? "einlassliste" : "check-in-list"}-${list.nameDe.slice(0, 40)}-${fileDate()}`, "pdf", () =>
    paperCheckInList(database, list, language),
  );
}
