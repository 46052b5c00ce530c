/**
 * The kinds of mail the app sends, named once: the outbox stores them, the templates (emails/) render
 * them, the message catalogue has a subject, heading and intro for each (mail.*.<kind>).
 */
export const EMAIL_KINDS = [
  "registration_confirmed",
  "registration_waitlisted",
  "registration_pending_approval",
  "waitlist_promoted",
  "registration_cancelled",
  "registration_updated",
  "registration_approved",
  "registration_rejected",
  "manage_link",
  "waitlist_offer",
  "waitlist_offer_expired",
  "programme_changed",
  "programme_cancelled",
  "group_message",
  "event_reminder",
  "certificate",
  "invoice_issued", // an invoice or credit note issued after the registration (attached, with its XRechnung)
  "payment_reminder",
  "payment_failed",
  "checkout_expired",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
export const isEmailKind = (value: string): value is EmailKind => (EMAIL_KINDS as readonly string[]).includes(value);

/** The mail that tells attendees of a registration in this state where they stand. */
export function mailKindForStatus(status: "confirmed" | "waitlisted" | "pending_approval" | "awaiting_payment" | "cancelled"): EmailKind | null {
  // Nobody is told of a checkout still open: its mail comes once the payment has arrived (or failed).
  if (status === "awaiting_payment") return null;
  return status === "cancelled" ? "registration_cancelled" : `registration_${status}`;
}

/** Mails that carry the attendee's tickets and calendar file (when they hold a ticket). */
export const TICKET_KINDS: ReadonlySet<EmailKind> = new Set([
  "registration_confirmed",
  "waitlist_promoted",
  "registration_updated",
  "registration_approved",
  "programme_changed",
  "programme_cancelled",
  "event_reminder",
]);
