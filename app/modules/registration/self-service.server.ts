import type { Database } from "~/db.server";
import { mailBudgetStore, mailLimitError, takeMailBudget } from "~/modules/mail/mail-budget.server";
import { queueMails } from "~/modules/mail/queue.server";
import type { FieldErrors } from "~/modules/forms/errors";
import type { AttendeeDetails } from "./attendee-schema";
import { cancelAttendees, changeBooking, resendConfirmation, revokeNeedsConsent, updateAttendeeDetails, type ChangeOutcome } from "./changes.server";
import { FRESH_EVENT, loadRegistrationByToken, loadRegistrationByAttendeeToken, type EventAge, type RegistrationWithDetails } from "./view.server";

/**
 * What attendees do themselves with their private manage link. Two kinds of link:
 * - the registration's (the contact who registered): shows and changes every attendee of the group;
 * - an attendee's own (in a colleague's mail): shows and changes only that attendee and their ticket.
 * Changes and cancellations are open until the event's self-service deadline (the event's start when the
 * organisers set none); after it the page names whom to contact. Each change is confirmed by mail.
 */
export type ManageScope = {
  registration: RegistrationWithDetails;
  /** The attendees this link may see and change. */
  attendees: RegistrationWithDetails["attendees"];
  /** True for the contact's link, which manages the whole group. */
  isContact: boolean;
  deadline: Date;
  open: boolean;
};

export function selfServiceDeadline(event: { selfServiceUntil: Date | null; startsAt: Date }): Date {
  return event.selfServiceUntil && event.selfServiceUntil < event.startsAt ? event.selfServiceUntil : event.startsAt;
}

export async function loadManageScope(database: Database, token: string, now = new Date(), age: EventAge = {}): Promise<ManageScope | null> {
  const byRegistration = await loadRegistrationByToken(database, token, age);
  const registration = byRegistration ?? (await loadRegistrationByAttendeeToken(database, token, age));
  if (!registration) return null;
  const attendees = byRegistration ? registration.attendees : registration.attendees.filter((attendee) => attendee.manageToken === token);
  const deadline = selfServiceDeadline(registration.event);
  return { registration, attendees, isContact: Boolean(byRegistration), deadline, open: now < deadline };
}

/**
 * The link's scope and the attendee a download is for (`?attendee=`): only one the link covers, else the link's
 * first attendee; null when the link is unknown.
 */
export async function attendeeByLink(database: Database, token: string, attendeeId: string | null) {
  const scope = await loadManageScope(database, token);
  const attendee = scope ? (scope.attendees.find((candidate) => candidate.id === attendeeId) ?? scope.attendees[0]) : undefined;
  return scope && attendee ? { scope, attendee } : null;
}

export type SelfServiceAction =
  | { intent: "details"; attendeeId: string; details: AttendeeDetails; answers?: { questionIds: string[]; values: Map<string, string> } }
  | { intent: "programme"; attendeeId: string; slotId: string; itemId: string | null; waitlistIfFull: boolean }
  | { intent: "cancel"; attendeeId: string }
  | { intent: "cancelAll" }
  | { intent: "resend"; attendeeId: string }
  | { intent: "revokeNeeds"; attendeeId: string };

export type SelfServiceOutcome = ChangeOutcome | { ok: false; errors: FieldErrors; gone: true };

/**
 * Carries out one self-service action for the holder of `token`. An attendee the link does not cover is
 * "not found" (a colleague's link cannot reach the others); a cancelled attendee cannot be changed.
 */
