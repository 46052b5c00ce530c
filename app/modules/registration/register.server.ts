import type { Database } from "~/db.server";
import { attendeeNameKeys } from "~/modules/attendees/name-keys";
import { Prisma } from "~/generated/prisma/client";
import {
  cachedEventCatalogue,
  isBookable,
  registrationWindow,
  ticketTypeOnSale,
  seatsLeft,
  type CatalogueItem,
  type EventCatalogue,
} from "~/modules/events/catalogue.server";
import { formQuestions } from "~/modules/events/view.server";
import { claimItemSeats, claimPartyAtOnce, claimSeats, releaseSeats } from "~/modules/capacity/seats.server";
import { DatabaseUnavailable, isDatabaseUnavailable, isUniqueViolation } from "~/modules/db/errors.server";
import { insertRows, newId, type InsertableRows } from "~/modules/db/insert.server";
import { mailKindForStatus } from "~/modules/mail/kinds";
import { queueMails } from "~/modules/mail/queue.server";
import { newManageToken, newRegistrationReference, newTicketSecret, ticketReference } from "~/modules/tickets/secrets.server";
import { validateRegistration, type RegistrationFormValues, type RegistrationInput } from "./schema";
import { type FieldErrors } from "~/modules/forms/errors";
import { FormRefused } from "~/modules/forms/refused.server";
import { holderKeyOf, unpaidHoldRefusal } from "~/modules/payments/holds.server";
import { CHECKOUT_MINUTES } from "~/modules/payments/checkout.server";
import { issueInvoice } from "~/modules/payments/invoices.server";
import { admission } from "~/modules/db/admission.server";
import { rawWriteTransaction, type SqlTx } from "~/modules/db/raw-transaction.server";

/** Registration transactions open at once in this process (app/modules/db/admission.server.ts says why). */
const registrationWrites = admission(4);

export type RegistrationOutcome =
  | {
      ok: true;
      registrationId: string;
      manageToken: string;
      status: "confirmed" | "waitlisted" | "pending_approval" | "awaiting_payment";
      /** Programme items some attendee wanted but is only on the waiting list for. */
      waitlistedItemIds: string[];
    }
  | { ok: false; errors: FieldErrors };

const refuse = (field: string, message: string): RegistrationOutcome => ({ ok: false, errors: { [field]: [message] } });

/**
 * Registers one or more attendees for an event: the use case behind the public form. Validates everything
 * first; then, in one short write transaction, claims seats (event, ticket type, each chosen item) and
 * writes the registration with its attendees, bookings, waiting-list entries, consents and the
 * confirmation email's outbox row. Either all of it is written or none.
 */
export async function registerAttendees(
  database: Database,
  eventSlug: string,
  values: RegistrationFormValues,
  now: Date = new Date(),
  options: { onlinePayment?: boolean; clientAddress?: string | null } = {},
): Promise<RegistrationOutcome> {
  const event = await cachedEventCatalogue(database.read, eventSlug);
  const validated = validateRegistration(values, event ? formQuestions(event.questions, "de") : []);
  if (!validated.ok) return { ok: false, errors: validated.errors };
  const input = validated.data;
  if (!event) return refuse("form", "errors.registrationClosed");
  const checked = checkAgainstCatalogue(event, input, now);
  if (!checked.ok) return checked;

  const taken = await emailsAlreadyRegistered(
    database,
    event.id,
    input.attendees.map((attendee) => attendee.email),
  );
  if (taken.length > 0) return alreadyRegistered(input, taken);

  // Seats held unpaid for a checkout are bounded per contact, per client address and by the seats left (decision 026).
  const holderKey = holderKeyOf(options.clientAddress);
  if (paysOnline(event, input, options.onlinePayment === true)) {
    const refusal = await unpaidHoldRefusal(
      database,
      event.id,
      input.ticketTypeId,
      { contactEmail: input.contactEmail, holderKey, seats: input.attendees.length },
      now,
    );
    if (refusal) return { ok: false, errors: refusal };
  }

  const registrationId = newId();
  try {
    return await registrationWrites(() =>
      writeRegistration(database, event, input, validated.answers, checked.itemsById, now, options.onlinePayment === true, holderKey, registrationId),
    );
  } catch (error) {
    if (error instanceof FormRefused) return { ok: false, errors: error.errors };
    // The database went away in the middle (a restart): the commit may have reached it before the connection broke.
    // Once it answers again, what was stored is answered as stored; what was not is the error (503, nothing kept).
    if (isDatabaseUnavailable(error)) return (await storedAfterOutage(database, registrationId)) ?? Promise.reject(new DatabaseUnavailable(error));
    // Someone registered the same address a moment ago, between the check above and this transaction:
    // the database's unique key on active addresses refused it; the answer is the same field error.
    if (isUniqueViolation(error, "activeEmail"))
      return alreadyRegistered(
        input,
        await emailsAlreadyRegistered(
          database,
          event.id,
          input.attendees.map((a) => a.email),
        ),
      );
    throw error;
  }
}

