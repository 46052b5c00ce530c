import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { attendeeByLink } from "~/modules/registration/self-service.server";
import { ticketPayload, ticketQrPng } from "~/modules/tickets/qr.server";
import { signingKey } from "~/modules/tickets/signing.server";
import { PRIVATE_PAGE_HEADERS, notFound } from "~/utils/http.server";

/** A confirmed attendee's ticket (its QR code) as an image to save or print, for the attendees the link covers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const attendee = (await attendeeByLink(database, params.token ?? "", new URL(request.url).searchParams.get("attendee")))?.attendee;
  if (!attendee || attendee.status !== "confirmed") throw notFound();
  const key = await signingKey(database.read, attendee.eventId);
  return new Response(new Uint8Array(ticketQrPng(ticketPayload(key, attendee))), {
    headers: { ...PRIVATE_PAGE_HEADERS, "Content-Type": "image/png", "Content-Disposition": `attachment; filename="ticket-${attendee.ticketReference}.png"` },
  });
}
