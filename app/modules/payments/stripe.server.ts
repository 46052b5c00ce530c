import Stripe from "stripe";
import { getEnv } from "~/env.server";
import { STRIPE_API_VERSION } from "./stripe-version";

/**
 * The Stripe client, when online payment is configured (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET). Tests and
 * local development point it at a stand-in on loopback with STRIPE_API_URL. Requests time out after 15 s and are
 * retried twice with Stripe's idempotency keys, so a retried create never makes a second session or refund.
 */
let client: { stripe: Stripe; webhookSecret: string } | null | undefined;

export function stripeConfig(): { stripe: Stripe; webhookSecret: string } | null {
  if (client !== undefined) return client;
  const env = getEnv();
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) return (client = null);
  const api = env.STRIPE_API_URL ? new URL(env.STRIPE_API_URL) : null;
  const stripe = new Stripe(env.STRIPE_SECRET_KEY, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: 2,
    timeout: 15_000,
    telemetry: false,
    ...(api
      ? { host: api.hostname, port: Number(api.port || (api.protocol === "https:" ? 443 : 80)), protocol: api.protocol.replace(":", "") as "http" | "https" }
      : {}),
  });
  return (client = { stripe, webhookSecret: env.STRIPE_WEBHOOK_SECRET });
}

export const onlinePaymentEnabled = () => stripeConfig() !== null;

/** For tests that change the environment between cases. */
export function forgetStripeConfig() {
  client = undefined;
}
