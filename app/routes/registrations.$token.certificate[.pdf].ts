import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { getEnv } from "~/env.server";
import { certificatePdf, issueCertificate } from "~/modules/certificates/certificate.server";
import { getLanguage } from "~/modules/i18n/language.server";
import { loadManageScope } from "~/modules/registration/self-service.server";
import { PRIVATE_PAGE_HEADERS, notFound } from "~/utils/http.server";

/** An attendee's certificate of attendance, for the attendees the link covers, once they are eligible. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const scope = await loadManageScope(database.read, params.token ?? "");
  if (!scope) throw notFound();
  const attendeeId = new URL(request.url).searchParams.get("attendee");
  const attendee = scope.attendees.find((candidate) => candidate.id === attendeeId) ?? scope.attendees[0];
  if (!attendee || !(await issueCertificate(database, attendee.id))) throw notFound();
  const certificate = await certificatePdf(database.read, attendee.id, getEnv().BASE_URL, await getLanguage(request));
  if (!certificate) throw notFound();
  return new Response(new Uint8Array(certificate.pdf), {
    headers: { ...PRIVATE_PAGE_HEADERS, "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${certificate.filename}"` },
  });
}
