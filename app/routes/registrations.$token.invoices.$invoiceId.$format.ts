import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { loadManageScope } from "~/modules/registration/self-service.server";
import { invoiceDownload } from "~/modules/payments/downloads.server";
import { notFound } from "~/utils/http.server";

/** An invoice or credit note of the registration, as PDF or XRechnung: for the contact's link only. */
export async function loader({ params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const scope = await loadManageScope(database, params.token ?? "");
  if (!scope?.isContact) throw notFound();
  const download = await invoiceDownload(database.read, params.invoiceId ?? "", params.format ?? "", { registrationId: scope.registration.id });
  if (!download) throw notFound();
  return download;
}
