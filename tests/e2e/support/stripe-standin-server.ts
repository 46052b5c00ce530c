import { startStripeStandin } from "../../support/stripe-standin";

/** The Stripe stand-in as a process of its own, for the browser tests (playwright.config.ts starts it). */
const port = Number(process.env.STANDIN_PORT ?? 3211);
const standin = await startStripeStandin({
  port,
  webhookUrl: process.env.STANDIN_WEBHOOK_URL ?? "http://localhost:3210/stripe/webhook",
  webhookSecret: process.env.STANDIN_WEBHOOK_SECRET ?? "whsec_e2e",
});
console.log(`Stripe stand-in on ${standin.url}`);
