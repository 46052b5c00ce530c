import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { getEnv } from "~/env.server";
import { attendeeCalendar } from "~/modules/calendar/calendar.server";
import { isLanguage } from "~/modules/i18n/language";
import { manageUrlFor } from "~/modules/mail/compose.server";
import { attendeeByLink } from "~/modules/registration/self-service.server";
import { PRIVATE_PAGE_HEADERS, notFound } from "~/utils/http.server";

/** One attendee's calendar file: the congress and their own workshops and site visit; only attendees the link covers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const found = await attendeeByLink(database, params.token ?? "", new URL(request.url).searchParams.get("attendee"));
  if (!found || found.attendee.status === "cancelled") throw notFound();
  const { scope, attendee } = found;

  const registration = scope.registration;
  const language = isLanguage(registration.language) ? registration.language : "de";
  const manageUrl = manageUrlFor(registration, scope.isContact ? null : attendee.id, getEnv().BASE_URL);
  return new Response(attendeeCalendar(registration, attendee, manageUrl, language), {
    headers: {
      ...PRIVATE_PAGE_HEADERS,
      "Content-Type": "text/calendar; charset=utf-8; method=PUBLISH",
      "Content-Disposition": `attachment; filename="kongress-${attendee.ticketReference}.ics"`,
    },
  });
}
