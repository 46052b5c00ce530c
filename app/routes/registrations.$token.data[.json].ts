import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { personalDataByLink } from "~/modules/privacy/access.server";
import { PRIVATE_PAGE_HEADERS, clientAddress, notFound } from "~/utils/http.server";

/** Everything stored about an attendee (Art. 15 GDPR), machine-readable. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const found = await personalDataByLink(await getDatabase(), params.token ?? "", new URL(request.url).searchParams.get("attendee"), clientAddress(context));
  if (!found) throw notFound();
  return new Response(JSON.stringify(found.data, null, 2), {
    headers: {
      ...PRIVATE_PAGE_HEADERS,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="meine-daten-${found.data.person.ticketReference}.json"`,
    },
  });
}
