import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import Stripe from "stripe";
import { STRIPE_API_VERSION } from "~/modules/payments/stripe-version";
import { checkRefundParams, checkSessionParams, type Refusal } from "./stripe-rules";

/**
 * A stand-in for the few Stripe endpoints the app calls, on loopback (Stripe's servers cannot be reached here):
 * Checkout Sessions (create, retrieve, expire), Payment Intents (retrieve, with the latest charge expanded),
 * Refunds (create, list), and a hosted payment page. It is as strict as Stripe's documented API where the app can
 * err (stripe-rules.ts: unknown or missing parameters, the 30-minute to 24-hour range of a session's expiry, metadata
 * limits, the minimum amount, the API version) and answers refusals as Stripe does, with a 400 and the parameter.
 * Its events have the shapes of the pinned API version: a `charge.refunded` charge carries no list of refunds
 * (since 2022-11-15), each refund has `refund.created`/`refund.updated` of its own. Webhooks are signed for real with
 * the endpoint secret; tests deliver events again, out of order, forged, or let a SEPA debit succeed or fail later,
 * and refund from "the dashboard". The client is pointed at it with STRIPE_API_URL.
 */
export type StandinSession = Stripe.Checkout.Session & { line_items_input: unknown[] };
export type StandinEvent = { id: string; type: string; payload: string };

