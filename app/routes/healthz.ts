import { randomBytes } from "node:crypto";
import { getDatabase } from "~/db.server";

/** A random name for this process, so that a load balancer's spread over instances can be seen (and tested). */
const INSTANCE = randomBytes(4).toString("hex");

/** For load balancers and the test harness: answers 200 once the database is reachable. */
export async function loader() {
  const database = await getDatabase();
  await database.read.event.count();
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store", "X-Kongress-Instance": INSTANCE } });
}
