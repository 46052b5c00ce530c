import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { getEnv } from "~/env.server";
import { certificatePdf, issueCertificate } from "~/modules/certificates/certificate.server";
import { getLanguage } from "~/modules/i18n/language.server";
import { requireStaff } from "~/modules/staff/session.server";
import { PRIVATE_PAGE_HEADERS, notFound } from "~/utils/http.server";

/** An attendee's certificate of attendance for organisers (issued on first download when the attendee is eligible). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const id = params.id ?? "";
  if (!(await issueCertificate(database, id))) throw notFound();
  const certificate = await certificatePdf(database.read, id, getEnv().BASE_URL, await getLanguage(request));
  if (!certificate) throw notFound();
  return new Response(new Uint8Array(certificate.pdf), {
    headers: { ...PRIVATE_PAGE_HEADERS, "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${certificate.filename}"` },
  });
}