/**
 * Which of these addresses already hold a registration for the event (cancelled ones do not count).
 * Plain SQL on the hot path: a compiled Prisma query would cost more than the lookup.
 */
function alreadyRegistered(input: RegistrationInput, taken: string[]): RegistrationOutcome {
  const takenEmails = new Set(taken);
  const errors: FieldErrors = {};
  input.attendees.forEach((attendee, index) => {
    if (takenEmails.has(attendee.email)) errors[`attendees[${index}].email`] = ["errors.alreadyRegistered"];
  });
  // Should the other registration be gone again by now, the form still says what happened.
  return { ok: false, errors: Object.keys(errors).length > 0 ? errors : { form: ["errors.alreadyRegistered"] } };
}

/**
 * Whether the registration pays online: a paid ticket, Stripe configured and chosen. Tickets needing approval are
 * paid by invoice after it (nobody pays for a seat that may be refused).
 */
function paysOnline(event: EventCatalogue, input: RegistrationInput, onlinePayment: boolean): boolean {
  const ticketType = event.ticketTypes.find((type) => type.id === input.ticketTypeId);
  return Boolean(ticketType && ticketType.priceCents > 0 && onlinePayment && input.paymentMethod === "stripe" && !ticketType.requiresApproval);
}

/** How long a registration whose commit met an outage waits for the database to say whether it was stored. */
const OUTAGE_WAIT_MS = 10_000;

/**
 * The registration as stored, once the database answers again, or null when it was not stored (or the database
 * stayed away): a transaction whose COMMIT did not reach the server was rolled back by it, one that did is there.
 */
