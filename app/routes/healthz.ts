import { getDatabase } from "~/db.server";

/** For load balancers and the test harness: answers 200 once the database is reachable. */
export async function loader() {
  const database = await getDatabase();
  await database.read.event.count();
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
