import type { ActionFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { runScanCommand } from "~/modules/checkin/request.server";
import { UnknownCheckInList } from "~/modules/checkin/scan.server";
import { requireStaff } from "~/modules/staff/session.server";
import { notFound, readFormData } from "~/utils/http.server";

/** The scanner's JSON endpoint: one scan (or name-search pick, or undo) in, its answer out. */
export async function action({ request, params }: ActionFunctionArgs) {
  const started = performance.now();
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser", "checkin"]);
  const outcome = await runScanCommand(database, params.listId ?? "", user.id, await readFormData(request)).catch((error: unknown) => {
    throw error instanceof UnknownCheckInList ? notFound() : error;
  });
  if (outcome.kind === "invalid") return Response.json({ error: "invalid scan request" }, { status: 400 });
  // Server-Timing shows the server's share of a scan in the browser's tools and to the benchmark.
  const serverMs = (performance.now() - started).toFixed(1);
  // A plain Response: Remix applies no headers given with data() in a resource route.
  return Response.json(outcome, { headers: { "Cache-Control": "no-store", "Server-Timing": `scan;dur=${serverMs}` } });
}
