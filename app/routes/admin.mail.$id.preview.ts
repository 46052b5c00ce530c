import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { openOutboxMessage } from "~/modules/mail/mailbox.server";
import { requireStaff } from "~/modules/staff/session.server";
import { notFound } from "~/utils/http.server";

/**
 * A captured mail's HTML as the recipient sees it, for the preview frame of /admin/mail/<id>. A document of its own
 * with a policy of its own: the mail's inline styles apply (the app's pages allow none, and a srcdoc frame inherits
 * the page's policy, which showed the mail unstyled), while nothing in it runs, loads from elsewhere or leaves the
 * frame (sandbox: no scripts, no forms, an origin of its own). Only the app's own pages may frame it.
 */
const PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const message = await openOutboxMessage(database, params.id ?? "");
  if (!message?.html) throw notFound();
  return new Response(message.html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": PREVIEW_POLICY,
      "X-Frame-Options": "SAMEORIGIN",
      "Cache-Control": "no-store",
    },
  });
}
