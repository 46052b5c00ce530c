import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import Stripe from "stripe";

/**
 * A stand-in for the few Stripe endpoints the app calls, on loopback (Stripe's servers cannot be reached here):
 * Checkout Sessions (create, retrieve, expire), Refunds (create), and a hosted payment page. It sends webhooks
 * signed for real with the endpoint secret, as Stripe does, and lets tests deliver events again, out of order,
 * or let a SEPA debit succeed or fail later. The client is pointed at it with STRIPE_API_URL.
 */
export type StandinSession = Stripe.Checkout.Session & { line_items_input: unknown[] };
export type StandinEvent = { id: string; type: string; payload: string };

export type StripeStandin = {
  url: string;
  sessions: Map<string, StandinSession>;
  refunds: Stripe.Refund[];
  events: StandinEvent[];
  requests: { method: string; path: string }[];
  /** Whether the API answers (false: every API call gets 503, as in an outage). */
  available: boolean;
  sessionFor(registrationId: string): StandinSession | undefined;
  /** Card payment: the session completes, paid; returns the event (delivered unless `deliver` is false). */
  pay(sessionId: string, options?: { deliver?: boolean; sepa?: boolean }): Promise<StandinEvent>;
  asyncOutcome(sessionId: string, succeeded: boolean, options?: { deliver?: boolean }): Promise<StandinEvent>;
  expire(sessionId: string, options?: { deliver?: boolean }): Promise<StandinEvent>;
  deliver(event: StandinEvent, signature?: string): Promise<Response>;
  sign(payload: string): string;
  close(): Promise<void>;
};

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;

