import type { Database } from "~/db.server";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { readRows } from "~/modules/db/raw-read.server";
import { localized, type Language } from "~/modules/i18n/language";
import { cachedEventCatalogueById, type CatalogueItem, type EventCatalogue } from "~/modules/events/catalogue.server";

const sql = Prisma.sql;

/**
 * What the confirmation page, the calendar files and the emails show of a registration: its own rows from the
 * database, joined in memory with the event's catalogue (event, ticket types, programme, questions), which every
 * page and mail of the event shares and which is read at most a second old (docs/decisions/017). The rows are read
 * in plain SQL (docs/decisions/020): Prisma compiled this nested read anew for every page.
 *
 * The rows' shape is what Prisma would give for this include; the statements in `withOwnRows` read them.
 */
type RegistrationRows = Prisma.RegistrationGetPayload<{
  include: {
    // What the manage page lists and what tells the mail whether there is an invoice to attach.
    invoices: { select: { id: true; number: true; kind: true; grossCents: true; issuedAt: true; cancelledAt: true } };
    attendees: {
      include: {
        bookings: true;
        waitingList: true;
        calendarRevisions: true;
        consents: { select: { id: true } };
        answers: { select: { questionId: true; value: true } };
      };
    };
  };
}>;
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
export async function loadRegistrationByToken(database: Database, manageToken: string, age: EventAge = {}) {
  // Tokens are 32 base64url characters; anything else is not looked up at all.
  if (!MANAGE_TOKEN.test(manageToken)) return null;
  return withCatalogue(database.read, await readRegistrationRows(database, { manageToken }), age);
}

/** The registration behind an attendee's own manage link (loaded whole; the caller shows only that attendee). */
export async function loadRegistrationByAttendeeToken(database: Database, manageToken: string, age: EventAge = {}) {
  if (!MANAGE_TOKEN.test(manageToken)) return null;
  const [attendee] = await readRows<{ registrationId: string }>(database, sql`SELECT "registrationId" FROM "Attendee" WHERE "manageToken" = ${manageToken}`);
  return attendee ? loadRegistrationById(database, attendee.registrationId, age) : null;
}

export async function loadRegistrationById(database: Database, id: string, age: EventAge = {}) {
  return withCatalogue(database.read, await readRegistrationRows(database, { id }), age);
}

/**
 * The registration's own rows: its invoices and attendees with their bookings, waiting-list entries, calendar
 * revisions, needs consents and answers. One statement per table, each found through the registration's id.
 */
export async function readRegistrationRows(database: Database, by: { id: string } | { manageToken: string }): Promise<RegistrationRows | null> {
  const [registration] = await readRows<RegistrationRow>(
    database,
    "id" in by ? sql`SELECT * FROM "Registration" WHERE "id" = ${by.id}` : sql`SELECT * FROM "Registration" WHERE "manageToken" = ${by.manageToken}`,
  );
  return registration ? withOwnRows(database, registration) : null;
}

type RegistrationRow = Omit<RegistrationRows, "attendees" | "invoices">;
type AttendeeRow = Omit<AttendeeRows, "bookings" | "waitingList" | "calendarRevisions" | "consents" | "answers">;

async function withOwnRows(database: Database, registration: RegistrationRow): Promise<RegistrationRows> {
  const id = registration.id;
  const ofItsAttendees = sql`"attendeeId" IN (SELECT "id" FROM "Attendee" WHERE "registrationId" = ${id})`;
  const invoices = await readRows<RegistrationRows["invoices"][number]>(
    database,
    sql`SELECT "id", "number", "kind", "grossCents", "issuedAt", "cancelledAt" FROM "Invoice" WHERE "registrationId" = ${id} ORDER BY "issuedAt", "id"`,
  );
  const attendees = await readRows<AttendeeRow>(database, sql`SELECT * FROM "Attendee" WHERE "registrationId" = ${id} ORDER BY "position"`);
  const bookings = await readRows<AttendeeRows["bookings"][number]>(database, sql`SELECT * FROM "Booking" WHERE ${ofItsAttendees} ORDER BY "id"`);
  // The entries still open, filtered here rather than in SQL: SQLite would search by status, through every entry
  // waiting in any event, instead of by the attendees (tests/integration/registration-rows.test.ts). An attendee has a few.
  const waitingList = (
    await readRows<AttendeeRows["waitingList"][number]>(database, sql`SELECT * FROM "WaitingListEntry" WHERE ${ofItsAttendees} ORDER BY "id"`)
  ).filter((entry) => entry.status === "waiting" || entry.status === "offered");
  const calendarRevisions = await readRows<AttendeeRows["calendarRevisions"][number]>(
    database,
    sql`SELECT * FROM "CalendarRevision" WHERE ${ofItsAttendees} ORDER BY "programmeItemId"`,
  );
  const consents = await readRows<{ id: string; attendeeId: string }>(
    database,
    sql`SELECT "id", "attendeeId" FROM "Consent" WHERE ${ofItsAttendees} AND "kind" = 'special_needs' AND "revokedAt" IS NULL ORDER BY "id"`,
  );
  // By the registration's id, which leads the answers' index; a registration's own answers (no attendee) are not these.
  const answers = await readRows<{ attendeeId: string; questionId: string; value: string }>(
    database,
    sql`SELECT "attendeeId", "questionId", "value" FROM "Answer" WHERE "registrationId" = ${id} AND "attendeeId" IS NOT NULL ORDER BY "id"`,
  );
  const [bookingsOf, waitingOf, revisionsOf, consentsOf, answersOf] = [
    byAttendee(bookings),
    byAttendee(waitingList),
    byAttendee(calendarRevisions),
    byAttendee(consents),
    byAttendee(answers),
  ];
  return {
    ...registration,
    invoices,
    attendees: attendees.map((attendee) => ({
      ...attendee,
      bookings: bookingsOf.get(attendee.id) ?? [],
      waitingList: waitingOf.get(attendee.id) ?? [],
      calendarRevisions: revisionsOf.get(attendee.id) ?? [],
      // Only what the include selected: these rows also reach the Art. 15 download.
      consents: (consentsOf.get(attendee.id) ?? []).map(({ id }) => ({ id })),
      answers: (answersOf.get(attendee.id) ?? []).map(({ questionId, value }) => ({ questionId, value })),
    })),
  };
}

function byAttendee<Row extends { attendeeId: string }>(rows: Row[]): Map<string, Row[]> {
  const grouped = new Map<string, Row[]>();
  for (const row of rows) {
    const group = grouped.get(row.attendeeId);
    if (group) group.push(row);
    else grouped.set(row.attendeeId, [row]);
  }
  return grouped;
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