export type StripeStandin = {
  url: string;
  sessions: Map<string, StandinSession>;
  refunds: Stripe.Refund[];
  events: StandinEvent[];
  requests: { method: string; path: string }[];
  /** Every request refused as Stripe would refuse it (a test of the app expects none). */
  refusals: (Refusal & { path: string })[];
  /** Whether the API answers (false: every API call gets 503, as in an outage). */
  available: boolean;
  /** Seconds added to the stand-in's clock, as if a request took that long to reach Stripe or the clocks disagreed. */
  clockSkewSeconds: number;
  sessionFor(registrationId: string): StandinSession | undefined;
  /** Card payment: the session completes, paid; returns the event (delivered unless `deliver` is false). */
  pay(sessionId: string, options?: { deliver?: boolean; sepa?: boolean }): Promise<StandinEvent>;
  asyncOutcome(sessionId: string, succeeded: boolean, options?: { deliver?: boolean }): Promise<StandinEvent>;
  expire(sessionId: string, options?: { deliver?: boolean }): Promise<StandinEvent>;
  /**
   * A refund made in Stripe's dashboard (all that is left, or `amount`): `charge.refunded` (without the refunds,
   * as the API version sends it) and `refund.created` are sent, in that order unless `order` says otherwise.
   */
  refundFromDashboard(
    sessionId: string,
    options?: { amount?: number; deliver?: boolean; order?: "charge_first" | "refund_first" },
  ): Promise<{ refund: Stripe.Refund; events: StandinEvent[] }>;
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
  const refusals: (Refusal & { path: string })[] = [];
  const paymentIntents = new Map<string, Record<string, unknown>>();
  const idempotent = new Map<string, string>();
  let url = "";

  const sign = (payload: string) => signer.webhooks.generateTestHeaderString({ payload, secret: options.webhookSecret });
  const event = (type: string, object: unknown): StandinEvent => {
    const eventId = id("evt");
    const payload = JSON.stringify({
      id: eventId,
      object: "event",
      api_version: STRIPE_API_VERSION,
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
    refusals,
    available: true,
    clockSkewSeconds: 0,
    sessionFor: (registrationId) => [...sessions.values()].find((session) => session.client_reference_id === registrationId),
    async pay(sessionId, { deliver: send, sepa } = {}) {
      const session = sessions.get(sessionId)!;
      const intentId = (session.payment_intent as string | null) ?? id("pi");
      Object.assign(session, { status: "complete", payment_status: sepa ? "unpaid" : "paid", payment_intent: intentId });
      const details = sepa
        ? { type: "sepa_debit", sepa_debit: { bank_code: "37040044", country: "DE", last4: "3000", mandate: id("mandate") } }
        : { type: "card", card: { brand: "visa", last4: "4242", funding: "credit", exp_month: 12, exp_year: 2030, country: "DE" } };
      paymentIntents.set(intentId, {
        id: intentId,
        object: "payment_intent",
        amount: session.amount_total,
        currency: session.currency,
        status: sepa ? "processing" : "succeeded",
        metadata: (session as unknown as { payment_intent_metadata: Record<string, string> }).payment_intent_metadata ?? {},
        latest_charge: {
          id: id("ch"),
          object: "charge",
          amount: session.amount_total,
          amount_refunded: 0,
          currency: session.currency,
          payment_intent: intentId,
          billing_details: { name: "Erika Mustermann", email: session.customer_email },
          payment_method_details: details,
          refunded: false,
        },
      });
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
    async refundFromDashboard(sessionId, { amount, deliver: send, order = "charge_first" } = {}) {
      const session = sessions.get(sessionId)!;
      const intentId = session.payment_intent as string;
      const refund = makeRefund(intentId, amount ?? (session.amount_total ?? 0) - refundedOf(intentId), {});
      const made = [event("charge.refunded", chargeOf(intentId)), event("refund.created", refund)];
      if (order === "refund_first") made.reverse();
      if (send !== false) for (const one of made) await deliver(one);
      return { refund, events: made };
    },
    deliver,
    sign,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const refundedOf = (intentId: string) =>
    refunds.filter((refund) => refund.payment_intent === intentId && refund.status !== "failed").reduce((sum, refund) => sum + refund.amount, 0);
  /** The charge as events and the API show it in this API version: no `refunds` list, the sum in `amount_refunded`. */
  const chargeOf = (intentId: string): Record<string, unknown> & { id: string } => {
    const charge = (paymentIntents.get(intentId)?.latest_charge ?? { id: id("ch"), amount: 0 }) as Record<string, unknown>;
    const refunded = refundedOf(intentId);
    return {
      ...charge,
      id: String(charge.id),
      object: "charge",
      payment_intent: intentId,
      amount_refunded: refunded,
      refunded: refunded >= Number(charge.amount),
    };
  };
  const makeRefund = (intentId: string, amount: number, metadata: Record<string, unknown>) => {
    const charge = paymentIntents.get(intentId)?.latest_charge as { id: string } | undefined;
    const refund = {
      id: id("re"),
      object: "refund",
      amount,
      charge: charge?.id ?? null,
      payment_intent: intentId,
      status: "succeeded",
      currency: "eur",
      created: Math.floor(Date.now() / 1000),
      metadata,
    } as unknown as Stripe.Refund;
    refunds.push(refund);
    return refund;
  };

  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
  const notFound = (response: ServerResponse) => json(response, 404, { error: { type: "invalid_request_error", message: "No such object" } });

  const refuse = (response: ServerResponse, path: string, refusal: Refusal) => {
    refusals.push({ ...refusal, path });
    json(response, 400, { error: { type: "invalid_request_error", code: refusal.code, param: refusal.param, message: refusal.message } });
  };

  async function api(request: IncomingMessage, response: ServerResponse, path: string, body: string, query: URLSearchParams) {
    if (!standin.available) return json(response, 503, { error: { type: "api_error", message: "stand-in unavailable" } });
    // The app pins the API version it was written for; a request of another version would get other shapes.
    if (request.headers["stripe-version"] !== STRIPE_API_VERSION) {
      return refuse(response, path, { code: "api_version_invalid", param: "Stripe-Version", message: `expected Stripe-Version ${STRIPE_API_VERSION}` });
    }
    const key = request.headers["idempotency-key"];
    if (request.method === "POST" && typeof key === "string" && idempotent.has(key)) return json(response, 200, JSON.parse(idempotent.get(key)!));
    const remember = (status: number, object: unknown) => {
      if (request.method === "POST" && typeof key === "string") idempotent.set(key, JSON.stringify(object));
      json(response, status, object);
    };
    const form = parseStripeForm(body);
    let match: RegExpExecArray | null;
    const nowSeconds = Math.floor(Date.now() / 1000) + standin.clockSkewSeconds;
    if (request.method === "POST" && path === "/v1/checkout/sessions") {
      const refusal = checkSessionParams(form, nowSeconds);
      if (refusal) return refuse(response, path, refusal);
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
        created: nowSeconds,
        payment_intent_metadata: (form.payment_intent_data as { metadata?: Record<string, string> } | undefined)?.metadata ?? {},
      } as unknown as StandinSession;
      sessions.set(sessionId, session);
      return remember(200, session);
    }
    if ((match = /^\/v1\/payment_intents\/([\w]+)$/.exec(path)) && request.method === "GET") {
      const intent = paymentIntents.get(match[1]!);
      if (!intent) return notFound(response);
      // `latest_charge` is an id unless expanded, as in Stripe's API.
      const expanded = query.getAll("expand[]").includes("latest_charge") || query.getAll("expand[0]").includes("latest_charge");
      const charge = chargeOf(match[1]!);
      return json(response, 200, { ...intent, latest_charge: expanded ? charge : charge.id });
    }
    if (request.method === "GET" && path === "/v1/refunds") {
      const intentId = query.get("payment_intent");
      const limit = Number(query.get("limit") ?? 10);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        return refuse(response, path, { code: "parameter_invalid_integer", param: "limit", message: "limit must be between 1 and 100" });
      const data = refunds.filter((refund) => !intentId || refund.payment_intent === intentId).slice(0, limit);
      return json(response, 200, { object: "list", data, has_more: false, url: "/v1/refunds" });
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
      const refusal = checkRefundParams(form);
      if (refusal) return refuse(response, path, refusal);
      const paymentIntent = String(form.payment_intent);
      const session = [...sessions.values()].find((candidate) => candidate.payment_intent === paymentIntent);
      if (!session) return notFound(response);
      const refunded = refundedOf(paymentIntent);
      const amount = form.amount ? Number(form.amount) : (session.amount_total ?? 0) - refunded;
      if (amount + refunded > (session.amount_total ?? 0))
        return refuse(response, path, { code: "charge_exceeds_source_limit", param: "amount", message: "refund exceeds the charge" });
      const refund = makeRefund(paymentIntent, amount, (form.metadata as Record<string, unknown>) ?? {});
      remember(200, refund);
      // Stripe tells the endpoint too: charge.refunded (no list of refunds in this API version) and refund.created.
      setTimeout(() => {
        void (async () => {
          await deliver(event("charge.refunded", chargeOf(paymentIntent)));
          await deliver(event("refund.created", refund));
        })().catch(() => undefined);
      }, 20);
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
      const address = new URL(request.url ?? "/", "http://standin");
      const path = address.pathname;
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
      const work = pay ? hosted(request, response, pay[1]!, body) : api(request, response, path, body, address.searchParams);
      work.catch((error: Error) => json(response, 500, { error: { type: "api_error", message: error.message } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  standin.url = url;
  return standin;
}
