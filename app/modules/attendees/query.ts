import { z } from "zod";

/**
 * The attendee list's search, filters, sort and page, as they stand in the URL (so a view can be
 * bookmarked, shared, and exported exactly as seen). Anything unknown falls back to the default rather
 * than failing: a hand-edited URL shows the list, not an error.
 */
export const ATTENDEE_SORTS = ["name", "organisation", "registered", "status", "ticketType"] as const;
export const ATTENDEE_STATUSES = ["confirmed", "waitlisted", "pending_approval", "awaiting_payment", "cancelled"] as const;
/** The registration's payment status, a filter of its own (order status and payment status are separate). */
export const PAYMENT_STATUSES = ["pending", "partially_paid", "paid", "refunded", "failed", "cancelled", "not_required"] as const;
export const PAGE_SIZE = 50;

const optionalId = z
  .string()
  .trim()
  .max(64)
  .regex(/^[a-z0-9]*$/i)
  .optional()
  .catch(undefined)
  .transform((value) => value || undefined);

export const AttendeeQuerySchema = z.object({
  event: optionalId,
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((value) => value || undefined),
  status: z.enum(ATTENDEE_STATUSES).optional().catch(undefined),
  payment: z.enum(PAYMENT_STATUSES).optional().catch(undefined),
  ticketType: optionalId,
  item: optionalId,
  checkedIn: z.enum(["yes", "no"]).optional().catch(undefined),
  // An own question's answer: "<question id>:<option id>", "<question id>:yes|no", or "<question id>:*" (answered at all).
  answer: z
    .string()
    .regex(/^[a-z0-9]{1,64}:([a-z0-9]{1,64}|\*)$/i)
    .optional()
    .catch(undefined),
  sort: z.enum(ATTENDEE_SORTS).default("name").catch("name"),
  dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type AttendeeQuery = z.infer<typeof AttendeeQuerySchema>;

export function readAttendeeQuery(params: URLSearchParams): AttendeeQuery {
  return AttendeeQuerySchema.parse(Object.fromEntries(params));
}

/** The URL search string for a query, leaving out defaults; `changes` override single values. */
export function attendeeQueryString(query: AttendeeQuery, changes: Partial<AttendeeQuery> = {}): string {
  const merged = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === "") continue;
    if ((key === "sort" && value === "name") || (key === "dir" && value === "asc") || (key === "page" && value === 1)) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
