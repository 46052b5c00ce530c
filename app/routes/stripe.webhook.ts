import type { ActionFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { receiveWebhook } from "~/modules/payments/webhooks.server";
import { notFound } from "~/utils/http.server";

/** Stripe's webhook endpoint: the raw body and its signature go to the payments module, which verifies and acts. */
export async function action({ request }: ActionFunctionArgs) {
  const database = await getDatabase();
  const outcome = await receiveWebhook(database, await request.text(), request.headers.get("stripe-signature"));
  return new Response(outcome.body, { status: outcome.status, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}

export function loader() {
  throw notFound();
}