async function storedAfterOutage(database: Database, registrationId: string): Promise<RegistrationOutcome | null> {
  const until = Date.now() + OUTAGE_WAIT_MS;
  for (;;) {
    try {
      const stored = await database.read.registration.findUnique({ where: { id: registrationId }, select: { manageToken: true, status: true } });
      if (!stored || stored.status === "cancelled") return null;
      const waiting = await database.read.waitingListEntry.findMany({
        where: { attendee: { registrationId }, programmeItemId: { not: null } },
        select: { programmeItemId: true },
      });
      return {
        ok: true,
        registrationId,
        manageToken: stored.manageToken,
        status: stored.status,
        waitlistedItemIds: [...new Set(waiting.map((entry) => entry.programmeItemId!))],
      };
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() > until) return null;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function emailsAlreadyRegistered(database: Database, eventId: string, emails: string[]): Promise<string[]> {
  const rows = await database.read.$queryRaw<{ email: string }[]>`SELECT "email" FROM "Attendee"
    WHERE "eventId" = ${eventId} AND "email" IN (${Prisma.join(emails)}) AND "status" <> 'cancelled'`;
  return rows.map((row) => row.email);
}

type ItemsById = Map<string, CatalogueItem>;
type CheckedAnswers = { registration: Map<string, string>; attendees: Map<string, string>[] };

const hasNeeds = (attendee: { dietaryNeeds?: string | undefined; accessibilityNeeds?: string | undefined; needsConsent: boolean }) =>
  attendee.needsConsent && Boolean(attendee.dietaryNeeds || attendee.accessibilityNeeds);

/** Everything that can be decided from the event as loaded: window, ticket type, choices. */
function checkAgainstCatalogue(
  event: EventCatalogue,
  input: RegistrationInput,
  now: Date,
): { ok: true; itemsById: ItemsById } | { ok: false; errors: FieldErrors } {
  if (registrationWindow(event, now) !== "open") return { ok: false, errors: { form: ["errors.registrationClosed"] } };

  const ticketType = event.ticketTypes.find((type) => type.id === input.ticketTypeId);
  if (!ticketType) return { ok: false, errors: { ticketTypeId: ["errors.ticketTypeInvalid"] } };
  if (!ticketTypeOnSale(ticketType, now)) return { ok: false, errors: { ticketTypeId: ["errors.ticketTypeUnavailable"] } };
  if (ticketType.priceCents > 0 && !input.invoiceAddress) {
    return { ok: false, errors: { invoiceAddress: ["errors.invoiceAddressRequired"] } };
  }

  const itemsById: ItemsById = new Map(event.slots.flatMap((slot) => slot.items.map((item) => [item.id, item] as const)));
  const errors: FieldErrors = {};
  input.attendees.forEach((attendee, index) => {
    const slotsTaken = new Set<string>();
    for (const itemId of attendee.itemIds) {
      const item = itemsById.get(itemId);
      if (!item || !isBookable(item) || item.cancelledAt) {
        errors[`attendees[${index}].programme`] = ["errors.invalidChoice"];
        continue;
      }
      const field = `attendees[${index}].slot.${item.slotId}`;
      if (slotsTaken.has(item.slotId)) {
        errors[field] = ["errors.slotClash"];
        continue;
      }
      slotsTaken.add(item.slotId);
      if (!input.waitlistIfFull && seatsLeft(item) === 0) errors[field] = ["errors.itemFull"];
    }
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, itemsById };
}

/** The seats a party got: for the whole party at the event and its ticket type, and each person's items. */
type PartySeats = { eventSeats: boolean; hasSeats: boolean; claimed: Set<string>[] };

/** The seats claimed last were not those expected: the transaction is undone and the registration runs again claiming first. */
class ClaimedTooLate extends Error {}

/**
 * Claims the party's seats: the event's and the ticket type's for everyone at once (the whole party gets in, or
 * the whole party waits: colleagues registered together stay together), then each person's items, if they got in.
 */
async function claimPartySeats(tx: SqlTx, eventId: string, ticketTypeId: string, party: string[][]): Promise<PartySeats> {
  const eventSeats = await claimSeats(tx, "Event", eventId, party.length);
  const ticketSeats = eventSeats && (await claimSeats(tx, "TicketType", ticketTypeId, party.length));
  if (eventSeats && !ticketSeats) await releaseSeats(tx, "Event", eventId, party.length);
  const hasSeats = eventSeats && ticketSeats;
  const claimed: Set<string>[] = [];
  // One person's choices are distinct items (one per slot), claimed together; the next person's after them.
  for (const itemIds of party) claimed.push(hasSeats ? await claimItemSeats(tx, itemIds) : new Set());
  return { eventSeats, hasSeats, claimed };
}

/**
 * The seats the party would get by the event as loaded (seats left at the event, of the ticket type, in every
 * item, taken person by person); null where that would refuse the registration, which then claims first.
 */
function seatsAsLoaded(
  event: EventCatalogue,
  ticketType: EventCatalogue["ticketTypes"][number],
  input: RegistrationInput,
  itemsById: ItemsById,
): PartySeats | null {
  const left = (holder: { capacity: number | null; confirmedCount: number }) => seatsLeft(holder) ?? Infinity;
  const people = input.attendees.length;
  const eventSeats = left(event) >= people;
  const hasSeats = eventSeats && left(ticketType) >= people;
  if (!hasSeats && !input.waitlistIfFull) return null;
  const itemSeats = new Map<string, number>();
  const claimed = input.attendees.map((attendee) => {
    const got = new Set<string>();
    for (const itemId of hasSeats ? attendee.itemIds : []) {
      const seats = itemSeats.get(itemId) ?? left(itemsById.get(itemId)!);
      if (seats > 0) got.add(itemId);
      itemSeats.set(itemId, seats - 1);
    }
    return got;
  });
  const refused = !input.waitlistIfFull && input.attendees.some((attendee, index) => claimed[index]!.size < attendee.itemIds.length);
  return refused ? null : { eventSeats, hasSeats, claimed };
}

const sameSeats = (a: PartySeats, b: PartySeats) =>
  a.eventSeats === b.eventSeats &&
  a.hasSeats === b.hasSeats &&
  a.claimed.every((seats, index) => seats.size === b.claimed[index]!.size && [...seats].every((itemId) => b.claimed[index]!.has(itemId)));

async function writeRegistration(
  database: Database,
  event: EventCatalogue,
  input: RegistrationInput,
  answers: CheckedAnswers,
  itemsById: ItemsById,
  now: Date,
  onlinePayment: boolean,
  holderKey: string | null,
  registrationId: string,
): Promise<RegistrationOutcome> {
  // Everything random or derived is prepared before the transaction, which then only claims and writes.
  const ticketType = event.ticketTypes.find((type) => type.id === input.ticketTypeId)!;
  const reference = newRegistrationReference();
  const manageToken = newManageToken();
  const attendeeCount = input.attendees.length;
  const attendeeIds = input.attendees.map(() => newId());

  // A registration confirmed with an invoice issues it in the same transaction, through Prisma's models; every
  // other one is plain SQL only and runs as such (decision 019).
  const paid = ticketType.priceCents > 0;
  const transaction = <Result>(work: (tx: SqlTx, models: Prisma.TransactionClient | null) => Promise<Result>) =>
    paid ? database.write.$transaction((tx) => work(tx, tx)) : rawWriteTransaction(database, (tx) => work(tx, null));

  // The rows are written for the seats the event as loaded (at most a second old) says the party gets, and the seats
  // claimed last, just before COMMIT: on PostgreSQL every registration of the event updates the same counter rows,
  // which are then locked for the claims and the commit only, not for every insert too. Should the claims give
  // other seats after all, that transaction is undone and the registration runs again claiming first (decision 021).
  const expected = seatsAsLoaded(event, ticketType, input, itemsById);
  if (expected) {
    try {
      return await transaction((tx, models) => writeParty(tx, models, expected));
    } catch (error) {
      if (!(error instanceof ClaimedTooLate)) throw error;
    }
  }
  return transaction((tx, models) => writeParty(tx, models, null));

  /**
   * Claims the seats expected: on PostgreSQL, where the party gets in, in one statement (claimPartyAtOnce);
   * otherwise as when claiming first, and the outcome compared.
   */
  async function claimedAsExpected(tx: SqlTx, expected: PartySeats, party: string[][]): Promise<boolean> {
    if (database.dialect !== "postgresql" || !expected.hasSeats) return sameSeats(expected, await claimPartySeats(tx, event.id, ticketType.id, party));
    const given = new Map<string, number>();
    const waiting = new Map<string, number>();
    party.forEach((itemIds, index) => {
      for (const itemId of itemIds) {
        const counts = expected.claimed[index]!.has(itemId) ? given : waiting;
        counts.set(itemId, (counts.get(itemId) ?? 0) + 1);
      }
    });
    const items = [...given].map(([id, seats]) => ({ id, seats, exact: waiting.has(id) }));
    const full = [...waiting.keys()].filter((id) => !given.has(id));
    return claimPartyAtOnce(tx, event.id, ticketType.id, party.length, items, full);
  }

  /** `expected`: the seats to write the rows for, claimed last; null: claim first, and write what was claimed. */
  async function writeParty(tx: SqlTx, models: Prisma.TransactionClient | null, expected: PartySeats | null): Promise<RegistrationOutcome> {
    const party = input.attendees.map((attendee) => attendee.itemIds);
    const seats = expected ?? (await claimPartySeats(tx, event.id, ticketType.id, party));
    const { hasSeats } = seats;
    if (!hasSeats && !input.waitlistIfFull) {
      throw new FormRefused(seats.eventSeats ? { ticketTypeId: ["errors.ticketTypeFull"] } : { form: ["errors.eventFull"] });
    }

    // Paying online: the seats are held for the checkout, and the registration is confirmed once paid. Tickets
    // needing approval are paid by invoice after it (nobody pays for a seat that may be refused).
    const online = paysOnline(event, input, onlinePayment);
    const status = !hasSeats ? "waitlisted" : ticketType.requiresApproval ? "pending_approval" : online ? "awaiting_payment" : "confirmed";
    const bookings: InsertableRows["Booking"][] = [];
    const waitingList: InsertableRows["WaitingListEntry"][] = [];
    const waitlistedItemIds = new Set<string>();

    for (const [index, attendee] of input.attendees.entries()) {
      const attendeeId = attendeeIds[index]!;
      if (!hasSeats) waitingList.push({ id: newId(), eventId: event.id, attendeeId, ticketTypeId: ticketType.id, programmeItemId: null, createdAt: now });
      // An attendee waiting for a ticket waits for their choices too; they are booked on promotion.
      const claimed = seats.claimed[index]!;
      for (const itemId of attendee.itemIds) {
        const item = itemsById.get(itemId)!;
        if (claimed.has(item.id)) {
          bookings.push({ id: newId(), attendeeId, programmeItemId: item.id, slotId: item.slotId, createdAt: now });
        } else if (input.waitlistIfFull || !hasSeats) {
          waitingList.push({ id: newId(), eventId: event.id, attendeeId, ticketTypeId: null, programmeItemId: item.id, createdAt: now });
          waitlistedItemIds.add(item.id);
        } else {
          throw new FormRefused({ [`attendees[${index}].slot.${item.slotId}`]: ["errors.itemFull"] });
        }
      }
    }

    const totalCents = hasSeats ? ticketType.priceCents * attendeeCount : 0;
    await insertRows(tx, "Registration", [
      {
        id: registrationId,
        eventId: event.id,
        reference,
        manageToken,
        contactEmail: input.contactEmail,
        language: input.language,
        status,
        totalCents,
        currency: ticketType.currency,
        paymentStatus: totalCents > 0 ? "pending" : "not_required",
        paymentMethod: totalCents > 0 ? (online ? "stripe" : "invoice") : "none",
        invoiceAddress: paid ? (input.invoiceAddress ?? null) : null,
        purchaseOrder: paid ? (input.purchaseOrder ?? null) : null,
        leitwegId: paid ? (input.leitwegId ?? null) : null,
        checkoutExpiresAt: status === "awaiting_payment" ? new Date(now.getTime() + CHECKOUT_MINUTES * 60_000) : null,
        holderKey: status === "awaiting_payment" ? holderKey : null,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    await insertRows(
      tx,
      "Attendee",
      input.attendees.map((attendee, index) => ({
        id: attendeeIds[index]!,
        registrationId,
        eventId: event.id,
        ticketTypeId: ticketType.id,
        position: index + 1,
        firstName: attendee.firstName,
        lastName: attendee.lastName,
        email: attendee.email,
        activeEmail: attendee.email,
        organisation: attendee.organisation,
        jobFunction: attendee.jobFunction ?? null,
        phone: attendee.phone ?? null,
        dietaryNeeds: attendee.needsConsent ? (attendee.dietaryNeeds ?? null) : null,
        accessibilityNeeds: attendee.needsConsent ? (attendee.accessibilityNeeds ?? null) : null,
        ...attendeeNameKeys(attendee),
        status,
        ticketSecret: newTicketSecret(),
        manageToken: newManageToken(),
        ticketReference: ticketReference(reference, index + 1),
        createdAt: now,
        updatedAt: now,
      })),
    );
    await insertRows(tx, "Booking", bookings);
    await insertRows(tx, "Answer", [
      ...[...answers.registration].map(([questionId, value]) => ({ id: newId(), questionId, registrationId, attendeeId: null, value })),
      ...answers.attendees.flatMap((given, index) =>
        [...given].map(([questionId, value]) => ({ id: newId(), questionId, registrationId, attendeeId: attendeeIds[index]!, value })),
      ),
    ]);
    await insertRows(tx, "WaitingListEntry", waitingList);
    await insertRows(tx, "Consent", [
      ...attendeeIds.map((attendeeId) => ({ id: newId(), attendeeId, kind: "privacy", textVersion: event.privacyNoticeVersion, givenAt: now })),
      // The separate consent for health data, only where needs were given with it (the schema refuses them without).
      ...input.attendees.flatMap((attendee, index) =>
        hasNeeds(attendee)
          ? [{ id: newId(), attendeeId: attendeeIds[index]!, kind: "special_needs", textVersion: event.privacyNoticeVersion, givenAt: now }]
          : [],
      ),
    ]);
    // The emails are written in the same transaction: if the registration exists, so do its mails. The
    // contact gets every ticket; each colleague with another address gets their own ticket too.
    // A confirmed paid registration gets its invoice now; the confirmation mail attaches it.
    // Paid, so the transaction is Prisma's (above).
    if (status === "confirmed" && totalCents > 0) await issueInvoice(models!, registrationId, "all", now);
    const kind = mailKindForStatus(status);
    if (kind) {
      const colleagues = input.attendees
        .map((attendee, index) => ({ email: attendee.email, attendeeId: attendeeIds[index]! }))
        .filter((attendee, index, all) => attendee.email !== input.contactEmail && all.findIndex((other) => other.email === attendee.email) === index);
      await queueMails(
        tx,
        [
          { kind, registrationId, attendeeId: null, recipient: input.contactEmail, language: input.language },
          ...colleagues.map((colleague) => ({ kind, registrationId, attendeeId: colleague.attendeeId, recipient: colleague.email, language: input.language })),
        ],
        now,
      );
    }

    // Written for the seats expected: now they are claimed, and should the claims differ, everything above is undone.
    if (expected && !(await claimedAsExpected(tx, expected, party))) throw new ClaimedTooLate();
    return { ok: true, registrationId, manageToken, status, waitlistedItemIds: [...waitlistedItemIds] };
  }
}
