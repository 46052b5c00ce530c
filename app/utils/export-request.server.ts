import { getDatabase } from "~/db.server";
import { currentEvent } from "~/modules/attendees/list.server";
import { readAttendeeQuery } from "~/modules/attendees/query";
import { getLanguage } from "~/modules/i18n/language.server";
import { requireStaff } from "~/modules/staff/session.server";
import { notFound } from "~/utils/http.server";

/**
 * What every download from the attendee list starts with: an organiser (check-in staff may not
 * export), the list's search and filters from the URL, its event, and the reader's language.
 */
export async function readExportRequest(request: Request) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const params = new URL(request.url).searchParams;
  const query = readAttendeeQuery(params);
  const event = await currentEvent(database, query.event);
  if (!event) throw notFound();
  const language = await getLanguage(request);
  return { database, params, query, event, language };
}
