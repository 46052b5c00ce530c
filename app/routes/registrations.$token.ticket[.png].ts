import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { loadManageScope } from "~/modules/registration/self-service.server";
import { ticketQrPng } from "~/modules/tickets/qr.server";
import { PRIVATE_PAGE_HEADERS, notFound } from "~/utils/http.server";

/** A confirmed attendee's ticket (its QR code) as an image to save or print, for the attendees the link covers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const scope = await loadManageScope(database.read, params.token ?? "");
  if (!scope) throw notFound();
  const attendeeId = new URL(request.url).searchParams.get("attendee");
  const attendee = scope.attendees.find((candidate) => candidate.id === attendeeId) ?? scope.attendees[0];
  if (!attendee || attendee.status !== "confirmed") throw notFound();
  return new Response(new Uint8Array(ticketQrPng(attendee.ticketSecret)), {
    headers: { ...PRIVATE_PAGE_HEADERS, "Content-Type": "image/png", "Content-Disposition": `attachment; filename="ticket-${attendee.ticketReference}.png"` },
  });
}