export async function selfService(
  database: Database,
  token: string,
  action: SelfServiceAction,
  now = new Date(),
  options: { sender?: string } = {},
): Promise<SelfServiceOutcome> {
  // Whether the attendee may still change anything is decided on the event as it is now, not a cached copy.
  const scope = await loadManageScope(database, token, now, FRESH_EVENT);
  if (!scope) return { ok: false, errors: { form: ["errors.notFound"] }, gone: true };
  const notFound: SelfServiceOutcome = { ok: false, errors: { form: ["errors.notFound"] } };

  if (action.intent === "cancelAll") {
    if (!scope.isContact) return notFound;
    if (!scope.open) return { ok: false, errors: { form: ["errors.selfServiceClosed"] } };
    const active = scope.attendees.filter((attendee) => attendee.status !== "cancelled").map((attendee) => attendee.id);
    if (active.length === 0) return { ok: true, promoted: 0 };
    return cancelAttendees(database, active, "attendee", now);
  }

  const attendee = scope.attendees.find((candidate) => candidate.id === action.attendeeId);
  if (!attendee) return notFound;
  if (attendee.status === "cancelled") return { ok: false, errors: { form: ["errors.attendeeCancelled"] } };
  if (action.intent === "resend") {
    // Anyone holding a link can press it: bounded per recipient and sender, or a stranger's mailbox is flooded.
    const budget = await takeMailBudget(mailBudgetStore(database), "resend", [attendee.email], options.sender ?? "unknown", now.getTime());
    if (!budget.ok) return { ok: false, errors: { form: [mailLimitError(budget.retryAfterMs)] } };
    return (await resendConfirmation(database, attendee.id, now)) ? { ok: true, promoted: 0 } : notFound;
  }
  // Revoking a consent is a right at any time, not a change bound to the deadline.
  if (action.intent === "revokeNeeds") return (await revokeNeedsConsent(database, attendee.id, now)) ? { ok: true, promoted: 0 } : notFound;
  if (!scope.open) return { ok: false, errors: { form: ["errors.selfServiceClosed"] } };

  switch (action.intent) {
    case "details":
    case "programme": {
      // The change is saved; its confirmation mail goes out only within the person's mail budget.
      const budget = await takeMailBudget(mailBudgetStore(database), "change", [attendee.email], options.sender ?? "unknown", now.getTime());
      const outcome =
        action.intent === "details"
          ? await updateAttendeeDetails(database, attendee.id, action.details, { notify: budget.ok, now, answers: action.answers })
          : await changeBooking(database, attendee.id, action.slotId, action.itemId, { waitlistIfFull: action.waitlistIfFull, now, notify: budget.ok });
      return outcome.ok && !budget.ok ? { ...outcome, mailHeld: true } : outcome;
    }
    case "cancel":
      return cancelAttendees(database, [attendee.id], "attendee", now);
  }
}

/** One link mail per address and this long at most: the form cannot be used to flood someone's mailbox. */
const LINK_MAIL_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Sends the manage links held by an address: the registration's link where it is the contact, the attendee's
 * own link where it is a colleague's. The caller answers the same whatever happens here, so nobody learns
 * whether an address is registered. Only registrations of events not yet over are considered.
 */
export async function requestManageLinks(database: Database, email: string, now = new Date()): Promise<void> {
  const address = email.trim().toLowerCase();
  const [contacts, attendees, recent] = await Promise.all([
    database.read.registration.findMany({
      where: { contactEmail: address, status: { not: "cancelled" }, event: { endsAt: { gt: now } } },
      select: { id: true, language: true },
    }),
    database.read.attendee.findMany({
      where: { email: address, status: { not: "cancelled" }, event: { endsAt: { gt: now } }, registration: { contactEmail: { not: address } } },
      select: { id: true, registrationId: true, registration: { select: { language: true } } },
    }),
    database.read.emailOutbox.count({ where: { kind: "manage_link", recipient: address, createdAt: { gt: new Date(now.getTime() - LINK_MAIL_INTERVAL_MS) } } }),
  ]);
  if (recent > 0 || contacts.length + attendees.length === 0) return;
  await database.write.$transaction((tx) =>
    queueMails(
      tx,
      [
        ...contacts.slice(0, 20).map((registration) => ({
          kind: "manage_link" as const,
          registrationId: registration.id,
          attendeeId: null,
          recipient: address,
          language: registration.language,
        })),
        ...attendees.slice(0, 20).map((attendee) => ({
          kind: "manage_link" as const,
          registrationId: attendee.registrationId,
          attendeeId: attendee.id,
          recipient: address,
          language: attendee.registration.language,
        })),
      ],
      now,
    ),
  );
}
