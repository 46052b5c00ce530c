import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { forgetCatalogue } from "~/modules/events/catalogue.server";
import { queueAttendeeMails, queueMoveMails } from "~/modules/mail/queue.server";
import { releaseSeats } from "./seats.server";
import { promoteForItem, promoteForTicket, settleRegistrationStatus, takeItemSeat, takeTicketSeat, WaitlistMoves } from "./waitlist.server";

/**
 * Answers to waiting-list offers. An offered seat is already claimed for its person (waitlist.server.ts);
 * accepting books it, declining or letting the deadline pass gives it to the next in line. Each answer is
 * one conditional update of the entry from `offered`, so of two answers at once (two tabs, a click and the
 * expiry worker) exactly one takes effect and the other is told what happened.
 */
type Tx = Prisma.TransactionClient;

export type OfferState = "open" | "accepted" | "declined" | "expired" | "withdrawn" | "unknown";

const offerInclude = {
  attendee: { select: { id: true, firstName: true, lastName: true, status: true, registrationId: true, eventId: true, ticketTypeId: true } },
  programmeItem: { select: { id: true, slotId: true, titleDe: true, titleEn: true, startsAt: true, endsAt: true } },
  ticketType: { select: { id: true, nameDe: true, nameEn: true, priceCents: true } },
  event: { select: { id: true, slug: true, titleDe: true, titleEn: true, startsAt: true, organiserEmail: true } },
} satisfies Prisma.WaitingListEntryInclude;

const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

function stateOf(entry: { status: string; offerExpiresAt: Date | null }, now: Date): OfferState {
  switch (entry.status) {
    case "offered":
      return entry.offerExpiresAt && entry.offerExpiresAt <= now ? "expired" : "open";
    case "promoted":
      return "accepted";
    case "declined":
      return "declined";
    case "expired":
      return "expired";
    default:
      return "withdrawn";
  }
}

/** The offer behind a link, for the page that asks for the answer. */
export async function loadOffer(database: Database, token: string, now = new Date()) {
  if (!TOKEN.test(token)) return null;
  const entry = await database.read.waitingListEntry.findUnique({ where: { offerToken: token }, include: offerInclude });
  return entry ? { entry, state: stateOf(entry, now) } : null;
}

export type AnswerOutcome = { ok: true; state: "accepted" | "declined" } | { ok: false; state: OfferState };

/** Takes the offer: the seat held for the person becomes theirs. */
export function acceptOffer(database: Database, token: string, now = new Date()): Promise<AnswerOutcome> {
  return answer(database, token, now, async (tx, entry, moves) => {
    if (entry.programmeItem) {
      const left = await takeItemSeat(tx, entry, entry.programmeItem, now);
      if (left) await promoteForItem(tx, left, now, moves);
    } else {
      await takeTicketSeat(tx, entry, now, moves);
    }
    return "accepted";
  });
}

/** Turns the offer down: the seat goes to the next in line. Declining a ticket ends the registration of that person. */
export function declineOffer(database: Database, token: string, now = new Date()): Promise<AnswerOutcome> {
  return answer(database, token, now, async (tx, entry, moves) => {
    await tx.waitingListEntry.update({ where: { id: entry.id }, data: { status: "declined" } });
    await passOn(tx, entry, now, moves, "declined");
    return "declined";
  });
}

type OfferEntry = Prisma.WaitingListEntryGetPayload<{ include: typeof offerInclude }>;

async function answer(
  database: Database,
  token: string,
  now: Date,
  work: (tx: Tx, entry: OfferEntry, moves: WaitlistMoves) => Promise<"accepted" | "declined">,
): Promise<AnswerOutcome> {
  if (!TOKEN.test(token)) return { ok: false, state: "unknown" };
  const outcome = await database.write.$transaction(async (tx): Promise<AnswerOutcome> => {
    const entry = await tx.waitingListEntry.findUnique({ where: { offerToken: token }, include: offerInclude });
    if (!entry) return { ok: false, state: "unknown" };
    // The claim: only one answer moves the entry out of `offered`, and only before its deadline.
    const claimed = await tx.waitingListEntry.updateMany({
      where: { id: entry.id, status: "offered", offerExpiresAt: { gt: now } },
      data: { status: "promoted", promotedAt: now },
    });
    if (claimed.count !== 1) return { ok: false, state: stateOf(entry, now) };
    const moves = new WaitlistMoves();
    const state = await work(tx, entry, moves);
    await queueMoveMails(tx, moves, now);
    if (state === "accepted") await queueAttendeeMails(tx, [{ kind: "waitlist_promoted", attendeeId: entry.attendeeId }], now);
    return { ok: true, state };
  });
  forgetCatalogue();
  return outcome;
}

/**
 * The seat held for a declined or expired offer goes to the next in line. Someone who waited for a ticket
 * and let it go is no longer registered; someone who waited for a workshop keeps their ticket.
 */
async function passOn(tx: Tx, entry: OfferEntry, now: Date, moves: WaitlistMoves, reason: "declined" | "offer_expired") {
  if (entry.programmeItem) {
    await releaseSeats(tx, "ProgrammeItem", entry.programmeItem.id, 1);
    await promoteForItem(tx, entry.programmeItem.id, now, moves);
    return;
  }
  const attendee = entry.attendee;
  await releaseSeats(tx, "Event", attendee.eventId, 1);
  await releaseSeats(tx, "TicketType", attendee.ticketTypeId, 1);
  await tx.waitingListEntry.updateMany({ where: { attendeeId: attendee.id, status: { in: ["waiting", "offered"] } }, data: { status: "withdrawn" } });
  await tx.attendee.update({
    where: { id: attendee.id },
    data: { status: "cancelled", cancelReason: reason, activeEmail: null, cancelledAt: now, updatedAt: now },
  });
  await settleRegistrationStatus(tx, attendee.registrationId, now);
  await promoteForTicket(tx, attendee.eventId, attendee.ticketTypeId, now, moves);
}

/**
 * The expiry worker's step: offers past their deadline, oldest first, each in a transaction of its own that
 * claims it by a conditional update, so two workers (or a late accept) never handle one twice. Returns how
 * many offers it closed.
 */
export async function expireOffers(database: Database, now = new Date(), limit = 100): Promise<number> {
  const due = await database.read.waitingListEntry.findMany({
    where: { status: "offered", offerExpiresAt: { lte: now } },
    orderBy: { offerExpiresAt: "asc" },
    take: limit,
    select: { id: true },
  });
  let closed = 0;
  for (const { id } of due) {
    const done = await database.write.$transaction(async (tx) => {
      const claimed = await tx.waitingListEntry.updateMany({ where: { id, status: "offered", offerExpiresAt: { lte: now } }, data: { status: "expired" } });
      if (claimed.count !== 1) return false;
      const entry = await tx.waitingListEntry.findUniqueOrThrow({ where: { id }, include: offerInclude });
      const moves = new WaitlistMoves();
      await passOn(tx, entry, now, moves, "offer_expired");
      await queueAttendeeMails(tx, [{ kind: "waitlist_offer_expired", attendeeId: entry.attendeeId }], now);
      await queueMoveMails(tx, moves, now);
      return true;
    });
    if (done) closed++;
    // The database calls resolve without waiting on I/O; yielding lets requests in between offers.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (closed > 0) forgetCatalogue();
  return closed;
}
