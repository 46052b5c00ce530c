/**
 * `npm run bench:payments`: what a paid registration costs in time, against the production server on a fresh
 * database, beside a free registration measured in the same run. Not part of `npm test`.
 *
 * - form POST → answer, for a free ticket (baseline), a paid ticket by invoice (invoice numbered and written in
 *   the transaction), and a paid ticket online (seats held, then the Checkout Session created at the Stripe
 *   stand-in over loopback HTTP, answered with the redirect to Stripe);
 * - webhook → mail queued: the stand-in delivers `checkout.session.completed`, signed; the server verifies it,
 *   confirms, issues the paid invoice and queues the confirmation in one transaction before it answers.
 * Each first one by one (latency), then BENCH_CONCURRENCY at once (throughput).
 *
 * Options (environment): BENCH_REGISTRATIONS (default 300 per kind), BENCH_CONCURRENCY (10), BENCH_PORT (3296).
 */
import { Agent, request } from "undici";
import { openDatabase } from "../../app/db.server";
import { attendeeValues, createTestEvent } from "../../tests/support/factories";
import { startStripeStandin } from "../../tests/support/stripe-standin";
import { percentile, scratchDatabase, startServer } from "./server";

const COUNT = Number(process.env.BENCH_REGISTRATIONS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3296);
const SECRET = "whsec_benchsecret";
const base = `http://127.0.0.1:${PORT}`;

type Kind = "free" | "invoice" | "online";
let sequence = 0;

function form(kind: Kind, ids: { free: string; paid: string }): string {
  sequence += 1;
  const person = attendeeValues({ email: `p${sequence}@bench.example` });
  const body = new URLSearchParams({
    ticketTypeId: kind === "free" ? ids.free : ids.paid,
    contactEmail: person.email,
    language: "de",
    invoiceAddress: "Stadt Bürstadt\nRathausstraße 2\n68642 Bürstadt",
    paymentMethod: kind === "online" ? "stripe" : "invoice",
    waitlistIfFull: "on",
    privacyConsent: "on",
    website: "",
    "attendees[0].firstName": person.firstName,
    "attendees[0].lastName": person.lastName,
    "attendees[0].email": person.email,
    "attendees[0].organisation": person.organisation,
  });
  return body.toString();
}

async function main() {
  const { databaseUrl, remove } = scratchDatabase();
  const database = await openDatabase(databaseUrl);
  const t = await createTestEvent(database.write);
  await database.close();
  const stripe = await startStripeStandin({ webhookUrl: `${base}/stripe/webhook`, webhookSecret: SECRET });
  const server = await startServer(databaseUrl, PORT, {
    STRIPE_SECRET_KEY: "sk_test_bench",
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_API_URL: stripe.url,
    BASE_URL: base,
    // Each simulated buyer comes from an address of its own (a documentation range, named in a header only: nothing is
    // sent there), as real buyers do: one address may hold only a few seats unpaid (decision 026).
    TRUST_PROXY: "loopback",
  });
  const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 60_000 });
  const ids = { free: t.freeTicket.id, paid: t.paidTicket.id };
  const path = `/events/${t.event.slug}/register`;

  const post = async (kind: Kind) => {
    const started = performance.now();
    const response = await request(`${base}${path}`, {
      method: "POST",
      dispatcher: agent,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": `198.51.100.${sequence % 250}` },
      body: form(kind, ids),
    });
    await response.body.dump();
    const location = String(response.headers.location ?? "");
    const expected = kind === "online" ? location.startsWith(stripe.url) : location.startsWith("/registrations/");
    if (response.statusCode !== 303 || !expected) throw new Error(`${kind}: ${response.statusCode} ${location}`);
    return performance.now() - started;
  };

  const measure = async (label: string, work: () => Promise<number>) => {
    for (let i = 0; i < 20; i++) await work(); // warm-up: query plans compiled, modules loaded
    const latencies: number[] = [];
    for (let i = 0; i < COUNT; i++) latencies.push(await work());
    const started = performance.now();
    let done = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (done < COUNT) {
          done++;
          await work();
        }
      }),
    );
    const perSecond = COUNT / ((performance.now() - started) / 1000);
    latencies.sort((a, b) => a - b);
    console.log(
      `  ${label.padEnd(44)} p50 ${percentile(latencies, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(latencies, 95).toFixed(1).padStart(6)} ms   ${perSecond.toFixed(0).padStart(5)}/s at ${CONCURRENCY} at once`,
    );
  };

  try {
    console.log(`\nPaid registrations: ${COUNT} of each kind one by one, then ${COUNT} with ${CONCURRENCY} at once (production server, SQLite)`);
    await measure("free ticket: form POST → 303 (baseline)", () => post("free"));
    await measure("paid, by invoice: form POST → 303", () => post("invoice"));
    await measure("paid, online: form POST → 303 to Stripe", () => post("online"));
    // Webhook → mail queued: sessions opened but not yet paid are paid now, one delivery each.
    const open = [...stripe.sessions.values()].filter((session) => session.status === "open");
    let next = 0;
    await measure("paid, online: webhook → confirmed, mail queued", async () => {
      const session = open[next++];
      if (!session) throw new Error("not enough open sessions");
      const event = await stripe.pay(session.id, { deliver: false });
      const started = performance.now();
      const response = await stripe.deliver(event);
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      return performance.now() - started;
    });
    const check = await openDatabase(databaseUrl);
    const [queued, invoices] = await Promise.all([
      check.read.emailOutbox.count({ where: { kind: "registration_confirmed", registration: { paymentMethod: "stripe" } } }),
      check.read.invoice.count(),
    ]);
    console.log(`\n  checked: ${queued} confirmations of online payments queued, ${invoices} invoices issued`);
    await check.close();
  } finally {
    await agent.close();
    server.kill("SIGTERM");
    await stripe.close();
    remove();
  }
}

await main();
