import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { currentEvent } from "~/modules/attendees/list.server";
import { readAttendeeQuery } from "~/modules/attendees/query";
import { attendeesOfList } from "~/modules/exports/attendee-rows.server";
import { badgesPdf } from "~/modules/exports/badges.server";
import { download, fileDate } from "~/modules/exports/download.server";
import { localized } from "~/modules/i18n/language";
import { getLanguage } from "~/modules/i18n/language.server";
import { requireStaff } from "~/modules/staff/session.server";
import { notFound } from "~/utils/http.server";

/** Name badges for the attendee list as filtered (confirmed people unless a status is chosen). */
export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const params = new URL(request.url).searchParams;
  const query = readAttendeeQuery(params);
  const event = await currentEvent(database, query.event);
  if (!event) throw notFound();
  const language = await getLanguage(request);
  const layout = params.get("layout") === "a6" ? "a6" : "a4";
  const people = attendeesOfList(database, event.id, { ...query, status: query.status ?? "confirmed" });
  const title = localized(language, event.titleDe, event.titleEn);
  return download(await badgesPdf(people, title, layout, language), `${language === "de" ? "namensschilder" : "badges"}-${event.slug}-${fileDate()}`, "pdf");
}