/** Parses Stripe's form encoding (`line_items[0][price_data][unit_amount]=8900`) into nested objects and arrays. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.split(/\[|\]\[|\]/).filter((part) => part !== "");
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, index) => {
      const last = index === parts.length - 1;
      const container = node as Record<string, unknown>;
      if (last) container[part] = value;
      else {
        container[part] ??= /^\d+$/.test(parts[index + 1]!) ? [] : {};
        node = container[part] as Record<string, unknown>;
      }
    });
  }
  return root;
}

export async function startStripeStandin(options: { webhookUrl: string; webhookSecret: string; port?: number }): Promise<StripeStandin> {
  const signer = new Stripe("sk_test_standin");
  const sessions = new Map<string, StandinSession>();
  const refunds: Stripe.Refund[] = [];
  const events: StandinEvent[] = [];
  const requests: { method: string; path: string }[] = [];
  const idempotent = new Map<string, string>();
  let url = "";

  const sign = (payload: string) => signer.webhooks.generateTestHeaderString({ payload, secret: options.webhookSecret });
  const event = (type: string, object: unknown): StandinEvent => {
    const eventId = id("evt");
    const payload = JSON.stringify({
      id: eventId,
      object: "event",
      api_version: "2025-01-01",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null },
      type,
      data: { object },
    });
    const made = { id: eventId, type, payload };
    events.push(made);
    return made;
  };
  const deliver = (made: StandinEvent, signature = sign(made.payload)) =>
    fetch(options.webhookUrl, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: made.payload });
  const later = async (made: StandinEvent, send: boolean | undefined) => {
    if (send !== false) await deliver(made);
    return made;
  };

  const standin: StripeStandin = {
    url: "",
    sessions,
    refunds,
    events,
    requests,
    available: true,
    sessionFor: (registrationId) => [...sessions.values()].find((session) => session.client_reference_id === registrationId),
    async pay(sessionId, { deliver: send, sepa } = {}) {
      const session = sessions.get(sessionId)!;
      Object.assign(session, { status: "complete", payment_status: sepa ? "unpaid" : "paid", payment_intent: session.payment_intent ?? id("pi") });
      return later(event("checkout.session.completed", session), send);
    },
    async asyncOutcome(sessionId, succeeded, { deliver: send } = {}) {
      const session = sessions.get(sessionId)!;
      if (succeeded) session.payment_status = "paid";
      return later(event(succeeded ? "checkout.session.async_payment_succeeded" : "checkout.session.async_payment_failed", session), send);
    },
    async expire(sessionId, { deliver: send } = {}) {
      const session = sessions.get(sessionId)!;
      session.status = "expired";
      return later(event("checkout.session.expired", session), send);
    },
    deliver,
    sign,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
  const notFound = (response: ServerResponse) => json(response, 404, { error: { type: "invalid_request_error", message: "No such object" } });

  async function api(request: IncomingMessage, response: ServerResponse, path: string, body: string) {
    if (!standin.available) return json(response, 503, { error: { type: "api_error", message: "stand-in unavailable" } });
    const key = request.headers["idempotency-key"];
    if (request.method === "POST" && typeof key === "string" && idempotent.has(key)) return json(response, 200, JSON.parse(idempotent.get(key)!));
    const remember = (status: number, object: unknown) => {
      if (request.method === "POST" && typeof key === "string") idempotent.set(key, JSON.stringify(object));
      json(response, status, object);
    };
    const form = parseStripeForm(body);
    let match: RegExpExecArray | null;
    if (request.method === "POST" && path === "/v1/checkout/sessions") {
      const lineItems = (form.line_items as { quantity: string; price_data: { unit_amount: string; currency: string } }[]) ?? [];
      const sessionId = id("cs_test");
      const session = {
        id: sessionId,
        object: "checkout.session",
        url: `${url}/pay/${sessionId}`,
        status: "open",
        payment_status: "unpaid",
        mode: "payment",
        amount_total: lineItems.reduce((sum, item) => sum + Number(item.price_data.unit_amount) * Number(item.quantity), 0),
        currency: lineItems[0]?.price_data.currency ?? "eur",
        client_reference_id: form.client_reference_id ?? null,
        customer_email: form.customer_email ?? null,
        locale: form.locale ?? null,
        expires_at: Number(form.expires_at),
        metadata: form.metadata ?? {},
        payment_intent: null,
        success_url: form.success_url,
        cancel_url: form.cancel_url,
        line_items_input: lineItems,
      } as unknown as StandinSession;
      sessions.set(sessionId, session);
      return remember(200, session);
    }
    if ((match = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(path)) && request.method === "GET") {
      const session = sessions.get(match[1]!);
      return session ? json(response, 200, session) : notFound(response);
    }
    if ((match = /^\/v1\/checkout\/sessions\/([\w]+)\/expire$/.exec(path)) && request.method === "POST") {
      const session = sessions.get(match[1]!);
      if (!session) return notFound(response);
      if (session.status !== "open") return json(response, 400, { error: { type: "invalid_request_error", message: "session is not open" } });
      session.status = "expired";
      return remember(200, session);
    }
    if (request.method === "POST" && path === "/v1/refunds") {
      const paymentIntent = String(form.payment_intent);
      const session = [...sessions.values()].find((candidate) => candidate.payment_intent === paymentIntent);
      if (!session) return notFound(response);
      const refunded = refunds.filter((refund) => refund.payment_intent === paymentIntent).reduce((sum, refund) => sum + refund.amount, 0);
      const amount = form.amount ? Number(form.amount) : (session.amount_total ?? 0) - refunded;
      if (amount + refunded > (session.amount_total ?? 0))
        return json(response, 400, { error: { type: "invalid_request_error", message: "refund exceeds the charge" } });
      const refund = {
        id: id("re"),
        object: "refund",
        amount,
        payment_intent: paymentIntent,
        status: "succeeded",
        currency: "eur",
        metadata: form.metadata ?? {},
      } as unknown as Stripe.Refund;
      refunds.push(refund);
      remember(200, refund);
      // Stripe tells the endpoint too: charge.refunded, with every refund of the charge so far.
      const all = refunds.filter((candidate) => candidate.payment_intent === paymentIntent);
      const charge = {
        id: id("ch"),
        object: "charge",
        payment_intent: paymentIntent,
        amount: session.amount_total,
        amount_refunded: refunded + amount,
        refunded: true,
        refunds: { object: "list", data: all },
      };
      setTimeout(() => void deliver(event("charge.refunded", charge)).catch(() => undefined), 20);
      return;
    }
    return notFound(response);
  }

  /** The hosted payment page: pay by card, by SEPA debit (settled later), or go back. Works without JavaScript. */
  async function hosted(request: IncomingMessage, response: ServerResponse, sessionId: string, body: string) {
    const session = sessions.get(sessionId);
    if (!session) return notFound(response);
    if (request.method === "POST") {
      const choice = new URLSearchParams(body).get("choice");
      if (choice === "cancel" || session.status !== "open") {
        response.writeHead(303, { location: session.cancel_url! });
        return response.end();
      }
      await standin.pay(sessionId, { sepa: choice === "sepa" });
      response.writeHead(303, { location: session.success_url! });
      return response.end();
    }
    const amount = ((session.amount_total ?? 0) / 100).toFixed(2).replace(".", ",");
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Stripe Checkout (Stand-in)</title></head><body><main>
<h1>Bezahlen: ${amount} €</h1><p>Status: ${session.status}</p>
<form method="post"><button name="choice" value="card">Mit Karte bezahlen</button>
<button name="choice" value="sepa">Per SEPA-Lastschrift bezahlen</button>
<button name="choice" value="cancel">Zurück</button></form></main></body></html>`);
  }

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = new URL(request.url ?? "/", "http://standin").pathname;
      requests.push({ method: request.method ?? "GET", path });
      if (path === "/health") return json(response, 200, { ok: true });
      const control = /^\/__control\/(expire|sepa-succeeded|sepa-failed)\/([\w]+)$/.exec(path);
      if (control && request.method === "POST") {
        // For browser tests in another process: what Stripe would do later, for the session of a registration.
        const session = standin.sessionFor(control[2]!);
        if (!session) return notFound(response);
        const done = control[1] === "expire" ? standin.expire(session.id) : standin.asyncOutcome(session.id, control[1] === "sepa-succeeded");
        void done.then((event) => json(response, 200, { event: event.id }));
        return;
      }
      const pay = /^\/pay\/([\w]+)$/.exec(path);
      const work = pay ? hosted(request, response, pay[1]!, body) : api(request, response, path, body);
      work.catch((error: Error) => json(response, 500, { error: { type: "api_error", message: error.message } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  standin.url = url;
  return standin;
}
