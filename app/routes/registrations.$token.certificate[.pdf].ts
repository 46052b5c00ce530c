import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { getEnv } from "~/env.server";
import { certificatePdf, issueCertificate } from "~/modules/certificates/certificate.server";
import { getLanguage } from "~/modules/i18n/language.server";
import { attendeeByLink } from "~/modules/registration/self-service.server";
import { PRIVATE_PAGE_HEADERS, notFound } from "~/utils/http.server";

/** An attendee's certificate of attendance, for the attendees the link covers, once they are eligible. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const attendee = (await attendeeByLink(database, params.token ?? "", new URL(request.url).searchParams.get("attendee")))?.attendee;
  if (!attendee || !(await issueCertificate(database, attendee.id))) throw notFound();
  const certificate = await certificatePdf(database.read, attendee.id, getEnv().BASE_URL, await getLanguage(request));
  if (!certificate) throw notFound();
  return new Response(new Uint8Array(certificate.pdf), {
    headers: { ...PRIVATE_PAGE_HEADERS, "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${certificate.filename}"` },
  });
}
