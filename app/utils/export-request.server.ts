import { getDatabase } from "~/db.server";
import { currentEvent } from "~/modules/attendees/list.server";
import { readAttendeeQuery } from "~/modules/attendees/query";
import { getLanguage } from "~/modules/i18n/language.server";
import { requireStaff } from "~/modules/staff/session.server";
import { clientAddress, notFound } from "~/utils/http.server";
import { audit, staffActor } from "~/modules/audit/log.server";

/**
 * What every download from the attendee list starts with: an organiser (check-in staff may not
 * export), the list's search and filters from the URL, its event, and the reader's language.
 */
export async function readExportRequest(request: Request, context: { clientAddress?: unknown }) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const params = new URL(request.url).searchParams;
  await auditExport(database, user, request, context);
  const query = readAttendeeQuery(params);
  const event = await currentEvent(database, query.event);
  if (!event) throw notFound();
  const language = await getLanguage(request);
  return { database, params, query, event, language };
}

/**
 * Records an export in the audit log: which file and which filters, but not a search text (it may be a name).
 */
export async function auditExport(
  database: Awaited<ReturnType<typeof getDatabase>>,
  user: { id: string; name: string },
  request: Request,
  context: { clientAddress?: unknown },
) {
  const url = new URL(request.url);
  const filters = [...url.searchParams.entries()].filter(([key]) => key !== "q" && key !== "columns").map(([key, value]) => `${key}=${value.slice(0, 40)}`);
  await audit(database, staffActor(user, clientAddress(context)), "export", {
    subject: url.searchParams.get("event") ? `event:${url.searchParams.get("event")}` : null,
    detail: `${url.pathname} ${filters.join(" ")}`.trim(),
  });
}
