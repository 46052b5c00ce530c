import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { getCheckInList } from "~/modules/checkin/lists.server";
import { offlineListData } from "~/modules/checkin/offline.server";
import { requireStaff } from "~/modules/staff/session.server";
import { notFound } from "~/utils/http.server";

/** What a scanner device keeps to check this list without a network: keys, admitted tickets (hashed), revoked ones. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser", "checkin"]);
  const list = await getCheckInList(database, params.listId ?? "");
  if (!list) throw notFound();
  return Response.json(await offlineListData(database, list), { headers: { "Cache-Control": "no-store" } });
}
