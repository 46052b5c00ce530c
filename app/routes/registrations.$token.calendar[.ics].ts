import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { getEnv } from "~/env.server";
import { attendeeCalendar } from "~/modules/calendar/calendar.server";
import { isLanguage } from "~/modules/i18n/language";
import { loadRegistrationByToken } from "~/modules/registration/view.server";
import { PRIVATE_PAGE_HEADERS, notFound } from "~/utils/http.server";

/** One attendee's calendar file: the congress and their own workshops and site visit. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const registration = await loadRegistrationByToken(database.read, params.token ?? "");
  if (!registration) throw notFound();
  const attendeeId = new URL(request.url).searchParams.get("attendee");
  const attendee = registration.attendees.find((candidate) => candidate.id === attendeeId) ?? registration.attendees[0];
  if (!attendee || attendee.status === "cancelled") throw notFound();

  const language = isLanguage(registration.language) ? registration.language : "de";
  const manageUrl = `${getEnv().BASE_URL}/registrations/${registration.manageToken}`;
  return new Response(attendeeCalendar(registration, attendee, manageUrl, language), {
    headers: {
      ...PRIVATE_PAGE_HEADERS,
      "Content-Type": "text/calendar; charset=utf-8; method=PUBLISH",
      "Content-Disposition": `attachment; filename="kongress-${attendee.ticketReference}.ics"`,
    },
  });
}
