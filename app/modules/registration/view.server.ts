import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { localized, type Language } from "~/modules/i18n/language";
import { cachedEventCatalogueById, type CatalogueItem, type EventCatalogue } from "~/modules/events/catalogue.server";

/**
 * What the confirmation page, the calendar files and the emails show of a registration: its own rows from the
 * database, joined in memory with the event's catalogue (event, ticket types, programme, questions), which every
 * page and mail of the event shares and which is read at most a second old. A nested include of those would
 * be a dozen statements and most of the page's time (docs/decisions/017-reading-a-registration.md).
 */
const registrationRows = {
  // What the manage page lists and what tells the mail whether there is an invoice to attach.
  invoices: { orderBy: { issuedAt: "asc" }, select: { id: true, number: true, kind: true, grossCents: true, issuedAt: true, cancelledAt: true } },
  attendees: {
    orderBy: { position: "asc" },
    include: {
      bookings: true,
      waitingList: { where: { status: { in: ["waiting", "offered"] } } },
      calendarRevisions: true,
      consents: { where: { kind: "special_needs", revokedAt: null }, select: { id: true } },
      answers: { select: { questionId: true, value: true } },
    },
  },
} satisfies Prisma.RegistrationInclude;

type RegistrationRows = Prisma.RegistrationGetPayload<{ include: typeof registrationRows }>;
type AttendeeRows = RegistrationRows["attendees"][number];
type CatalogueTicketType = EventCatalogue["ticketTypes"][number];

export type AttendeeWithDetails = Omit<AttendeeRows, "bookings" | "waitingList" | "calendarRevisions"> & {
  ticketType: CatalogueTicketType;
  bookings: (AttendeeRows["bookings"][number] & { programmeItem: CatalogueItem })[];
  waitingList: (AttendeeRows["waitingList"][number] & { programmeItem: CatalogueItem | null; ticketType: CatalogueTicketType | null })[];
  calendarRevisions: (AttendeeRows["calendarRevisions"][number] & { programmeItem: CatalogueItem })[];
};
export type RegistrationWithDetails = Omit<RegistrationRows, "attendees"> & { event: EventCatalogue; attendees: AttendeeWithDetails[] };

const MANAGE_TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

/**
 * How old the event's part may be: what is shown, a second (the default); what a decision is taken on (may
 * the attendee still change this?), none.
 */
export type EventAge = { eventMaxAgeMs?: number };
export const FRESH_EVENT: EventAge = { eventMaxAgeMs: 0 };

/** A registration behind its private manage link. */
export async function loadRegistrationByToken(db: PrismaClient, manageToken: string, age: EventAge = {}) {
  // Tokens are 32 base64url characters; anything else is not looked up at all.
  if (!MANAGE_TOKEN.test(manageToken)) return null;
  return withCatalogue(db, await db.registration.findUnique({ where: { manageToken }, include: registrationRows }), age);
}

/** The registration behind an attendee's own manage link (loaded whole; the caller shows only that attendee). */
export async function loadRegistrationByAttendeeToken(db: PrismaClient, manageToken: string, age: EventAge = {}) {
  if (!MANAGE_TOKEN.test(manageToken)) return null;
  const attendee = await db.attendee.findUnique({ where: { manageToken }, select: { registrationId: true } });
  return attendee ? loadRegistrationById(db, attendee.registrationId, age) : null;
}

export async function loadRegistrationById(db: PrismaClient, id: string, age: EventAge = {}) {
  return withCatalogue(db, await db.registration.findUnique({ where: { id }, include: registrationRows }), age);
}

async function withCatalogue(db: PrismaClient, rows: RegistrationRows | null, { eventMaxAgeMs }: EventAge): Promise<RegistrationWithDetails | null> {
  if (!rows) return null;
  const cached = await cachedEventCatalogueById(db, rows.eventId, eventMaxAgeMs);
  const joined = cached && joinCatalogue(rows, cached);
  if (joined) return joined;
  // The rows name something newer than the cached copy (an item added a moment ago): read the event afresh.
  const fresh = await cachedEventCatalogueById(db, rows.eventId, 0);
  const again = fresh && joinCatalogue(rows, fresh);
  if (!again) throw new Error(`registration ${rows.id} refers to rows its event does not hold`);
  return again;
}

/** The registration's rows with the catalogue's ticket types and items in place of their ids; null if one is missing. */
function joinCatalogue(rows: RegistrationRows, catalogue: EventCatalogue): RegistrationWithDetails | null {
  const items = new Map(catalogue.slots.flatMap((slot) => slot.items.map((item) => [item.id, item] as const)));
  const ticketTypes = new Map(catalogue.ticketTypes.map((type) => [type.id, type] as const));
  let complete = true;
  const found = <T>(value: T | undefined): T => {
    if (value === undefined) complete = false;
    return value!;
  };
  const attendees = rows.attendees.map((attendee) => ({
    ...attendee,
    ticketType: found(ticketTypes.get(attendee.ticketTypeId)),
    bookings: attendee.bookings.map((booking) => ({ ...booking, programmeItem: found(items.get(booking.programmeItemId)) })),
    waitingList: attendee.waitingList.map((entry) => ({
      ...entry,
      programmeItem: entry.programmeItemId === null ? null : found(items.get(entry.programmeItemId)),
      ticketType: entry.ticketTypeId === null ? null : found(ticketTypes.get(entry.ticketTypeId)),
    })),
    calendarRevisions: attendee.calendarRevisions.map((revision) => ({ ...revision, programmeItem: found(items.get(revision.programmeItemId)) })),
  }));
  return complete ? { ...rows, event: catalogue, attendees } : null;
}

/** The attendee's booked items in programme order, in the visitor's language. */
export function bookedItems(attendee: AttendeeWithDetails, language: Language) {
  return attendee.bookings
    .map((booking) => booking.programmeItem)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((item) => ({
      id: item.id,
      kind: item.kind,
      title: localized(language, item.titleDe, item.titleEn),
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      room: item.room,
      municipality: item.municipality,
      meetingPoint: item.meetingPoint,
    }));
}

export function waitlistedItems(attendee: AttendeeWithDetails, language: Language) {
  return attendee.waitingList
    .filter((entry) => entry.status === "waiting")
    .flatMap((entry) => (entry.programmeItem ? [entry.programmeItem] : []))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((item) => ({ id: item.id, title: localized(language, item.titleDe, item.titleEn), startsAt: item.startsAt, endsAt: item.endsAt }));
}
