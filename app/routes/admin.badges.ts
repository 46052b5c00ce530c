import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendeesOfList } from "~/modules/exports/attendee-rows.server";
import { badgesPdf } from "~/modules/exports/badges.server";
import { download, fileDate } from "~/modules/exports/download.server";
import { localized } from "~/modules/i18n/language";
import { readExportRequest } from "~/utils/export-request.server";

/** Name badges for the attendee list as filtered (confirmed people unless a status is chosen). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { database, params, query, event, language } = await readExportRequest(request, context);
  const layout = params.get("layout") === "a6" ? "a6" : "a4";
  const title = localized(language, event.titleDe, event.titleEn);
  return download(`${language === "de" ? "namensschilder" : "badges"}-${layout}-${event.slug}-${fileDate()}`, "pdf", () =>
    badgesPdf(attendeesOfList(database, event.id, { ...query, status: query.status ?? "confirmed" }), title, layout, language),
  );
}
