import { z } from "zod";

/**
 * The parts of Stripe's webhook events the app reads, checked before anything acts on them. A signed event proves
 * who sent it, not that its body has the shape this code expects (a changed API version, a hand-made test event):
 * an event that does not parse is answered 400 and changes nothing, instead of failing half-way with a 500.
 * Fields the app does not read are let through untouched.
 */
const id = z.string().min(1).max(255);
const cents = z.number().int().min(0).max(100_000_000_00);
/** Stripe expands a related object or names it by id. */
const reference = z.union([id, z.object({ id }).passthrough()]).nullable();
export const referenceId = (value: string | { id: string } | null | undefined) => (value == null ? null : typeof value === "string" ? value : value.id);

export const CheckoutSessionShape = z
  .object({
    id,
    client_reference_id: z.string().max(200).nullable(),
    payment_status: z.string(),
    status: z.string().nullable().optional(),
    amount_total: cents.nullable(),
    currency: z.string().max(10).nullable(),
    payment_intent: reference.optional(),
    metadata: z.record(z.string(), z.string()).nullable().optional(),
  })
  .passthrough();
export type CheckoutSessionData = z.infer<typeof CheckoutSessionShape>;

export const RefundShape = z
  .object({
    id,
    amount: cents,
    status: z.string().nullable(),
    payment_intent: reference,
    charge: reference.optional(),
    metadata: z.record(z.string(), z.string()).nullable().optional(),
  })
  .passthrough();
export type RefundData = z.infer<typeof RefundShape>;

export const ChargeShape = z
  .object({
    id,
    payment_intent: reference,
    amount_refunded: cents.optional(),
    // Only in events of API versions before 2022-11-15; the app's pinned version never sends it.
    refunds: z
      .object({ data: z.array(RefundShape) })
      .passthrough()
      .nullable()
      .optional(),
  })
  .passthrough();

const envelope = <Type extends string, Object extends z.ZodTypeAny>(types: readonly Type[], object: Object) =>
  z.object({ id, type: z.enum(types as [Type, ...Type[]]), data: z.object({ object }).passthrough() }).passthrough();

const SESSION_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
] as const;
const REFUND_EVENTS = ["refund.created", "refund.updated", "refund.failed", "charge.refund.updated"] as const;

export const StripeEventShape = z.union([
  envelope(SESSION_EVENTS, CheckoutSessionShape),
  envelope(["charge.refunded"] as const, ChargeShape),
  envelope(REFUND_EVENTS, RefundShape),
]);
export type StripeEventData = z.infer<typeof StripeEventShape>;

const KNOWN = new Set<string>([...SESSION_EVENTS, "charge.refunded", ...REFUND_EVENTS]);
/** Any other event (the endpoint may be subscribed to more) only needs an id and a type to be acknowledged. */
const OtherEventShape = z.object({ id, type: z.string().min(1).max(100), data: z.object({ object: z.object({}).passthrough() }).passthrough() }).passthrough();

/** The event in a shape the app can act on, `ignored` when it is well-formed but not one the app acts on, or null. */
export function parseStripeEvent(body: unknown): { event: StripeEventData; ignored: false } | { event: { id: string; type: string }; ignored: true } | null {
  const other = OtherEventShape.safeParse(body);
  if (!other.success) return null;
  if (!KNOWN.has(other.data.type)) return { event: other.data, ignored: true };
  const known = StripeEventShape.safeParse(body);
  return known.success ? { event: known.data, ignored: false } : null;
}
