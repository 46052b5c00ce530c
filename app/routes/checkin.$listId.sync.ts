import type { ActionFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { getCheckInList } from "~/modules/checkin/lists.server";
import { syncScans } from "~/modules/checkin/offline.server";
import { SyncRequestSchema } from "~/modules/checkin/sync-schema";
import { requireStaff } from "~/modules/staff/session.server";
import { notFound, readFormData } from "~/utils/http.server";

/** Scans a device made offline, sent when the network is back: recorded once per scan id, with both times. */
export async function action({ request, params }: ActionFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser", "checkin"]);
  const list = await getCheckInList(database, params.listId ?? "");
  if (!list) throw notFound();
  const form = await readFormData(request);
  let scans: unknown;
  try {
    scans = JSON.parse(String(form.get("scans") ?? ""));
  } catch {
    return Response.json({ error: "scans must be JSON" }, { status: 400 });
  }
  const parsed = SyncRequestSchema.safeParse({ device: form.get("device") ?? "", scans });
  if (!parsed.success) return Response.json({ error: "invalid sync request" }, { status: 400 });
  const results = await syncScans(database, list.id, user.id, parsed.data.device || null, parsed.data.scans);
  return Response.json({ results }, { headers: { "Cache-Control": "no-store" } });
}
