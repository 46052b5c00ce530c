import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { invoiceDownload } from "~/modules/payments/downloads.server";
import { requireStaff } from "~/modules/staff/session.server";
import { auditExport } from "~/utils/export-request.server";
import { notFound } from "~/utils/http.server";

/** An invoice or credit note for the organisers, as PDF or XRechnung (XML). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const download = await invoiceDownload(database.read, params.invoiceId ?? "", params.format ?? "", {});
  if (!download) throw notFound();
  await auditExport(database, user, request, context);
  return download;
}
